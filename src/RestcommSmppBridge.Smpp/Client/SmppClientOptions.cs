using System.Text;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// Settings of one carrier connection (<see cref="SmppClient"/>): where to connect, how to bind, how many binds, how
/// fast to send and how to back off. Immutable (style.md R10); call <see cref="Validate"/> at startup.
/// </summary>
public sealed record SmppClientOptions
{
    /// <summary>A name for logs and metrics, usually the carrier id; sessions are named "Name#index". Default "smpp".</summary>
    public string Name { get; init; } = "smpp";

    /// <summary>SMSC host name or address. Required.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>SMSC TCP port. Default 2775.</summary>
    public int Port { get; init; } = 2775;

    /// <summary>TLS settings, or null for plain TCP. Default null.</summary>
    public TlsClientOptions? Tls { get; init; }

    /// <summary>system_id (at most 15 characters). Required.</summary>
    public string SystemId { get; init; } = string.Empty;

    /// <summary>password (at most 8 characters). Never logged; <see cref="ToString"/> redacts it. Default empty.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>system_type (at most 12 characters). Default empty.</summary>
    public string SystemType { get; init; } = string.Empty;

    /// <summary>interface_version sent in the bind. Default 0x34 (SMPP 3.4).</summary>
    public byte InterfaceVersion { get; init; } = 0x34;

    /// <summary>addr_ton of <see cref="AddressRange"/>. Default Unknown (0).</summary>
    public TypeOfNumber AddrTon { get; init; }

    /// <summary>addr_npi of <see cref="AddressRange"/>. Default Unknown (0).</summary>
    public NumberingPlan AddrNpi { get; init; }

    /// <summary>address_range (at most 40 characters), usually empty. Default empty.</summary>
    public string AddressRange { get; init; } = string.Empty;

    /// <summary>The kind of every bind of this client. Default <see cref="BindType.Transceiver"/>.</summary>
    public BindType BindType { get; init; } = BindType.Transceiver;

    /// <summary>
    /// How many binds to keep (1..64). The client never has more sessions than this at any time, including while
    /// reconnecting (smpp.md P6: SMSCs refuse or bill "maxed out sessions"). Default 1.
    /// </summary>
    public int Binds { get; init; } = 1;

    /// <summary>Settings of each bind's session; its <see cref="SmppSessionOptions.Name"/> is replaced by "Name#index".</summary>
    public SmppSessionOptions Session { get; init; } = SmppSessionOptions.Default;

    /// <summary>Time allowed for the TCP connect and TLS handshake together. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Backoff between reconnects of one bind: after a failed connect, a refused bind or a lost session. It is reset
    /// only after a session stayed bound at least <see cref="BackoffOptions.Max"/>, so an SMSC that accepts and drops
    /// at once is not re-dialled in a tight loop. Default 1 s doubling to 60 s, full jitter.
    /// </summary>
    public BackoffOptions Reconnect { get; init; } = new();

    /// <summary>
    /// Smallest wait after a bind refused with ESME_RALYBND (0x05): the SMSC still holds our previous session and
    /// lets it go only when its own timers fire, so retrying sooner just earns more 0x05. Default 30 s.
    /// </summary>
    public TimeSpan AlreadyBoundBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>PDUs per second per bind (token bucket; parts of a long message count one each). 0 = unlimited. Default 0.</summary>
    public double Tps { get; init; }

    /// <summary>PDUs a bind may send back to back after being idle; 0 means "the same as <see cref="Tps"/>" (at least 1). Default 0.</summary>
    public int TpsBurst { get; init; }

    /// <summary>
    /// Bind-wide pause after ESME_RTHROTTLED (0x58) or ESME_RMSGQFUL (0x14): every sender on the bind waits, the
    /// same PDU is retried first. Consecutive throttled episodes grow the pause; a success resets it. Default 1 s
    /// doubling to 30 s, no jitter.
    /// </summary>
    public BackoffOptions ThrottleBackoff { get; init; } = new()
    {
        Initial = TimeSpan.FromSeconds(1),
        Max = TimeSpan.FromSeconds(30),
        Jitter = BackoffJitter.None,
    };

