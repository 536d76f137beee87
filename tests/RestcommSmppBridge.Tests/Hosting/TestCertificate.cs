using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// A self-signed server certificate for 127.0.0.1 / localhost, generated per test and written to a folder in every
/// form Kestrel reads: PEM certificate, PEM key (plain and encrypted) and a password-protected PFX.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    public const string Password = "pfx-pass-0123";

    private TestCertificate(X509Certificate2 certificate, string folder)
    {
        Certificate = certificate;
        CertificatePemPath = Path.Combine(folder, "server.crt.pem");
        KeyPemPath = Path.Combine(folder, "server.key.pem");
        EncryptedKeyPemPath = Path.Combine(folder, "server.key.encrypted.pem");
        PfxPath = Path.Combine(folder, "server.pfx");
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePemPath { get; }

    public string KeyPemPath { get; }

    public string EncryptedKeyPemPath { get; }

    public string PfxPath { get; }

    /// <summary>SHA-256 thumbprint, to pin the certificate in a client.</summary>
    public string Sha256 => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public static TestCertificate Create(string folder, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SubjectAlternativeNameBuilder names = new();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = SelfSignedCertificates.Create(key, "CN=restcomm-smpp-bridge test",
            SelfSignedCertificates.ServerAuthentication, notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(1), names);

        TestCertificate result = new(certificate, folder);
        SelfSignedCertificates.Write(certificate, key, Password, result.CertificatePemPath, result.KeyPemPath,
            result.EncryptedKeyPemPath, result.PfxPath);
        return result;
    }

    /// <summary>An HttpClient handler that trusts exactly this certificate (pinned by its SHA-256 thumbprint).</summary>
    public SocketsHttpHandler PinnedHandler()
    {
        string pinned = Sha256;
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.Ordinal),
            },
        };
    }

    public void Dispose() => Certificate.Dispose();
}
