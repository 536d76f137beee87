namespace RestcommSmppBridge.Storage;

/// <summary>
/// One SMS, inbound or outbound: every field of Restcomm's representation (restcomm.md 1.4) plus what the bridge
/// keeps about the carrier side (segments, encoding, carrier message ids, status history).
/// Times are instants; the store keeps them in UTC with full tick precision.
/// </summary>
public sealed record SmsMessage
{
    /// <summary><c>SM</c> + 32 lowercase hex digits (see <see cref="Sids.NewMessageSid()"/>).</summary>
    public required string Sid { get; init; }

    /// <summary>The owning account's sid.</summary>
    public required string AccountSid { get; init; }

    /// <summary>Sender address, stored as given.</summary>
    public required string From { get; init; }

    /// <summary>Destination address, stored as given.</summary>
    public required string To { get; init; }

    /// <summary>The text. Never logged above Debug.</summary>
    public required string Body { get; init; }

    /// <summary>Current status.</summary>
    public required MessageStatus Status { get; init; }

    /// <summary>Where the message came from.</summary>
    public required MessageDirection Direction { get; init; }

    /// <summary>When the message was created.</summary>
    public required DateTimeOffset DateCreated { get; init; }

    /// <summary>When the message last changed (set by every status update).</summary>
    public required DateTimeOffset DateUpdated { get; init; }

    /// <summary>When the carrier accepted it (first change to <see cref="MessageStatus.Sent"/>), or null.</summary>
    public DateTimeOffset? DateSent { get; init; }

    /// <summary>Always <c>"0"</c> in Restcomm's REST path.</summary>
    public string Price { get; init; } = "0";

    /// <summary>Always <c>USD</c>.</summary>
    public string PriceUnit { get; init; } = "USD";

    /// <summary>The API version the record belongs to; default <c>2012-04-24</c>.</summary>
    public string ApiVersion { get; init; } = "2012-04-24";

    /// <summary>Restcomm error code (restcomm.md 1.6), or null.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Text of the error, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Absolute URL notified on each later status change, or null.</summary>
    public string? StatusCallback { get; init; }

    /// <summary>HTTP method for <see cref="StatusCallback"/> (<c>GET</c>/<c>POST</c>), or null for the default (POST).</summary>
    public string? StatusCallbackMethod { get; init; }

    /// <summary>The carrier id the message went out through or came in from, or null while unrouted.</summary>
    public string? Carrier { get; init; }

    /// <summary>Number of SMPP segments (parts); 1 for a short message, 0 when not yet encoded.</summary>
    public int NumSegments { get; init; }

    /// <summary>Text encoding used on the SMPP side, e.g. <c>GSM7</c> or <c>UCS2</c>, or null when not yet chosen.</summary>
    public string? Encoding { get; init; }

    /// <summary>
    /// The SMSC's message id for each segment, indexed by segment number (0-based); an entry is null until that
    /// segment's submit_sm_resp recorded it. Empty when no id is known.
    /// </summary>
    public IReadOnlyList<string?> CarrierMessageIds { get; init; } = [];

    /// <summary>Every status the message went through, oldest first (the first entry is the status at insert).</summary>
    public IReadOnlyList<MessageStatusChange> StatusHistory { get; init; } = [];
}