    /// <summary>
    /// How many times one PDU is resent after a throttling answer before the caller gets that answer (0 = never
    /// resent). A count rather than a total wait: with <see cref="ThrottleBackoff"/> capped it bounds the wait too
    /// (defaults: at most about 4 minutes) and is easy to reason about in tests. Default 10.
    /// </summary>
    public int MaxThrottleRetries { get; init; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting (never showing the password).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw Invalid(nameof(Name), "must not be empty");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw Invalid(nameof(Host), "is required");
        }

        if (Port is < 1 or > 65535)
        {
            throw Invalid(nameof(Port), $"must be 1..65535, got {Port}");
        }

        if (string.IsNullOrEmpty(SystemId))
        {
            throw Invalid(nameof(SystemId), "is required");
        }

        // Field sizes of the bind body (SMPP 3.4 §4.1.1, the NUL not counted here).
        CheckCString(SystemId, 15, nameof(SystemId));
        CheckCString(Password, 8, nameof(Password));
        CheckCString(SystemType, 12, nameof(SystemType));
        CheckCString(AddressRange, 40, nameof(AddressRange));
        if (!Enum.IsDefined(BindType))
        {
            throw Invalid(nameof(BindType), $"has the unknown value {(int)BindType}");
        }

        if (Binds is < 1 or > 64)
        {
            throw Invalid(nameof(Binds), $"must be 1..64, got {Binds}");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw Invalid(nameof(ConnectTimeout), "must be positive");
        }

        if (AlreadyBoundBackoff < TimeSpan.Zero || AlreadyBoundBackoff > TimeSpan.FromDays(1))
        {
            throw Invalid(nameof(AlreadyBoundBackoff), "must be between zero and one day");
        }

        if (!double.IsFinite(Tps) || Tps < 0)
        {
            throw Invalid(nameof(Tps), $"must be 0 (unlimited) or a positive number, got {Tps}");
        }

        if (TpsBurst < 0)
        {
            throw Invalid(nameof(TpsBurst), $"cannot be negative, got {TpsBurst}");
        }

        if (MaxThrottleRetries < 0)
        {
            throw Invalid(nameof(MaxThrottleRetries), $"cannot be negative, got {MaxThrottleRetries}");
        }

        if (Session is null)
        {
            throw Invalid(nameof(Session), "is required");
        }

        if (Reconnect is null)
        {
            throw Invalid(nameof(Reconnect), "is required");
        }

        if (ThrottleBackoff is null)
        {
            throw Invalid(nameof(ThrottleBackoff), "is required");
        }

        Reconnect.Validate($"{nameof(SmppClientOptions)}.{nameof(Reconnect)}");
        ThrottleBackoff.Validate($"{nameof(SmppClientOptions)}.{nameof(ThrottleBackoff)}");
        try
        {
            Session.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{nameof(SmppClientOptions)}.{nameof(Session)}: {ex.Message}", nameof(Session), ex);
        }
    }

    /// <summary>The settings for logs, with the password redacted.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(256);
        text.Append("SmppClientOptions { Name = ").Append(Name)
            .Append(", Host = ").Append(Host)
            .Append(", Port = ").Append(Port)
            .Append(", Tls = ").Append(Tls is null ? "off" : "on")
            .Append(", SystemId = ").Append(SystemId)
            .Append(", Password = ").Append(Password.Length == 0 ? "(empty)" : "***")
            .Append(", SystemType = ").Append(SystemType)
            .Append(", InterfaceVersion = 0x").Append(InterfaceVersion.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", BindType = ").Append(BindType)
            .Append(", Binds = ").Append(Binds)
            .Append(", Tps = ").Append(Tps.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(", MaxThrottleRetries = ").Append(MaxThrottleRetries)
            .Append(" }");
        return text.ToString();
    }

    private static void CheckCString(string value, int max, string name)
    {
        if (value is null)
        {
            throw Invalid(name, "must not be null");
        }

        if (value.Length > max)
        {
            // Never echo the value: it may be the password.
            throw Invalid(name, $"must be at most {max} characters, got {value.Length}");
        }

        foreach (char c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw Invalid(name, "must be printable ASCII (it is a C-Octet String)");
            }
        }
    }

    private static ArgumentException Invalid(string setting, string problem) =>
        new($"{nameof(SmppClientOptions)}.{setting} {problem}.", setting);
}
