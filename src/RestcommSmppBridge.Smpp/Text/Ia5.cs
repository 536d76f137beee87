using System.Text;

namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// SMPP <c>data_coding</c> 0x01 text: IA5 (CCITT T.50), i.e. US-ASCII, one octet per character (SMPP 3.4 §5.2.19).
/// </summary>
public static class Ia5
{
    /// <summary>The octet written for a character ASCII cannot represent.</summary>
    public const byte Replacement = (byte)'?';

    /// <summary>True when every character of <paramref name="text"/> is in U+0000–U+007F, so encoding is lossless.</summary>
    public static bool CanEncode(ReadOnlySpan<char> text) => Ascii.IsValid(text);

    /// <summary>
    /// Number of octets <paramref name="text"/> takes: one per character, and one <c>?</c> per surrogate pair.
    /// </summary>
    public static int GetByteCount(ReadOnlySpan<char> text) => SingleByteText.GetByteCount(text);

    /// <summary>
    /// Writes <paramref name="text"/> as ASCII; a character above U+007F becomes <c>?</c> (a surrogate pair becomes a
    /// single <c>?</c>).
    /// </summary>
    /// <returns>The number of octets written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination) =>
        SingleByteText.Encode(text, destination, '\u007F');

    /// <summary>Encodes <paramref name="text"/> into a new array (see <see cref="Encode(ReadOnlySpan{char}, Span{byte})"/>).</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] result = new byte[GetByteCount(text)];
        Encode(text, result);
        return result;
    }

    /// <summary>
    /// Decodes ASCII. An octet with the high bit set is not IA5; rather than losing it as <c>?</c>, it is read as
    /// ISO-8859-1, because SMSCs that label Latin-1 text as IA5 are met in the field (jasmin#800). Never fails, keeps 0x00.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> data) => Encoding.Latin1.GetString(data);
}
