namespace RestcommSmppBridge.Storage;

/// <summary>
/// A number owned by an account: inbound SMS to <see cref="PhoneNumber"/> are posted to <see cref="SmsUrl"/>.
/// A phone number is unique across the whole store (one number routes to exactly one application).
/// </summary>
public sealed record IncomingPhoneNumber
{
    /// <summary><c>PN</c> + 32 lowercase hex digits (see <see cref="Sids.NewPhoneNumberSid"/>).</summary>
    public required string Sid { get; init; }

    /// <summary>The owning account's sid.</summary>
    public required string AccountSid { get; init; }

    /// <summary>The number exactly as the carrier presents it in <c>destination_addr</c> (matching is exact).</summary>
    public required string PhoneNumber { get; init; }

    /// <summary>A human-readable name; empty by default.</summary>
    public string FriendlyName { get; init; } = string.Empty;

    /// <summary>Absolute URL of the RCML application for inbound SMS, or null when none is set.</summary>
    public string? SmsUrl { get; init; }

    /// <summary>HTTP method for <see cref="SmsUrl"/>: <c>GET</c> or <c>POST</c> (default).</summary>
    public string SmsMethod { get; init; } = "POST";

    /// <summary>Absolute URL tried when <see cref="SmsUrl"/> fails, or null.</summary>
    public string? SmsFallbackUrl { get; init; }

    /// <summary>HTTP method for <see cref="SmsFallbackUrl"/>: <c>GET</c> or <c>POST</c> (default).</summary>
    public string SmsFallbackMethod { get; init; } = "POST";

    /// <summary>Absolute URL notified of status changes of replies sent from this number, or null.</summary>
    public string? SmsStatusCallback { get; init; }

    /// <summary>When the number was first stored.</summary>
    public DateTimeOffset DateCreated { get; init; }

    /// <summary>When the number was last changed.</summary>
    public DateTimeOffset DateUpdated { get; init; }
}
