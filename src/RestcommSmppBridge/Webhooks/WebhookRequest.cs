namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// One webhook to make: where, how, which parameters in which order, and the auth token of the account it is made
/// for (the key of its signature). A class rather than a record so that no generated <c>ToString</c> can print the
/// token or the parameters (the message body) into a log.
/// </summary>
public sealed class WebhookRequest
{
    /// <summary>Creates a request; <paramref name="url"/> must be an absolute http or https URL.</summary>
    /// <param name="url">The URL as configured, with any query string of its own (kept; GET adds to it).</param>
    /// <param name="method">POST (form body) or GET (parameters added to the query string).</param>
    /// <param name="parameters">Name/value pairs, sent in this order. Names may repeat.</param>
    /// <param name="authToken">
    /// The account's auth token: the request is signed with it (<see cref="WebhookSigner"/>). Null or empty sends
    /// no signature headers.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is relative or not http/https.</exception>
    public WebhookRequest(Uri url, WebhookMethod method, IReadOnlyList<KeyValuePair<string, string>> parameters, string? authToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!IsHttpUrl(url))
        {
            throw new ArgumentException("A webhook URL must be an absolute http or https URL.", nameof(url));
        }

        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown webhook method.");
        }

        Url = url;
        Method = method;
        Parameters = parameters;
        AuthToken = authToken;
    }

    /// <summary>The URL as configured (its own query string is kept).</summary>
    public Uri Url { get; }

    /// <summary>The HTTP method.</summary>
    public WebhookMethod Method { get; }

    /// <summary>The parameters, in sending order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The signing key (the account's auth token), or null for an unsigned request. Never logged.</summary>
    public string? AuthToken { get; }

    /// <summary>True for an absolute <c>http</c> or <c>https</c> URL, the only kind a webhook may target.</summary>
    public static bool IsHttpUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
    }

    /// <summary>
    /// The URL the request goes to: for GET, <see cref="Url"/> with the parameters appended to its query string; for
    /// POST, <see cref="Url"/> itself. Without user info or fragment, which never go on the wire. This is the URL
    /// the signature covers.
    /// </summary>
    public Uri BuildTargetUrl() =>
        Method == WebhookMethod.Get ? WebhookEncoding.AppendQuery(Url, Parameters) : WebhookEncoding.WireUrl(Url);

    /// <summary>The scheme, host, port and path of <see cref="Url"/>, without query or user info: safe to log.</summary>
    public override string ToString() => Method.ToWireValue() + " " + WebhookEncoding.Redact(Url);
}
