using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Rcml;

/// <summary>
/// Reads an RCML document returned by an app, treating it as untrusted input (style.md P12): no DTD, no resolver,
/// a size cap, and every problem turned into a notice instead of an exception. Stateless and thread-safe.
/// </summary>
public sealed class RcmlParser
{
    /// <summary>The root element every document must have.</summary>
    public const string RootElementName = "Response";

    // restcomm.md §2.2: Restcomm accepts a content type containing any of these (text/html included, for apps that
    // serve static files without a mapping). Plain text is refused.
    private static readonly string[] s_xmlContentTypes = ["text/xml", "application/xml", "text/html"];

    // Longest element name, attribute value or content type quoted back in a notice: enough to recognise it, not
    // enough to turn a hostile document into a log flood.
    private const int MaxQuotedLength = 64;

    private readonly int _maxCharacters;
    private readonly XmlReaderSettings _settings;

    /// <summary>Creates a parser with the document size cap of <paramref name="options"/>.</summary>
    public RcmlParser(IOptions<RcmlOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxCharacters = options.Value.MaxDocumentCharacters;
        _settings = new XmlReaderSettings
        {
            // A DOCTYPE is refused outright: no internal entities (billion laughs), no external ones (file or network
            // reads on the bridge's behalf). Only the five predefined entities and character references remain.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = _maxCharacters,
            MaxCharactersFromEntities = _maxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            CloseInput = true,
        };
    }

    /// <summary>
    /// Parses <paramref name="body"/>, the app's answer with Content-Type <paramref name="contentType"/>. Never throws
    /// for a bad document: the result carries notice 12300 (content type) or 12100 (anything else) instead.
    /// </summary>
    public RcmlParseResult Parse(string? body, string? contentType)
    {
        // Bridge decision: a 200 with nothing in it means "no reply", whatever its content type; Restcomm leaves the
        // interpreter waiting here (restcomm.md §2.2, "DOM parse only when Content-Length > 0").
        if (string.IsNullOrWhiteSpace(body))
        {
            return new RcmlParseResult();
        }

        if (!IsXmlContentType(contentType))
        {
            return RcmlParseResult.Failed(RcmlNoticeCodes.InvalidContentType,
                $"Content-Type '{Quote(contentType ?? "(none)")}' is not RCML: text/xml, application/xml or text/html is required.");
        }

        if (body.Length > _maxCharacters)
        {
            return TooLarge(body.Length);
        }

        string text = EscapeBareAmpersands(body);
        if (text.Length > _maxCharacters)
        {
            return TooLarge(text.Length);
        }

        try
        {
            using StringReader input = new(text);
            using XmlReader reader = XmlReader.Create(input, _settings);
            return ReadDocument(reader);
        }
        catch (XmlException ex)
        {
            // The reader's own DTD message advises enabling DTD processing; say what the bridge does instead.
            string reason = text.Contains("<!DOCTYPE", StringComparison.Ordinal)
                ? "the document has a DOCTYPE, and DTDs are refused in RCML"
                : ex.Message;
            return RcmlParseResult.Failed(RcmlNoticeCodes.DocumentParseFailure, $"The RCML document could not be parsed: {reason}");
        }
    }

