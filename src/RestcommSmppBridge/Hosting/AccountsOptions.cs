namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Accounts and numbers seeded from configuration at start (<c>Bridge:Accounts</c>, <c>Bridge:Numbers</c>).
/// Tokens come from the environment (<c>Bridge__Accounts__0__AuthToken</c>) or another secret source, never from
/// the committed appsettings.json. Both lists are empty by default.
/// </summary>
public sealed class AccountsOptions
{
    /// <summary>The section both lists live in.</summary>
    public const string SectionName = "Bridge";

    /// <summary>The accounts allowed to use the API (<c>Bridge:Accounts</c>). Default: none.</summary>
    public IList<AccountSeed> Accounts { get; init; } = new List<AccountSeed>();

    /// <summary>The numbers whose inbound SMS are routed, and to which application (<c>Bridge:Numbers</c>). Default: none.</summary>
    public IList<NumberSeed> Numbers { get; init; } = new List<NumberSeed>();
}

/// <summary>One entry of <c>Bridge:Accounts</c>.</summary>
public sealed class AccountSeed
{
    /// <summary><c>AC</c> + 32 lowercase hex digits; the Basic-auth user name. Required.</summary>
    public string? Sid { get; init; }

    /// <summary>The Basic-auth password (or the MD5 hex of it). Required; put it in the environment, not in a file.</summary>
    public string? AuthToken { get; init; }

    /// <summary>A human-readable name. Default: empty.</summary>
    public string? FriendlyName { get; init; }

    /// <summary><c>active</c>, <c>suspended</c> or <c>closed</c> (any case). Default <c>active</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Keeps the token out of any accidental log line or debugger display.</summary>
    public override string ToString() => $"AccountSeed {{ Sid = {Sid}, Status = {Status}, FriendlyName = {FriendlyName} }}";
}

/// <summary>One entry of <c>Bridge:Numbers</c>.</summary>
public sealed class NumberSeed
{
    /// <summary>The number as carriers present it in <c>destination_addr</c>: digits with an optional leading <c>+</c>. Required.</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>The owning account; must be one of <c>Bridge:Accounts</c>. Required.</summary>
    public string? AccountSid { get; init; }

    /// <summary>A human-readable name. Default: the phone number.</summary>
    public string? FriendlyName { get; init; }

    /// <summary>Absolute http(s) URL of the RCML application for inbound SMS. Default: none (inbound SMS are dropped).</summary>
    public string? SmsUrl { get; init; }

    /// <summary><c>GET</c> or <c>POST</c>. Default <c>POST</c>.</summary>
    public string? SmsMethod { get; init; }

    /// <summary>Absolute http(s) URL tried when <see cref="SmsUrl"/> fails. Default: none.</summary>
    public string? SmsFallbackUrl { get; init; }

    /// <summary><c>GET</c> or <c>POST</c>. Default <c>POST</c>.</summary>
    public string? SmsFallbackMethod { get; init; }

    /// <summary>Absolute http(s) URL notified of status changes of replies sent from this number. Default: none.</summary>
    public string? SmsStatusCallback { get; init; }
}
