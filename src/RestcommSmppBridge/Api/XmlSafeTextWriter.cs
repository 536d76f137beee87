using System.Xml;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Wraps the XML writer of every API answer and replaces, in text and attribute values, each character XML 1.0 cannot
/// carry with U+FFFD: the C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF and unpaired
/// surrogates. The writer underneath would throw on them (a character reference such as <c>&amp;#x7;</c> is not allowed
/// in XML 1.0 either, so escaping is no way out), and the stored texts may hold them: a body sent through the API
/// (<c>Body=bell%07</c>), a GSM message with a page break (0x1B 0x0A is U+000C), a UCS-2 one with an odd surrogate.
/// Without it such a message made every XML answer that showed it a 500, the send's own answer after the row was
/// committed (a client retrying on 500 sent it twice). JSON answers keep the exact text (escaped as <c>\u0007</c>).
/// </summary>
internal sealed class XmlSafeTextWriter : XmlWriter
{
    /// <summary>The replacement character.</summary>
    public const char Replacement = '\uFFFD';

    private readonly XmlWriter _inner;

    public XmlSafeTextWriter(XmlWriter inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public override WriteState WriteState => _inner.WriteState;

    public override XmlWriterSettings? Settings => _inner.Settings;

    /// <summary>
    /// <paramref name="text"/> itself when XML 1.0 can carry every character of it (the common case: one vectorized
    /// scan, no copy), else a copy with each character it cannot carry replaced by <see cref="Replacement"/>.
    /// </summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = FirstInvalid(text);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            int i = state.first;
            while (i < span.Length)
            {
                int length = ValidLengthAt(span, i);
                if (length == 0)
                {
                    span[i] = Replacement;
                    i++;
                }
                else
                {
                    i += length;
                }
            }
        });
    }

    public override void WriteString(string? text) => _inner.WriteString(text is null ? null : Clean(text));

    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    public override void WriteCData(string? text) => _inner.WriteCData(text is null ? null : Clean(text));

    public override void WriteComment(string? text) => _inner.WriteComment(text is null ? null : Clean(text));

    public override void WriteStartDocument() => _inner.WriteStartDocument();

    public override void WriteStartDocument(bool standalone) => _inner.WriteStartDocument(standalone);

    public override void WriteEndDocument() => _inner.WriteEndDocument();

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => _inner.WriteDocType(name, pubid, sysid, subset);

    public override void WriteStartElement(string? prefix, string localName, string? ns) => _inner.WriteStartElement(prefix, localName, ns);

    public override void WriteEndElement() => _inner.WriteEndElement();

    public override void WriteFullEndElement() => _inner.WriteFullEndElement();

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => _inner.WriteStartAttribute(prefix, localName, ns);

    public override void WriteEndAttribute() => _inner.WriteEndAttribute();

    public override void WriteProcessingInstruction(string name, string? text) => _inner.WriteProcessingInstruction(name, text);

    public override void WriteEntityRef(string name) => _inner.WriteEntityRef(name);

    public override void WriteCharEntity(char ch) => _inner.WriteCharEntity(ch);

    public override void WriteWhitespace(string? ws) => _inner.WriteWhitespace(ws);

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => _inner.WriteSurrogateCharEntity(lowChar, highChar);

    public override void WriteRaw(char[] buffer, int index, int count) => _inner.WriteRaw(buffer, index, count);

    public override void WriteRaw(string data) => _inner.WriteRaw(data);

    public override void WriteBase64(byte[] buffer, int index, int count) => _inner.WriteBase64(buffer, index, count);

    public override void Flush() => _inner.Flush();

    public override string? LookupPrefix(string ns) => _inner.LookupPrefix(ns);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static int FirstInvalid(string text)
    {
        // Everything from U+0020 to U+D7FF is allowed; only the rest needs a closer look.
        ReadOnlySpan<char> span = text;
        int i = span.IndexOfAnyExceptInRange('\u0020', '\uD7FF');
        while (i >= 0 && i < span.Length)
        {
            int length = ValidLengthAt(span, i);
            if (length == 0)
            {
                return i;
            }

            int next = span[(i + length)..].IndexOfAnyExceptInRange('\u0020', '\uD7FF');
            i = next < 0 ? -1 : i + length + next;
        }

        return -1;
    }

    /// <summary>How many characters from <paramref name="i"/> form one character XML 1.0 allows (1 or 2), or 0.</summary>
    private static int ValidLengthAt(ReadOnlySpan<char> span, int i)
    {
        char c = span[i];
        if (c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD'))
        {
            return 1;
        }

        return char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]) ? 2 : 0;
    }
}
