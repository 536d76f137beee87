using System.Security.Cryptography.X509Certificates;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// The TLS client certificate of a carrier (<c>Bridge:Carriers:N:Tls:ClientCertificatePath</c>), loaded with the same
/// code as Kestrel's certificate so that both accept the same files and say the same things about them.
/// </summary>
internal static class CarrierClientCertificate
{
    /// <summary>True when the carrier would present a certificate: enabled, with TLS and a path.</summary>
    public static bool IsConfigured(CarrierOptions carrier) =>
        carrier.Enabled && carrier.Tls.Enabled && !string.IsNullOrWhiteSpace(carrier.Tls.ClientCertificatePath);

    /// <summary>
    /// The certificate with its private key, or null with one line in <paramref name="failures"/> naming
    /// <paramref name="key"/> (<c>Bridge:Carriers:N</c>). Paths must be absolute (the validator says so first).
    /// </summary>
    public static X509Certificate2? Load(CarrierOptions carrier, string key, List<string> failures)
    {
        CarrierTlsOptions tls = carrier.Tls;
        string path = tls.ClientCertificatePath!.Trim();
        string? keyPath = string.IsNullOrWhiteSpace(tls.ClientCertificateKeyPath) ? null : tls.ClientCertificateKeyPath.Trim();
        string? password = string.IsNullOrEmpty(tls.ClientCertificatePassword) ? null : tls.ClientCertificatePassword;
        return CertificateFiles.Load(Setting(key), path, path, keyPath, keyPath, password, failures);
    }

    /// <summary>Adds one line when the certificate has no private key, has expired or is not valid yet at <paramref name="now"/>.</summary>
    public static bool CheckUsable(CarrierOptions carrier, string key, X509Certificate2 certificate, DateTimeOffset now, List<string> failures) =>
        CertificateFiles.CheckUsable(Setting(key), carrier.Tls.ClientCertificatePath!.Trim(), certificate, now, failures);

    private static CertificateSetting Setting(string key) => new(
        $"{key}:Tls:ClientCertificatePath",
        $"{key}:Tls:ClientCertificateKeyPath",
        $"{key}:Tls:ClientCertificatePassword",
        "the bridge",
        "an SMSC that asks for a client certificate needs its private key for the TLS handshake",
        "the SMSC",
        KeyMayFollowCertificate: true);
}
