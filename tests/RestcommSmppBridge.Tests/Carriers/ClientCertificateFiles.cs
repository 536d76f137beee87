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
        CertificateRequest request = new("CN=restcomm-smpp-bridge carrier client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // id-kp-clientAuth (RFC 5280 §4.2.1.12): the certificate authenticates a TLS client.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        X509Certificate2 certificate = request.CreateSelfSigned(notBefore, notAfter);

        ClientCertificateFiles files = new(certificate, folder);
        string certificatePem = certificate.ExportCertificatePem();
        string keyPem = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(files.CertificatePem, certificatePem);
        File.WriteAllText(files.KeyPem, keyPem);
        File.WriteAllText(files.EncryptedKeyPem, key.ExportEncryptedPkcs8PrivateKeyPem(Password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        File.WriteAllText(files.CombinedPem, certificatePem + "\n" + keyPem);
        File.WriteAllBytes(files.Pfx, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, Password));
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        File.WriteAllBytes(files.PfxWithoutKey, publicOnly.Export(X509ContentType.Pkcs12, Password));
        return files;
    }

    public void Dispose() => Certificate.Dispose();
}
