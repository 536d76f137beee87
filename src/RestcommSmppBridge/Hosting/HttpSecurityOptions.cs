namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Transport security of the REST API (<c>Bridge:Http</c>). Restcomm serves its API over HTTPS only ("unencrypted
/// HTTP is not supported"), and every request carries the account's token in Basic auth, so the bridge refuses to
/// start with plain HTTP reachable from the network. Endpoints and certificates themselves are Kestrel's standard
/// configuration (<c>Urls</c>, <c>Kestrel:Endpoints:&lt;Name&gt;:Url</c> and <c>:Certificate</c>,
/// <c>Kestrel:Certificates:Default</c>); this section only holds the exception for a TLS-terminating proxy.
/// </summary>
public sealed class HttpSecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Http";

    /// <summary>
    /// Allows plain <c>http://</c> endpoints on non-loopback addresses, for a deployment where a TLS-terminating proxy
    /// (nginx, HAProxy, a cloud load balancer) is the only way in and talks to the bridge over a private network.
    /// Default false: plain HTTP is accepted only on loopback addresses (<c>127.0.0.0/8</c>, <c>::1</c>,
    /// <c>localhost</c>) and Unix sockets.
    /// </summary>
    public bool AllowPlainHttpBehindProxy { get; init; }
}