    /// <summary>True when the content type names one of the accepted XML types (restcomm.md §2.2).</summary>
    public static bool IsXmlContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        foreach (string accepted in s_xmlContentTypes)
        {
            if (contentType.Contains(accepted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rewrites every <c>&amp;</c> that does not start a predefined entity (<c>amp lt gt quot apos</c>) or a character
    /// reference into <c>&amp;amp;</c>, as Restcomm does before parsing (restcomm.md §2.2), so that an unescaped
    /// "Tom &amp; Jerry" in a hand-written document still parses. CDATA sections are left alone. Since DTDs are refused,
    /// no other named entity can be defined, so treating <c>&amp;nbsp;</c> as text is the tolerant reading.
    /// Returns <paramref name="text"/> itself when nothing changes.
    /// </summary>
    internal static string EscapeBareAmpersands(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        StringBuilder? rewritten = null;
        int copied = 0;
        int i = 0;
        while (i < text.Length)
        {
            int next = text.AsSpan(i).IndexOfAny('&', '<');
            if (next < 0)
            {
                break;
            }

            i += next;
            if (text[i] == '<')
            {
                if (string.CompareOrdinal(text, i, "<![CDATA[", 0, 9) == 0)
                {
                    int end = text.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                    i = end < 0 ? text.Length : end + 3;
                }
                else
                {
                    i++;
                }

                continue;
            }

            if (!StartsReference(text.AsSpan(i + 1)))
            {
                rewritten ??= new StringBuilder(text.Length + 32);
                rewritten.Append(text, copied, i - copied).Append("&amp;");
                copied = i + 1;
            }

            i++;
        }

        if (rewritten is null)
        {
            return text;
        }

        rewritten.Append(text, copied, text.Length - copied);
        return rewritten.ToString();
    }

    // XML 1.0 §4.1: CharRef ::= '&#' [0-9]+ ';' | '&#x' [0-9a-fA-F]+ ';', plus the predefined entities of §4.6.
    private static bool StartsReference(ReadOnlySpan<char> afterAmpersand)
    {
        if (afterAmpersand.StartsWith("amp;") || afterAmpersand.StartsWith("lt;") || afterAmpersand.StartsWith("gt;")
            || afterAmpersand.StartsWith("quot;") || afterAmpersand.StartsWith("apos;"))
        {
            return true;
        }

        if (afterAmpersand.Length < 3 || afterAmpersand[0] != '#')
        {
            return false;
        }

        bool hex = afterAmpersand[1] == 'x';
        int start = hex ? 2 : 1;
        int i = start;
        while (i < afterAmpersand.Length && (hex ? char.IsAsciiHexDigit(afterAmpersand[i]) : char.IsAsciiDigit(afterAmpersand[i])))
        {
            i++;
        }

        return i > start && i < afterAmpersand.Length && afterAmpersand[i] == ';';
    }

    private RcmlParseResult TooLarge(int length) =>
        RcmlParseResult.Failed(RcmlNoticeCodes.DocumentParseFailure,
            $"The RCML document has {length} characters; the limit is {_maxCharacters}.");

    private static RcmlParseResult ReadDocument(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            return RcmlParseResult.Failed(RcmlNoticeCodes.DocumentParseFailure, "The RCML document has no root element.");
        }

        // Bridge decision (restcomm.md §2.2): Restcomm does not check the root and runs known verbs found at any depth;
        // its docs say the root "must be <Response>". We enforce the documented rule, so an HTML error page served
        // as text/html, or a verb buried in another element, is reported instead of half-run.
        if (!string.Equals(reader.LocalName, RootElementName, StringComparison.Ordinal))
        {
            return RcmlParseResult.Failed(RcmlNoticeCodes.DocumentParseFailure,
                $"The root element is <{Quote(reader.LocalName)}>; an RCML document must start with <{RootElementName}>.");
        }

        List<RcmlVerb> verbs = [];
        if (reader.IsEmptyElement)
        {
            reader.Read();
        }
        else
        {
            int depth = reader.Depth;
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement || reader.Depth != depth)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    verbs.Add(ReadVerb(reader));
                }
                else
                {
                    // Text directly under <Response> has no meaning; Restcomm ignores it too.
                    reader.Read();
                }
            }
        }

        // Read to the end so that trailing garbage fails the document instead of being silently dropped.
        while (reader.Read())
        {
        }

