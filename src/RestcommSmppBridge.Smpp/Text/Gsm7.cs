using System.Buffers;

namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// The GSM 03.38 default 7-bit alphabet (§6.2.1) with its extension table (§6.2.1.1), as unpacked septets (one septet
/// per octet, the usual SMPP <c>data_coding</c> 0 form) and as packed septets (GSM 03.38 §6.1.2.1.1, 8 septets in 7
/// octets, least significant bit first).
/// </summary>
/// <remarks>
/// <para>
/// Septet 0x00 is <c>@</c>, not a terminator: nothing here ever stops at a zero octet (smpp.md "What hurts users" P8,
/// OpenSIPS#1935). Septet 0x09 decodes as <c>Ç</c> (the 03.38 table); both <c>Ç</c> and <c>ç</c> encode to 0x09
/// because the Unicode mapping file lists the lower-case form.
/// </para>
/// <para>
/// Extension characters are written as ESC (0x1B) followed by the extension code and cost two septets:
/// form feed, <c>^ { } \ [ ~ ] |</c> and <c>€</c>.
/// </para>
/// </remarks>
public static class Gsm7
{
    /// <summary>The escape septet that selects the extension table (GSM 03.38 §6.2.1.1).</summary>
    public const byte Escape = 0x1B;

    /// <summary>Carriage return, the septet GSM 03.38 §6.1.2.3.1 uses as padding when 7 bits are spare.</summary>
    public const byte CarriageReturn = 0x0D;

    // GSM 03.38 §6.2.1, indexed by septet. Index 0x1B is ESC and is never looked up for decoding. Greek capitals are
    // escaped so they cannot be confused with look-alike Latin letters or the Ohm/increment signs.
    private const string BaseTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001BÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // GSM 03.38 §6.2.1.1: the characters reached through ESC, and their codes (same order).
    private const string ExtensionChars = "\f^{}\\[~]|\u20AC";

    private static ReadOnlySpan<byte> ExtensionCodes => [0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65];

    // Reverse map for U+0000..U+00FF: base code, ExtensionFlag | extension code, or NotEncodable.
    private const byte NotEncodable = 0xFF;
    private const byte ExtensionFlag = 0x80;

    private const int StackallocThreshold = 256;

    private static readonly byte[] s_latinReverse = BuildLatinReverse();

    private static byte[] BuildLatinReverse()
    {
        byte[] map = new byte[256];
        map.AsSpan().Fill(NotEncodable);
        for (int code = 0; code < BaseTable.Length; code++)
        {
            char c = BaseTable[code];
            if (code != Escape && c < 256)
            {
                map[c] = (byte)code;
            }
        }

        // The Unicode mapping of 03.38 lists 0x09 as small c-cedilla; accept both cases on encode.
        map['ç'] = 0x09;
        for (int i = 0; i < ExtensionChars.Length; i++)
        {
            char c = ExtensionChars[i];
            if (c < 256)
            {
                map[c] = (byte)(ExtensionFlag | ExtensionCodes[i]);
            }
        }

        return map;
    }

    /// <summary>
    /// Returns how many septets <paramref name="c"/> takes: 1 for the default alphabet, 2 for an extension character
    /// (ESC + code), 0 when the character cannot be written in GSM 7-bit.
    /// </summary>
    public static int GetSeptetCount(char c)
    {
        int code = Lookup(c);
        return code == NotEncodable ? 0 : (code & ExtensionFlag) != 0 ? 2 : 1;
    }

    /// <summary>
    /// Counts the septets needed for <paramref name="text"/> (extension characters count 2).
    /// </summary>
    /// <param name="text">The text to measure.</param>
    /// <param name="septets">The septet count, or the count up to the first unencodable character on failure.</param>
    /// <returns>False when any character is not representable in the GSM 7-bit alphabet.</returns>
    public static bool TryGetSeptetCount(ReadOnlySpan<char> text, out int septets)
    {
        int count = 0;
        foreach (char c in text)
        {
            int n = GetSeptetCount(c);
            if (n == 0)
            {
                septets = count;
                return false;
            }

            count += n;
        }

        septets = count;
        return true;
    }

