using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Server;

/// <summary>Settings of an <see cref="SmppServer"/>. Immutable; durations are <see cref="TimeSpan"/>s.</summary>
public sealed record SmppServerOptions
{
    /// <summary>Where to listen. Port 0 picks a free port (read it back from <see cref="SmppServer.LocalEndPoint"/>). Default 127.0.0.1:0.</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// Settings of each accepted session (SMSC role). <see cref="SmppSessionOptions.Name"/> is used as a prefix:
    /// sessions are named "<c>{Name}#{n}</c>". Default: <see cref="SmppSessionOptions.Default"/> named "smsc".
    /// </summary>
    public SmppSessionOptions Session { get; init; } = SmppSessionOptions.Default with { Name = "smsc" };

    /// <summary>
    /// system_id → password table used by the default authenticator (<see cref="CredentialsAuthenticator"/>). Null
    /// accepts any system_id and password (a lab server). Default null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; init; }

    /// <summary>Most sessions bound at once per system_id; 0 means no limit. Default 0.</summary>
    public int MaxBindsPerSystemId { get; init; }

    /// <summary>
    /// Status of a bind over <see cref="MaxBindsPerSystemId"/>. Default ESME_RALYBND (0x05): what real SMSCs answer
    /// while an old session of that system_id is still bound (smpp.md P6); some answer ESME_RBINDFAIL (0x0D) instead.
    /// </summary>
    public CommandStatus BindLimitStatus { get; init; } = CommandStatus.AlreadyBound;

    /// <summary>Most connections at once (bound or not); extra connections are closed at accept. Default 1000.</summary>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>Listen backlog. Default 128.</summary>
    public int Backlog { get; init; } = 128;

    /// <summary>
    /// <see cref="SmppServer.StopAsync"/>: how long the graceful close of all sessions (drain, unbind, unbind_resp)
    /// may take before the rest are aborted. Default 5 s.
    /// </summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TLS settings; null for plain TCP. Default null.</summary>
    public TlsServerOptions? Tls { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentNullException.ThrowIfNull(Session);
        Session.Validate();
        if (MaxBindsPerSystemId < 0)
        {
            throw new ArgumentException($"MaxBindsPerSystemId cannot be negative, got {MaxBindsPerSystemId}.");
        }

        if (BindLimitStatus == CommandStatus.Ok)
        {
            throw new ArgumentException("BindLimitStatus must be an error status.");
        }

        if (MaxConnections < 1 || Backlog < 1)
        {
            throw new ArgumentException("MaxConnections and Backlog must be at least 1.");
        }

        if (StopTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("StopTimeout must be positive.");
        }

        if (Tls is not null && Tls.ServerCertificate is null)
        {
            throw new ArgumentException("Tls.ServerCertificate is required when Tls is set.");
        }
    }
}

/// <summary>TLS settings of the server side (SMPP over TLS).</summary>
public sealed record TlsServerOptions
{
    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>Ask the client for a certificate (mutual TLS). Default false.</summary>
    public bool ClientCertificateRequired { get; init; }

    /// <summary>
    /// SHA-1 thumbprints (hex, colons allowed) of client certificates accepted even when their chain does not validate
    /// against this machine's trust store: ESMEs with self-signed certificates, as <see cref="TlsClientOptions.PinnedThumbprints"/>
    /// does for servers. Empty (default): only certificates whose chain validates.
    /// </summary>
    public IReadOnlyList<string> PinnedClientThumbprints { get; init; } = [];

    /// <summary>TLS versions offered; <see cref="SslProtocols.None"/> lets the OS choose. Default None.</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.None;

    /// <summary>How long the TLS handshake may take before the connection is dropped. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    // With pins the server decides itself: a certificate whose chain validates, or a pinned one. A client that sends
    // none passes only when none is required.
    internal bool ValidateClient(X509Certificate? certificate, SslPolicyErrors errors)
    {
        SslPolicyErrors remaining = ClientCertificateRequired ? errors : errors & ~SslPolicyErrors.RemoteCertificateNotAvailable;
        if (remaining == SslPolicyErrors.None)
        {
            return true;
        }

        return certificate is not null && TlsClientOptions.IsPinned(certificate, PinnedClientThumbprints);
    }
}
