using System.Text;

namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// Parameter encoding of webhook requests: the <c>application/x-www-form-urlencoded</c> serializer (WHATWG URL
/// Standard §5.2, the encoding browsers and Twilio use) for POST bodies and for the parameters GET adds to a query
/// string; and the log-safe form of a URL.
/// </summary>
internal static class WebhookEncoding
{
    /// <summary>The POST body's media type; the charset is stated because Restcomm apps read it (restcomm.md 2.1).</summary>
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private const string HexDigits = "0123456789ABCDEF";

    /// <summary><c>name=value&amp;…</c> in the given order, each side form-encoded from UTF-8.</summary>
    public static string EncodeForm(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        StringBuilder text = new();
        AppendForm(text, parameters);
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="url"/> (see <see cref="WireUrl"/>) with <paramref name="parameters"/> added to its query string.
    /// The URL's own query is kept and the parameters follow it after an <c>&amp;</c>, where Restcomm replaced the query
    /// and lost it (restcomm.md 2.1).
    /// </summary>
    public static Uri AppendQuery(Uri url, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        string target = WireString(url);
        if (parameters.Count == 0)
        {
            return new Uri(target);
        }

        StringBuilder text = new(target, target.Length + 64);
        int query = target.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            text.Append('?');
        }
        else if (query < target.Length - 1 && target[^1] != '&')
        {
            text.Append('&');
        }

        AppendForm(text, parameters);
        return new Uri(text.ToString());
    }

    /// <summary>
    /// The URL as it goes on the wire and into the signature: scheme, host, port, path and query, escaped; without
    /// user info or fragment, which HttpClient never sends.
    /// </summary>
    public static Uri WireUrl(Uri url) => new(WireString(url));

    /// <summary>Scheme, host, port and path only: a query string (or user info) may carry secrets, so logs never show one.</summary>
    public static string Redact(Uri url) =>
        url.IsAbsoluteUri
            ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : "(relative URL)";

    private static string WireString(Uri url) => url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    private static void AppendForm(StringBuilder text, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                text.Append('&');
            }

            AppendComponent(text, parameters[i].Key);
            text.Append('=');
            AppendComponent(text, parameters[i].Value);
        }
    }

    // WHATWG URL §5.2 (application/x-www-form-urlencoded serializer): ASCII alphanumerics and * - . _ stay, a space
    // becomes '+', every other UTF-8 byte is %XX. A lone surrogate is encoded as U+FFFD, as UTF-8 encoders do.
    private static void AppendComponent(StringBuilder text, string value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (Rune rune in value.EnumerateRunes())
        {
            int scalar = rune.Value;
            if (scalar < 0x80 && (char.IsAsciiLetterOrDigit((char)scalar) || scalar is '*' or '-' or '.' or '_'))
            {
                text.Append((char)scalar);
            }
            else if (scalar == ' ')
            {
                text.Append('+');
            }
            else
            {
                int length = rune.EncodeToUtf8(utf8);
                for (int i = 0; i < length; i++)
                {
                    text.Append('%').Append(HexDigits[utf8[i] >> 4]).Append(HexDigits[utf8[i] & 0xF]);
                }
            }
        }
    }
}
