namespace RestcommSmppBridge.Rcml;

/// <summary>The inbound message an RCML interaction answers (the record stored with status <c>received</c>).</summary>
public sealed record RcmlInboundMessage
{
    /// <summary>The inbound record's sid (<c>SM…</c>): sent as SmsSid, MessageSid and SmsMessageSid.</summary>
    public required string SmsSid { get; init; }

    /// <summary>The sid of the account owning the number the message was sent to.</summary>
    public required string AccountSid { get; init; }

    /// <summary>The sender, as received.</summary>
    public required string From { get; init; }

    /// <summary>The bridge number the message was sent to.</summary>
    public required string To { get; init; }

    /// <summary>The text, reassembled and decoded.</summary>
    public required string Body { get; init; }

    /// <summary>How the text arrived; a UCS-2 message is answered in UCS-2 (restcomm.md §2.3).</summary>
    public RcmlEncoding Encoding { get; init; } = RcmlEncoding.Gsm;

    /// <summary>How many SMS segments the message came in.</summary>
    public int NumSegments { get; init; } = 1;
}

/// <summary>One RCML interaction to run: the inbound message and where its app lives (restcomm.md §2.1).</summary>
public sealed record RcmlContext
{
    /// <summary>The message being answered.</summary>
    public required RcmlInboundMessage Inbound { get; init; }

    /// <summary>The number's SmsUrl (or its application's RCML URL), absolute.</summary>
    public required Uri Url { get; init; }

    /// <summary>GET or POST for <see cref="Url"/>; default POST (Restcomm's SMPP path sends a null method as is).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>The number's SmsFallbackUrl, tried once when the first document cannot be had, or null.</summary>
    public Uri? FallbackUrl { get; init; }

    /// <summary>GET or POST for <see cref="FallbackUrl"/>; default POST.</summary>
    public HttpMethod FallbackMethod { get; init; } = HttpMethod.Post;
}
