namespace RestcommSmppBridge.Hosting;

/// <summary>The host itself (<c>Bridge:Host</c>).</summary>
public sealed class BridgeHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Host";

    /// <summary>
    /// How long shutdown may take before the host gives up on the remaining steps (style.md R9: the API refuses new
    /// sends, carriers unbind with a bounded wait for <c>unbind_resp</c>, queues drain, the store flushes). Keep it
    /// under the unit's <c>TimeoutStopSec</c> (45 s), or systemd kills the process mid-flush. 1 s – 10 min. Default 30 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>GET /health/live</c> and <c>GET /health/ready</c> (<c>Bridge:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Health";

    /// <summary>
    /// Ready only when every enabled carrier has at least one bound bind. Default false: ready as soon as the store
    /// is open and the API listens, so a carrier outage does not take the API (reads, queued sends) out of a load
    /// balancer.
    /// </summary>
    public bool RequireCarrierBinds { get; init; }

    /// <summary>
    /// Answer requests from other machines too. Default false: only loopback callers get an answer, others 403. The
    /// body carries carrier names and bind states, no secrets.
    /// </summary>
    public bool AllowRemote { get; init; }
}

/// <summary><c>GET /metrics</c> in Prometheus text format (<c>Bridge:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Metrics";

    /// <summary>Serve <c>GET /metrics</c>. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Answer scrapes from other machines too (a Prometheus server elsewhere). Default false: loopback only, others 403.
    /// </summary>
    public bool AllowRemote { get; init; }
}

/// <summary>The admin endpoints under <c>/admin</c> (<c>Bridge:Operations</c>).</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Operations";

    /// <summary>The shortest token accepted: long enough that guessing it over HTTP is hopeless.</summary>
    public const int MinTokenLength = 16;

    /// <summary>
    /// The bearer token the admin endpoints require (<c>Authorization: Bearer …</c>). Default none: the admin
    /// endpoints are not served at all. At least 16 characters, no whitespace. A secret: set it in the environment
    /// (<c>Bridge__Operations__AdminToken</c>), never in a committed file; it is never logged.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// Answer admin requests from other machines too. Default false: only loopback callers are served, others 403
    /// (the token alone then never travels over the network).
    /// </summary>
    public bool AdminAllowRemote { get; init; }
}

/// <summary>
/// The watch over the TLS certificates the bridge presents: Kestrel's HTTPS certificate(s) and each enabled carrier's
/// client certificate (<c>Bridge:Operations</c>).
/// </summary>
public sealed class CertificateExpiryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Operations";

    /// <summary>
    /// How often the certificates are checked, the first time at start. 1 min – 7 days. Default 12 h: a daemon that
    /// runs for weeks says so twice a day while a certificate is close to its end.
    /// </summary>
    public TimeSpan CertificateCheckInterval { get; init; } = TimeSpan.FromHours(12);

    /// <summary>
    /// A certificate whose NotAfter is this close is reported as a Warning at each check. 1 – 365 days. Default 30 days,
    /// the usual lead time to get a renewed certificate from a CA.
    /// </summary>
    public TimeSpan CertificateExpiryWarning { get; init; } = TimeSpan.FromDays(30);
}
