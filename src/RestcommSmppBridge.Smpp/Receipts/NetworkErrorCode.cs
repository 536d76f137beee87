using System.Buffers.Binary;

namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// The <c>network_error_code</c> TLV (tag 0x0423, SMPP 3.4 §5.3.2.31) carried by delivery receipts.
/// </summary>
/// <remarks>
/// Layout, 3 octets:
/// <code>
/// +--------------+---------------------------+
/// | network type | error code (u16, big end.)|
/// |   1 octet    |         2 octets          |
/// +--------------+---------------------------+
/// </code>
/// Network types: 1 ANSI-136 access denied reason, 2 IS-95 access denied reason, 3 GSM; SMPP 5.0 adds
/// 4 ANSI-136 cause code, 5 IS-95 cause code, 6 ANSI-41 error, 7 SMPP error, 8 message-centre specific.
/// </remarks>
/// <param name="NetworkType">The network type octet.</param>
/// <param name="ErrorCode">The network-specific error code.</param>
public readonly record struct NetworkErrorCode(byte NetworkType, ushort ErrorCode)
{
    /// <summary>Length of the TLV value in octets.</summary>
    public const int Length = 3;

    /// <summary>Reads the TLV value.</summary>
    /// <param name="value">The TLV value (without tag and length).</param>
    /// <param name="result">The parsed code, or <see langword="default"/> on failure.</param>
    /// <returns><see langword="true"/> when the value is exactly 3 octets.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, out NetworkErrorCode result)
    {
        if (value.Length != Length)
        {
            result = default;
            return false;
        }

        result = new NetworkErrorCode(value[0], BinaryPrimitives.ReadUInt16BigEndian(value[1..]));
        return true;
    }
}
