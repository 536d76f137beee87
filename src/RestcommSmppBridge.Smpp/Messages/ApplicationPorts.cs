namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// The application port addressing information element (GSM 03.40 §9.2.3.24.3 IEI 0x04 with 8-bit ports,
/// §9.2.3.24.4 IEI 0x05 with 16-bit ports), used for WAP push, vCards and similar port-addressed payloads.
/// </summary>
/// <param name="DestinationPort">The destination application port.</param>
/// <param name="OriginatorPort">The originator application port.</param>
/// <param name="SixteenBit">True for IEI 0x05 (16-bit ports), false for IEI 0x04.</param>
public readonly record struct ApplicationPorts(ushort DestinationPort, ushort OriginatorPort, bool SixteenBit);
