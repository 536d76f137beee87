using System.Net.Http.Headers;
using System.Text;

namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// A webhook's answer: a success status (2xx, or whatever the caller's predicate accepted), with its body read in
/// full (at most <see cref="WebhookOptions.MaxResponseBytes"/>). The body is untrusted input (style.md P12).
/// </summary>
/// <param name="StatusCode">The HTTP status of the answer.</param>
/// <param name="ContentType">The <c>Content-Type</c> header as received (e.g. <c>text/xml; charset=utf-8</c>), or null.</param>
/// <param name="Body">The body bytes, as received.</param>
/// <param name="Attempts">Attempts made to get this answer (1 when the first one succeeded).</param>
public sealed record WebhookResponse(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, int Attempts)
{
    /// <summary>
    /// The URL that gave the answer, after redirects (with the query string the bridge added for GET): the base
    /// against which relative URLs in the document (RCML <c>action</c>, <c>Redirect</c>) resolve.
    /// </summary>
    public required Uri Url { get; init; }

    /// <summary>True when the answer came from the fallback URL, the primary one having failed.</summary>
    public bool FromFallback { get; init; }

    /// <summary>
    /// The body as text, decoded with the charset of <see cref="ContentType"/> when .NET knows it, otherwise UTF-8
    /// (invalid bytes become U+FFFD). An XML parser should rather read <see cref="Body"/>, to honour the document's
    /// own encoding declaration.
    /// </summary>
    public string GetBodyText()
    {
        Encoding encoding = Encoding.UTF8;
        if (ContentType is not null && MediaTypeHeaderValue.TryParse(ContentType, out MediaTypeHeaderValue? mediaType)
            && mediaType.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset name: keep UTF-8, the charset every RCML sample uses.
            }
        }

        return encoding.GetString(Body.Span);
    }
}
