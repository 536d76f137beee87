using System.Buffers.Binary;
using System.Text;

namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// SMPP <c>data_coding</c> 0x08 text: UCS-2 (ISO/IEC 10646) in network byte order, read and written as UTF-16BE so
/// characters outside the BMP (emoji) travel as surrogate pairs (SMPP 3.4 §5.2.19; smpp.md §8).
/// </summary>
/// <remarks>
/// Big-endian only: little-endian UCS-2 is a known source of garbage in other gateways (smppjs#51), and no byte-order
/// mark is written or expected.
/// </remarks>
public static class Ucs2
{
    private const char ReplacementCharacter = '\uFFFD';

    /// <summary>Number of octets <paramref name="text"/> takes: two per UTF-16 code unit.</summary>
    public static int GetByteCount(ReadOnlySpan<char> text) => text.Length * 2;

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-16BE. Surrogate pairs are kept; a lone surrogate is written as U+FFFD so
    /// the output is always well-formed.
    /// </summary>
    /// <returns>The number of octets written (<see cref="GetByteCount"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int length = GetByteCount(text);
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is too small for the UCS-2 octets.", nameof(destination));
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], c);
                i++;
                BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], text[i]);
                continue;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], char.IsSurrogate(c) ? ReplacementCharacter : c);
        }

        return length;
    }

    /// <summary>Encodes <paramref name="text"/> as UTF-16BE into a new array (see <see cref="Encode(ReadOnlySpan{char}, Span{byte})"/>).</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] result = new byte[GetByteCount(text)];
        Encode(text, result);
        return result;
    }

    /// <summary>
    /// Decodes UTF-16BE octets. Never throws: a trailing odd octet (a part cut in the middle of a code unit) is ignored
    /// and a lone surrogate decodes to U+FFFD.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> data) =>
        Encoding.BigEndianUnicode.GetString(data[..(data.Length & ~1)]);
}
