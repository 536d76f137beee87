using System.Text;

namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// SMPP <c>data_coding</c> 0x03 text: ISO-8859-1, one octet per character (SMPP 3.4 §5.2.19). Also used to carry
/// 8-bit binary and unknown codings through as text with every octet preserved (U+0000–U+00FF map 1:1 to octets).
/// </summary>
public static class Latin1
{
    /// <summary>The octet written for a character ISO-8859-1 cannot represent.</summary>
    public const byte Replacement = (byte)'?';

    /// <summary>True when every character of <paramref name="text"/> is in U+0000–U+00FF, so encoding is lossless.</summary>
    public static bool CanEncode(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('\0', '\u00FF');

    /// <summary>
    /// Number of octets <paramref name="text"/> takes: one per character, and one <c>?</c> per surrogate pair.
    /// </summary>
    public static int GetByteCount(ReadOnlySpan<char> text) => SingleByteText.GetByteCount(text);

    /// <summary>
    /// Writes <paramref name="text"/> as ISO-8859-1; a character above U+00FF becomes <c>?</c> (a surrogate pair
    /// becomes a single <c>?</c>).
    /// </summary>
    /// <returns>The number of octets written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination) =>
        SingleByteText.Encode(text, destination, '\u00FF');

    /// <summary>Encodes <paramref name="text"/> into a new array (see <see cref="Encode(ReadOnlySpan{char}, Span{byte})"/>).</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] result = new byte[GetByteCount(text)];
        Encode(text, result);
        return result;
    }

    /// <summary>Decodes ISO-8859-1: each octet becomes the character with the same code (never fails, keeps 0x00).</summary>
    public static string Decode(ReadOnlySpan<byte> data) => Encoding.Latin1.GetString(data);
}