        return new RcmlParseResult { Verbs = verbs };
    }

    // Leaves the reader on the node after the verb's end. Names are case-sensitive (restcomm.md §2.2): <sms> is unknown.
    private static RcmlVerb ReadVerb(XmlReader reader)
    {
        string name = reader.LocalName;
        switch (name)
        {
            case "Sms":
            case "Message":
                return ReadSms(reader, name);
            case "Redirect":
                return ReadRedirect(reader);
            case "Email":
                // Restcomm sends mail here (restcomm.md §2.3). The bridge has no SMTP service: a mail relay driven by
                // documents from any app is a spam vector that needs its own configuration and limits.
                reader.Skip();
                return new UnsupportedVerb
                {
                    Name = name,
                    Notices = [new RcmlNotice(RcmlNoticeCodes.InvalidVerb, "<Email> is not supported by the bridge (it sends no mail); skipped.")],
                };
            default:
                reader.Skip();
                return new UnsupportedVerb
                {
                    Name = name,
                    Notices = [new RcmlNotice(RcmlNoticeCodes.InvalidVerb, $"<{Quote(name)}> is not a verb for an SMS reply; skipped.")],
                };
        }
    }

    private static SmsVerb ReadSms(XmlReader reader, string name)
    {
        List<RcmlNotice> notices = [];
        string? to = Attribute(reader, "to");
        string? from = Attribute(reader, "from");
        string? action = Attribute(reader, "action");
        string? statusCallback = Attribute(reader, "statusCallback");
        HttpMethod method = ParseMethod(Attribute(reader, "method"), RcmlNoticeCodes.InvalidSmsMethod, name, "method", notices);
        HttpMethod statusCallbackMethod = ParseMethod(Attribute(reader, "statusCallbackMethod"), RcmlNoticeCodes.InvalidSmsMethod,
            name, "statusCallbackMethod", notices);
        string body = ReadContent(reader, name, acceptsNouns: name == "Message", notices);
        return new SmsVerb
        {
            Name = name,
            To = to,
            From = from,
            Body = body,
            Action = action,
            Method = method,
            StatusCallback = statusCallback,
            StatusCallbackMethod = statusCallbackMethod,
            Notices = notices,
        };
    }

    private static RedirectVerb ReadRedirect(XmlReader reader)
    {
        List<RcmlNotice> notices = [];
        HttpMethod method = ParseMethod(Attribute(reader, "method"), RcmlNoticeCodes.InvalidRedirectMethod, "Redirect", "method", notices);
        string url = ReadContent(reader, "Redirect", acceptsNouns: false, notices);
        return new RedirectVerb { Name = "Redirect", Url = url, Method = method, Notices = notices };
    }

    // The verb's text, trimmed (restcomm.md §2.2). For <Message>, Twilio's <Body> nouns win over loose text and <Media>
    // is reported and dropped (the bridge sends SMS only). Any other child element is reported and skipped; Restcomm
    // would run a known verb nested there, which its own docs forbid ("nothing may be nested inside it").
    private static string ReadContent(XmlReader reader, string verbName, bool acceptsNouns, List<RcmlNotice> notices)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        StringBuilder text = new();
        StringBuilder? bodyNoun = null;
        int depth = reader.Depth;
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement || reader.Depth != depth)
        {
            if (IsText(reader.NodeType))
            {
                text.Append(reader.Value);
                reader.Read();
            }
            else if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (acceptsNouns && reader.LocalName == "Body")
            {
                bodyNoun ??= new StringBuilder();
                bodyNoun.Append(ReadContent(reader, "Body", acceptsNouns: false, notices));
            }
            else if (acceptsNouns && reader.LocalName == "Media")
            {
                notices.Add(new RcmlNotice(RcmlNoticeCodes.SchemaWarning, $"<Media> in <{verbName}> ignored: the bridge sends SMS, not MMS."));
                reader.Skip();
            }
            else
            {
                notices.Add(new RcmlNotice(RcmlNoticeCodes.SchemaWarning,
                    $"<{Quote(reader.LocalName)}> inside <{verbName}> ignored: nothing may be nested there."));
                reader.Skip();
            }
        }

        reader.Read();
        if (bodyNoun is null)
        {
            return text.ToString().Trim();
        }

        if (!string.IsNullOrWhiteSpace(text.ToString()))
        {
            notices.Add(new RcmlNotice(RcmlNoticeCodes.SchemaWarning, $"Text of <{verbName}> outside its <Body> ignored."));
        }

        return bodyNoun.ToString().Trim();
    }

    private static bool IsText(XmlNodeType type) =>
        type is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace;

    // Attribute names are case-sensitive; values are trimmed and an empty value counts as absent (Restcomm would send
    // to an empty To; we use the default instead).
    private static string? Attribute(XmlReader reader, string name)
    {
        string? value = reader.GetAttribute(name)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static HttpMethod ParseMethod(string? value, int code, string verbName, string attributeName, List<RcmlNotice> notices)
    {
        if (value is null || string.Equals(value, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethod.Post;
        }

        if (string.Equals(value, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethod.Get;
        }

        notices.Add(new RcmlNotice(code, $"<{verbName}> {attributeName}=\"{Quote(value)}\" is not GET or POST; POST is used."));
        return HttpMethod.Post;
    }

    private static string Quote(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");
}
