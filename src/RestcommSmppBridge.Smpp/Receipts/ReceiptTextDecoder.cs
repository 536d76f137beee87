using System.Text;

namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// Turns the octets of a receipt's short_message (or message_payload) into text, guessing the real encoding when
/// the SMSC's data_coding does not match the bytes.
/// </summary>
/// <remarks>
/// Receipt text is ASCII in practice, so every key (<c>id:</c>, <c>stat:</c>…) occupies one octet per character in
/// an 8-bit encoding and two octets with a zero in UCS-2. Some SMSCs send the whole receipt in UCS-2 while keeping
/// data_coding 0 (farhadi/node-smpp#68: <c>00 69 00 64 00 3A</c> is "id:"), others send UTF-16LE
/// (joaogervasoni/smppjs#51), others ASCII with data_coding 8. A zero in at least half of the octet pairs, on the
/// same side, marks UTF-16 in that byte order whatever data_coding says.
/// </remarks>
internal static class ReceiptTextDecoder
{
    private const byte Ucs2DataCoding = 0x08;

    /// <summary>Decodes the receipt octets; data_coding 0x08 is UCS-2 (UTF-16BE), anything else is read as Latin-1.</summary>
    /// <param name="octets">short_message or message_payload.</param>
    /// <param name="dataCoding">The PDU's data_coding (SMPP 3.4 §5.2.19).</param>
    /// <returns>The decoded text, which may still carry NUL padding.</returns>
    public static string Decode(ReadOnlySpan<byte> octets, byte dataCoding)
    {
        if (octets.IsEmpty)
        {
            return string.Empty;
        }

        int pairs = octets.Length / 2;
        int zeroFirst = 0;
        int zeroSecond = 0;
        for (int i = 0; i + 1 < octets.Length; i += 2)
        {
            byte first = octets[i];
            byte second = octets[i + 1];
            if (first == 0 && second != 0)
            {
                zeroFirst++;
            }
            else if (second == 0 && first != 0)
            {
                zeroSecond++;
            }
        }

        if (pairs >= 2 && zeroFirst * 2 >= pairs)
        {
            return Encoding.BigEndianUnicode.GetString(octets[..(pairs * 2)]);
        }

        if (pairs >= 2 && zeroSecond * 2 >= pairs)
        {
            return Encoding.Unicode.GetString(octets[..(pairs * 2)]);
        }

        if (dataCoding == Ucs2DataCoding && (octets.Length % 2 == 0) && !IsPrintableAscii(octets))
        {
            return Encoding.BigEndianUnicode.GetString(octets);
        }

        // data_coding 0 is "SMSC default": for the ASCII receipt vocabulary GSM 03.38, IA5 and Latin-1 agree, and
        // Latin-1 maps every octet to one char so nothing is lost.
        return Encoding.Latin1.GetString(octets);
    }

    private static bool IsPrintableAscii(ReadOnlySpan<byte> octets)
    {
        foreach (byte b in octets)
        {
            if (b is (< 0x20 or > 0x7E) and not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0))
            {
                return false;
            }
        }

        return true;
    }
}
