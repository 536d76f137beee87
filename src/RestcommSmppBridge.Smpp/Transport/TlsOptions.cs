using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Smpp.Transport;

/// <summary>TLS settings of a client connection (SMPP over TLS, as some carriers require).</summary>
public sealed record TlsClientOptions
{
    /// <summary>Name the server certificate must carry; defaults to the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>
    /// Accept a certificate that fails chain or name validation. Off by default; for lab SMSCs with self-signed
    /// certificates prefer <see cref="PinnedThumbprints"/>.
    /// </summary>
    public bool AllowInvalidCertificates { get; init; }

    /// <summary>SHA-1 thumbprints (hex) accepted even when the chain does not validate (certificate pinning).</summary>
    public IReadOnlyList<string> PinnedThumbprints { get; init; } = [];

    /// <summary>Client certificate for mutual TLS, if the SMSC asks for one.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Asked at every connect for the client certificate to present, in place of <see cref="ClientCertificate"/>, so a
    /// renewed certificate is used from the next bind on without building a new client. Null (the default): the
    /// fixed <see cref="ClientCertificate"/>. It runs on the connecting task and should return quickly.
    /// </summary>
    public Func<X509Certificate2?>? ClientCertificateProvider { get; init; }

    /// <summary>The certificate to present on the connection being made now.</summary>
    internal X509Certificate2? CurrentClientCertificate() =>
        ClientCertificateProvider is { } provider ? provider() : ClientCertificate;

    internal bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None || AllowInvalidCertificates)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        return IsPinned(certificate, PinnedThumbprints);
    }

    /// <summary>True when the SHA-1 thumbprint of <paramref name="certificate"/> is one of <paramref name="pinned"/> (hex, colons allowed).</summary>
    internal static bool IsPinned(X509Certificate certificate, IReadOnlyList<string> pinned)
    {
        string thumbprint = certificate.GetCertHashString();
        foreach (string candidate in pinned)
        {
            if (string.Equals(candidate.Replace(":", "", StringComparison.Ordinal), thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
