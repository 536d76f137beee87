namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// One information element of a User Data Header (GSM 03.40 §9.2.3.24): <c>IEI</c>, <c>IEDL</c>, then
/// <c>IEDL</c> octets of data. Every element of a parsed header is kept, recognised or not, so a relay can
/// forward elements it does not understand.
/// </summary>
/// <param name="Identifier">The IEI octet (0x00 concatenation, 0x04/0x05 application port, 0x24/0x25 national shifts…).</param>
/// <param name="Data">The IE data octets, without IEI and IEDL.</param>
public readonly record struct InformationElement(byte Identifier, ReadOnlyMemory<byte> Data);
