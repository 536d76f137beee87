using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// How one certificate setting is named, for the messages of <see cref="CertificateFiles"/>: the full configuration
/// keys of its file, key file and password, who uses it and what the peer does with a bad one.
/// </summary>
/// <param name="PathKey">Key of the certificate file, e.g. <c>Kestrel:Certificates:Default:Path</c>.</param>
/// <param name="KeyPathKey">Key of the PEM private key file.</param>
/// <param name="PasswordKey">Key of the PFX or encrypted-key password (a secret: never echoed).</param>
/// <param name="User">Who pairs the certificate with its key, e.g. <c>Kestrel</c>.</param>
/// <param name="NoKeyConsequence">Why a certificate without its key is useless here.</param>
/// <param name="Refuser">Who refuses an expired certificate.</param>
/// <param name="KeyMayFollowCertificate">
/// True: a PEM file without a key file may hold the private key after the certificate (Kestrel does not read that
/// form, so its check leaves it false).
/// </param>
internal sealed record CertificateSetting(string PathKey, string KeyPathKey, string PasswordKey, string User,
    string NoKeyConsequence, string Refuser, bool KeyMayFollowCertificate);

/// <summary>
/// Loads a certificate with its private key from files the way Kestrel does: with a key file, one certificate (PEM or
/// DER) plus a PEM key, encrypted when a password is set; without one, a PFX opened with the password (or, when the
/// setting allows it, a PEM file holding both). Every mistake becomes one line naming the key to fix; the password is
/// never echoed. Shared by the HTTPS endpoint check and the carriers' TLS client certificate.
/// </summary>
internal static class CertificateFiles
{
    private const string RsaOid = "1.2.840.113549.1.1.1";

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>
    /// The certificate of <paramref name="fullPath"/> with its private key, or null with one line added to
    /// <paramref name="failures"/>. <paramref name="path"/> and <paramref name="keyPath"/> are the configured values,
    /// shown in messages. Never throws for a file problem.
    /// </summary>
    public static X509Certificate2? Load(CertificateSetting setting, string path, string fullPath, string? keyPath,
        string? fullKeyPath, string? password, List<string> failures)
    {
        if (!FileExists(fullPath, setting.PathKey, path, failures)
            || (fullKeyPath is not null && !FileExists(fullKeyPath, setting.KeyPathKey, keyPath!, failures)))
        {
            return null;
        }

        try
        {
            if (fullKeyPath is null && setting.KeyMayFollowCertificate && IsPemWithPrivateKey(fullPath))
            {
                fullKeyPath = fullPath;
            }

            return fullKeyPath is null
                ? LoadPfx(setting, fullPath, password, failures)
                : LoadPemWithKey(setting, fullPath, fullKeyPath, password, failures);
        }
        catch (UnauthorizedAccessException)
        {
            failures.Add($"{setting.PathKey} '{path}' or its key cannot be read by the bridge's user; check the file permissions.");
            return null;
        }
        catch (IOException exception)
        {
            failures.Add($"{setting.PathKey} '{path}' or its key could not be read: {exception.Message}");
            return null;
        }
    }

    /// <summary>
    /// Adds one line when <paramref name="certificate"/> has no private key, has expired or is not valid yet at
    /// <paramref name="now"/>; false then.
    /// </summary>
    public static bool CheckUsable(CertificateSetting setting, string path, X509Certificate2 certificate, DateTimeOffset now,
        List<string> failures)
    {
        DateTime notAfter = certificate.NotAfter.ToUniversalTime();
        DateTime notBefore = certificate.NotBefore.ToUniversalTime();
        if (!certificate.HasPrivateKey)
        {
            failures.Add($"{setting.PathKey} '{path}' holds no private key; {setting.NoKeyConsequence}.");
        }
        else if (notAfter < now.UtcDateTime)
        {
            failures.Add($"{setting.PathKey} '{path}' expired on {Format(notAfter)} UTC; {setting.Refuser} will refuse it.");
        }
        else if (notBefore > now.UtcDateTime)
        {
            failures.Add($"{setting.PathKey} '{path}' is not valid before {Format(notBefore)} UTC; check the clock or the certificate.");
        }
        else
        {
            return true;
        }

        return false;
    }

