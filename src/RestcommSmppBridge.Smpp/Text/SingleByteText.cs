namespace RestcommSmppBridge.Smpp.Text;

/// <summary>Shared encoder for the one-octet-per-character charsets (IA5, ISO-8859-1).</summary>
internal static class SingleByteText
{
    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        int count = text.Length;
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination, char highest)
    {
        int written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (written >= destination.Length)
            {
                throw new ArgumentException("Destination is too small for the encoded text.", nameof(destination));
            }

            if (c <= highest)
            {
                destination[written++] = (byte)c;
                continue;
            }

            // One replacement per Unicode scalar: a surrogate pair is a single unrepresentable character.
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            destination[written++] = (byte)'?';
        }

        return written;
    }
}
