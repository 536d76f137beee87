namespace RestcommSmppBridge.Rcml;

/// <summary>One verb of an RCML document, in document order (restcomm.md §2.3).</summary>
public abstract record RcmlVerb
{
    /// <summary>The element name as written (case-sensitive: <c>Sms</c>, <c>Message</c>, <c>Redirect</c>, …).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Non-fatal problems found while reading this verb (a bad method, an ignored child). Raised when the verb runs, as
    /// Restcomm raises its notifications, so a verb made unreachable by an earlier Redirect stays silent.
    /// </summary>
    public IReadOnlyList<RcmlNotice> Notices { get; init; } = [];
}

/// <summary>
/// <c>&lt;Sms&gt;</c> (Restcomm) or <c>&lt;Message&gt;</c> (Twilio): send one reply. Attribute values are trimmed;
/// an empty attribute counts as absent.
/// </summary>
public sealed record SmsVerb : RcmlVerb
{
    /// <summary>The <c>to</c> attribute, or null for the inbound message's From.</summary>
    public string? To { get; init; }

    /// <summary>The <c>from</c> attribute, or null for the inbound message's To.</summary>
    public string? From { get; init; }

    /// <summary>The element text, or the text of its <c>&lt;Body&gt;</c> child for <c>&lt;Message&gt;</c>; trimmed, may be empty.</summary>
    public required string Body { get; init; }

    /// <summary>The <c>action</c> attribute as written (resolved against the document URL when run), or null.</summary>
    public string? Action { get; init; }

    /// <summary>The method of <see cref="Action"/>: GET or POST (default POST).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>The <c>statusCallback</c> attribute as written, or null. A bridge addition for <c>&lt;Sms&gt;</c>.</summary>
    public string? StatusCallback { get; init; }

    /// <summary>The <c>statusCallbackMethod</c> attribute: GET or POST (default POST).</summary>
    public HttpMethod StatusCallbackMethod { get; init; } = HttpMethod.Post;
}

/// <summary><c>&lt;Redirect&gt;</c>: fetch another document and continue with it.</summary>
public sealed record RedirectVerb : RcmlVerb
{
    /// <summary>The element text as written (resolved against the document URL when run); empty means "next verb".</summary>
    public required string Url { get; init; }

    /// <summary>GET or POST (default POST).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Post;
}

/// <summary>A verb with no meaning in an SMS reply; running it raises its notice (14110) and skips it.</summary>
public sealed record UnsupportedVerb : RcmlVerb;
