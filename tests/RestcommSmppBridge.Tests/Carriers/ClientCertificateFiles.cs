using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// A self-signed TLS client certificate generated at test time and written to a folder in every form a carrier
/// accepts: PEM certificate with a separate key (plain and encrypted), PEM certificate and key in one file, a
/// password-protected PFX, and a PFX without its key.
/// </summary>
internal sealed class ClientCertificateFiles : IDisposable
{
    public const string Password = "client-pass-42";

    private ClientCertificateFiles(X509Certificate2 certificate, string folder)
    {
        Certificate = certificate;
        CertificatePem = Path.Combine(folder, "client.crt.pem");
        KeyPem = Path.Combine(folder, "client.key.pem");
        EncryptedKeyPem = Path.Combine(folder, "client.key.encrypted.pem");
        CombinedPem = Path.Combine(folder, "client.combined.pem");
        Pfx = Path.Combine(folder, "client.pfx");
        PfxWithoutKey = Path.Combine(folder, "client.nokey.pfx");
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public string EncryptedKeyPem { get; }

    public string CombinedPem { get; }

    public string Pfx { get; }

    public string PfxWithoutKey { get; }

    public static ClientCertificateFiles Create(string folder, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        Directory.CreateDirectory(folder);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        X509Certificate2 certificate = SelfSignedCertificates.Create(key, "CN=restcomm-smpp-bridge carrier client",
            SelfSignedCertificates.ClientAuthentication, notBefore, notAfter);

        ClientCertificateFiles files = new(certificate, folder);
        SelfSignedCertificates.Write(certificate, key, Password, files.CertificatePem, files.KeyPem, files.EncryptedKeyPem, files.Pfx);
        File.WriteAllText(files.CombinedPem, File.ReadAllText(files.CertificatePem) + "\n" + File.ReadAllText(files.KeyPem));
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        File.WriteAllBytes(files.PfxWithoutKey, publicOnly.Export(X509ContentType.Pkcs12, Password));
        return files;
    }

    public void Dispose() => Certificate.Dispose();
}
