namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>One received part of a long message.</summary>
/// <param name="Sequence">The part's 1-based number.</param>
/// <param name="DataCoding">The <c>data_coding</c> the part arrived with.</param>
/// <param name="Payload">The part's text bytes (UDH already stripped), in that data coding.</param>
public readonly record struct ReceivedPart(byte Sequence, byte DataCoding, ReadOnlyMemory<byte> Payload);
