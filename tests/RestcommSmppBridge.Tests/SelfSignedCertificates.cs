using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Tests;

/// <summary>
/// The one place tests make a self-signed TLS certificate (P-256 key, end-entity, digital signature) and write it out
/// in the forms the daemon reads: PEM certificate, PEM key plain and encrypted, password-protected PFX. The server
/// certificate of the HTTPS tests and the carriers' client certificate differ only in subject, extended key usage
/// and subject alternative names.
/// </summary>
internal static class SelfSignedCertificates
{
    /// <summary>id-kp-serverAuth (RFC 5280 §4.2.1.12).</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12).</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// A certificate for <paramref name="key"/> named <paramref name="subject"/>, valid from <paramref name="notBefore"/>
    /// to <paramref name="notAfter"/>, for the purpose <paramref name="extendedKeyUsageOid"/>; <paramref name="names"/>
    /// adds a subject alternative name extension.
    /// </summary>
    public static X509Certificate2 Create(ECDsa key, string subject, string extendedKeyUsageOid,
        DateTimeOffset notBefore, DateTimeOffset notAfter, SubjectAlternativeNameBuilder? names = null)
    {
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsageOid)], false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Writes the certificate, its key plain and encrypted with <paramref name="password"/>, and a PFX with that password.</summary>
    public static void Write(X509Certificate2 certificate, ECDsa key, string password, string certificatePem, string keyPem,
        string encryptedKeyPem, string pfx)
    {
        File.WriteAllText(certificatePem, certificate.ExportCertificatePem());
        File.WriteAllText(keyPem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(encryptedKeyPem, key.ExportEncryptedPkcs8PrivateKeyPem(password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        File.WriteAllBytes(pfx, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
    }
}