    /// <summary>True when every character of <paramref name="text"/> is in the default alphabet or extension table.</summary>
    public static bool CanEncode(ReadOnlySpan<char> text) => TryGetSeptetCount(text, out _);

    /// <summary>
    /// Writes <paramref name="text"/> as unpacked septets (one per octet, high bit clear); extension characters become
    /// ESC (0x1B) followed by their code.
    /// </summary>
    /// <returns>The number of octets written (the septet count).</returns>
    /// <exception cref="ArgumentException">A character is not encodable (check with <see cref="TryGetSeptetCount"/>
    /// first), or <paramref name="destination"/> is too small.</exception>
    public static int EncodeUnpacked(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int code = Lookup(text[i]);
            if (code == NotEncodable)
            {
                throw new ArgumentException(
                    $"Character U+{(int)text[i]:X4} at index {i} is not in the GSM 03.38 alphabet.", nameof(text));
            }

            bool extension = (code & ExtensionFlag) != 0;
            if (written + (extension ? 2 : 1) > destination.Length)
            {
                throw new ArgumentException("Destination is too small for the encoded septets.", nameof(destination));
            }

            if (extension)
            {
                destination[written++] = Escape;
                destination[written++] = (byte)(code & 0x7F);
            }
            else
            {
                destination[written++] = (byte)code;
            }
        }

