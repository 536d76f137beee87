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
        CertificateRequest request = new("CN=restcomm-smpp-bridge test", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = request.CreateSelfSigned(notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(1));

        TestCertificate result = new(certificate, folder);
        File.WriteAllText(result.CertificatePemPath, certificate.ExportCertificatePem());
        File.WriteAllText(result.KeyPemPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(result.EncryptedKeyPemPath, key.ExportEncryptedPkcs8PrivateKeyPem(Password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        File.WriteAllBytes(result.PfxPath, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, Password));
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