    /// <summary><c>Kestrel:Endpoints:Https:Certificate:Password</c> → <c>Kestrel__Endpoints__Https__Certificate__Password</c>.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static X509Certificate2? LoadPfx(CertificateSetting setting, string fullPath, string? password, List<string> failures)
    {
        X509ContentType type;
        try
        {
            type = X509Certificate2.GetCertContentType(fullPath);
        }
        catch (CryptographicException)
        {
            type = X509ContentType.Unknown;
        }

        if (type == X509ContentType.Cert)
        {
            failures.Add($"{setting.PathKey} is a certificate without its private key; set {setting.KeyPathKey} to its PEM key file (or use a PFX).");
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(fullPath, password);
        }
        catch (CryptographicException)
        {
            failures.Add(type == X509ContentType.Pkcs12
                ? $"{setting.PathKey} is a PFX file that does not open with the configured password; set {setting.PasswordKey} (in the environment: {EnvironmentName(setting.PasswordKey)})."
                : $"{setting.PathKey} is neither a PFX file nor a certificate; for PEM, name the certificate in {Leaf(setting.PathKey)} and its key in {Leaf(setting.KeyPathKey)}.");
            return null;
        }
    }

    private static X509Certificate2? LoadPemWithKey(CertificateSetting setting, string fullPath, string fullKeyPath, string? password,
        List<string> failures)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificateFromFile(fullPath);
        }
        catch (CryptographicException)
        {
            failures.Add($"{setting.PathKey} is not a certificate (PEM or DER) {setting.User} can pair with {setting.KeyPathKey}.");
            return null;
        }

        using (certificate)
        {
            AsymmetricAlgorithm? privateKey;
            try
            {
                privateKey = ImportKey(certificate, File.ReadAllText(fullKeyPath), password);
            }
            catch (Exception exception) when (exception is ArgumentException or CryptographicException)
            {
                failures.Add(password is null
                    ? $"{setting.KeyPathKey} holds no readable PEM private key; if the key is encrypted, set {setting.PasswordKey} (in the environment: {EnvironmentName(setting.PasswordKey)})."
                    : $"{setting.KeyPathKey} does not open with {setting.PasswordKey}, or holds no PEM private key.");
                return null;
            }

            if (privateKey is null)
            {
                failures.Add($"{setting.PathKey} uses a key type the bridge cannot pair from PEM; use an RSA or ECDSA key, or a PFX file.");
                return null;
            }

            using (privateKey)
            {
                try
                {
                    return privateKey switch
                    {
                        RSA rsa => certificate.CopyWithPrivateKey(rsa),
                        _ => certificate.CopyWithPrivateKey((ECDsa)privateKey),
                    };
                }
                catch (Exception exception) when (exception is ArgumentException or CryptographicException)
                {
                    failures.Add($"{setting.KeyPathKey} is not the private key of the certificate in {setting.PathKey}.");
                    return null;
                }
            }
        }
    }

    private static AsymmetricAlgorithm? ImportKey(X509Certificate2 certificate, string keyText, string? password)
    {
        AsymmetricAlgorithm? algorithm = certificate.GetKeyAlgorithm() switch
        {
            RsaOid => RSA.Create(),
            EcPublicKeyOid => ECDsa.Create(),
            _ => null,
        };
        if (algorithm is null)
        {
            return null;
        }

        try
        {
            if (password is null)
            {
                algorithm.ImportFromPem(keyText);
            }
            else
            {
                algorithm.ImportFromEncryptedPem(keyText, password);
            }

            return algorithm;
        }
        catch
        {
            algorithm.Dispose();
            throw;
        }
    }

    /// <summary>A PEM text file (RFC 7468) that carries a private key block after (or before) its certificate.</summary>
    private static bool IsPemWithPrivateKey(string fullPath)
    {
        byte[] content = File.ReadAllBytes(fullPath);
        ReadOnlySpan<byte> text = content;
        return text.IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0 && text.IndexOf("PRIVATE KEY-----"u8) >= 0;
    }

    private static bool FileExists(string fullPath, string key, string configured, List<string> failures)
    {
        if (File.Exists(fullPath))
        {
            return true;
        }

        string resolved = string.Equals(fullPath, configured, StringComparison.Ordinal) ? string.Empty : $" (resolved to {fullPath})";
        failures.Add($"{key} '{configured}' does not exist{resolved}.");
        return false;
    }

    private static string Leaf(string key) => key[(key.LastIndexOf(':') + 1)..];

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