        return written;
    }

    /// <summary>Encodes <paramref name="text"/> as unpacked septets (see <see cref="EncodeUnpacked(ReadOnlySpan{char}, Span{byte})"/>).</summary>
    /// <exception cref="ArgumentException">A character is not encodable.</exception>
    public static byte[] EncodeUnpacked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryGetSeptetCount(text, out int septets))
        {
            int index = FirstUnencodable(text);
            throw new ArgumentException(
                $"Character U+{(int)text[index]:X4} at index {index} is not in the GSM 03.38 alphabet.", nameof(text));
        }

        byte[] result = new byte[septets];
        EncodeUnpacked(text, result);
        return result;
    }

    /// <summary>
    /// Decodes unpacked septets (one per octet). The high bit of each octet is ignored; 0x00 is <c>@</c> and never ends
    /// the text.
    /// </summary>
    /// <remarks>
    /// Escape handling (GSM 03.38 §6.2.1.1): ESC + a known code gives the extension character; ESC + an unknown code
    /// gives the base-table character of that code, as the note to the extension table tells a receiver to display;
    /// ESC + ESC (the code reserved for a further extension table) gives a space, as that note also says, and consumes
    /// both septets; a lone ESC at the end is dropped.
    /// </remarks>
    public static string DecodeUnpacked(ReadOnlySpan<byte> septets)
    {
        if (septets.IsEmpty)
        {
            return string.Empty;
        }

        char[]? rented = null;
        Span<char> buffer = septets.Length <= StackallocThreshold
            ? stackalloc char[StackallocThreshold]
            : (rented = ArrayPool<char>.Shared.Rent(septets.Length));
        try
        {
            int length = DecodeUnpacked(septets, buffer);
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Decodes unpacked septets into <paramref name="destination"/>, which needs at most one char per septet.
    /// See <see cref="DecodeUnpacked(ReadOnlySpan{byte})"/> for the escape rules.
    /// </summary>
    /// <returns>The number of characters written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int DecodeUnpacked(ReadOnlySpan<byte> septets, Span<char> destination)
    {
        int written = 0;
        for (int i = 0; i < septets.Length; i++)
        {
            int code = septets[i] & 0x7F;
            char c;
            if (code == Escape)
            {
                if (i + 1 >= septets.Length)
                {
                    // 03.38: a trailing ESC has no follower; nothing to display.
                    break;
                }

                int follower = septets[++i] & 0x7F;
                c = follower == Escape ? ' ' : DecodeExtension(follower);
            }
            else
            {
                c = BaseTable[code];
            }

            if (written >= destination.Length)
            {
                throw new ArgumentException("Destination is too small for the decoded text.", nameof(destination));
            }

            destination[written++] = c;
        }

        return written;
    }

    /// <summary>
    /// Number of fill bits that follow a User Data Header of <paramref name="udhLengthInOctets"/> octets (UDHL octet
    /// included) so that the first text septet starts on a septet boundary (GSM 03.40 §9.2.3.24).
    /// </summary>
    public static int FillBitsForUdh(int udhLengthInOctets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(udhLengthInOctets);
        return (7 - (udhLengthInOctets * 8 % 7)) % 7;
    }

    /// <summary>How many whole septets fit in <paramref name="octets"/> octets after <paramref name="fillBits"/> fill bits.</summary>
    public static int MaxSeptets(int octets, int fillBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(octets);
        ValidateFillBits(fillBits);
        int bits = (octets * 8) - fillBits;
        return bits <= 0 ? 0 : bits / 7;
    }

    /// <summary>Number of octets that <paramref name="septetCount"/> packed septets take after <paramref name="fillBits"/> fill bits.</summary>
    public static int GetPackedByteCount(int septetCount, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        ValidateFillBits(fillBits);
        return septetCount == 0 ? 0 : ((septetCount * 7) + fillBits + 7) / 8;
    }

    /// <summary>
    /// Packs septets 8-into-7, least significant bit first (GSM 03.38 §6.1.2.1.1), after <paramref name="fillBits"/>
    /// zero bits of padding (0–6, used when a UDH precedes the text; see <see cref="FillBitsForUdh"/>).
    /// </summary>
    /// <param name="septets">Unpacked septets; the high bit of each octet is ignored.</param>
    /// <param name="fillBits">Leading fill bits, 0–6.</param>
    /// <param name="destination">Receives <see cref="GetPackedByteCount"/> octets.</param>
    /// <param name="carriageReturnPadding">
    /// When true and exactly 7 bits are spare in the last octet, they are filled with CR (0x0D) instead of zeros, so a
    /// receiver that only knows the octet length does not read an extra <c>@</c> (GSM 03.38 §6.1.2.3.1). GSM 03.40
    /// SMS user data carries a septet count and uses zero padding, the default.
    /// </param>
    /// <returns>The number of octets written.</returns>
    public static int Pack(ReadOnlySpan<byte> septets, int fillBits, Span<byte> destination,
        bool carriageReturnPadding = false)
    {
        int length = GetPackedByteCount(septets.Length, fillBits);
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is too small for the packed septets.", nameof(destination));
        }

        // Bit accumulator: septet k occupies bits [fillBits + 7k, fillBits + 7k + 7) of the output, LSB first.
        int accumulator = 0;
        int bits = fillBits;
        int written = 0;
        foreach (byte septet in septets)
        {
            accumulator |= (septet & 0x7F) << bits;
            bits += 7;
            while (bits >= 8)
            {
                destination[written++] = (byte)accumulator;
                accumulator >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0)
        {
            if (carriageReturnPadding && bits == 1)
            {
                accumulator |= CarriageReturn << 1;
            }

            destination[written++] = (byte)accumulator;
        }

        return written;
    }

    /// <summary>Packs septets into a new array (see <see cref="Pack(ReadOnlySpan{byte}, int, Span{byte}, bool)"/>).</summary>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0, bool carriageReturnPadding = false)
    {
        byte[] result = new byte[GetPackedByteCount(septets.Length, fillBits)];
        Pack(septets, fillBits, result, carriageReturnPadding);
        return result;
    }

    /// <summary>
    /// Unpacks <paramref name="septetCount"/> septets that start after <paramref name="fillBits"/> fill bits.
    /// </summary>
    /// <returns>The number of septets written (<paramref name="septetCount"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="packed"/> is too short for the count, or
    /// <paramref name="destination"/> is too small.</exception>
    public static int Unpack(ReadOnlySpan<byte> packed, int septetCount, int fillBits, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        if (septetCount > MaxSeptets(packed.Length, fillBits))
        {
            throw new ArgumentException(
                $"{packed.Length} octets with {fillBits} fill bits cannot hold {septetCount} septets.", nameof(septetCount));
        }

        if (destination.Length < septetCount)
        {
            throw new ArgumentException("Destination is too small for the septets.", nameof(destination));
        }

        int accumulator = 0;
        int bits = 0;
        int source = 0;
        int skip = fillBits;
        for (int k = 0; k < septetCount; k++)
        {
            while (bits < 7 + skip)
            {
                accumulator |= packed[source++] << bits;
                bits += 8;
            }

            accumulator >>= skip;
            bits -= skip;
            skip = 0;
            destination[k] = (byte)(accumulator & 0x7F);
            accumulator >>= 7;
            bits -= 7;
        }

        return septetCount;
    }

    /// <summary>Unpacks <paramref name="septetCount"/> septets into a new array (one septet per octet).</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> packed, int septetCount, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        byte[] result = new byte[septetCount];
        Unpack(packed, septetCount, fillBits, result);
        return result;
    }

    /// <summary>
    /// Infers the septet count of packed data whose length is only known in octets (SMPP <c>sm_length</c>).
    /// </summary>
    /// <remarks>
    /// The count is <c>floor((octets * 8 - fillBits) / 7)</c>, except in the one ambiguous case: when those bits are an
    /// exact multiple of 7, the last septet sits in the 7 high bits of the final octet, which a sender of
    /// <c>8n − 1</c> septets leaves as padding. Zeros there (GSM 03.40 zero fill) or CR (GSM 03.38 §6.1.2.3.1 CR
    /// padding, and a wanted final CR is then doubled by the sender) are dropped. The price: a text that really ends
    /// with <c>@</c> in that exact position loses it; a caller that knows the septet count (a TP-UDL) should call
    /// <see cref="Unpack(ReadOnlySpan{byte}, int, int)"/> directly. An <c>@</c> anywhere else is always kept.
    /// </remarks>
    public static int InferSeptetCount(ReadOnlySpan<byte> packed, int fillBits = 0)
    {
        int count = MaxSeptets(packed.Length, fillBits);
        if (count > 0 && ((packed.Length * 8) - fillBits) % 7 == 0)
        {
            // The last septet is exactly the top 7 bits of the last octet.
            int last = packed[^1] >> 1;
            if (last == 0 || last == CarriageReturn)
            {
                count--;
            }
        }

        return count;
    }

    /// <summary>Unpacks and decodes <paramref name="septetCount"/> packed septets after <paramref name="fillBits"/> fill bits.</summary>
    public static string DecodePacked(ReadOnlySpan<byte> packed, int septetCount, int fillBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        if (septetCount == 0)
        {
            return string.Empty;
        }

        byte[]? rented = null;
        Span<byte> septets = septetCount <= StackallocThreshold
            ? stackalloc byte[StackallocThreshold]
            : (rented = ArrayPool<byte>.Shared.Rent(septetCount));
        try
        {
            Unpack(packed, septetCount, fillBits, septets);
            return DecodeUnpacked(septets[..septetCount]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Unpacks and decodes packed septets whose count is only known from the octet length
    /// (see <see cref="InferSeptetCount"/> for the trailing-padding rule).
    /// </summary>
    /// <remarks>Named apart from <see cref="DecodePacked"/> so a septet count is never taken for fill bits.</remarks>
    public static string DecodePackedToEnd(ReadOnlySpan<byte> packed, int fillBits = 0) =>
        DecodePacked(packed, InferSeptetCount(packed, fillBits), fillBits);

    private static int Lookup(char c)
    {
        if (c < 256)
        {
            return s_latinReverse[c];
        }

        return c switch
        {
            '\u0394' => 0x10,
            '\u03A6' => 0x12,
            '\u0393' => 0x13,
            '\u039B' => 0x14,
            '\u03A9' => 0x15,
            '\u03A0' => 0x16,
            '\u03A8' => 0x17,
            '\u03A3' => 0x18,
            '\u0398' => 0x19,
            '\u039E' => 0x1A,
            '\u20AC' => ExtensionFlag | 0x65,
            _ => NotEncodable,
        };
    }

    private static char DecodeExtension(int code)
    {
        int index = ExtensionCodes.IndexOf((byte)code);
        return index >= 0 ? ExtensionChars[index] : BaseTable[code];
    }

    private static int FirstUnencodable(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (GetSeptetCount(text[i]) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static void ValidateFillBits(int fillBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillBits, 6);
    }
}
