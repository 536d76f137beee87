using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The start-time check of every endpoint Kestrel would open: plain HTTP only on loopback unless a TLS proxy is
/// declared, and HTTPS certificates that exist, open and carry their key. Certificates are generated into a temp
/// folder per fixture.
/// </summary>
[TestFixture]
public sealed class HttpEndpointsValidatorTests
{
    private string _folder = null!;
    private TestCertificate _certificate = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rsb-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _certificate = TestCertificate.Create(_folder);
    }

    [OneTimeTearDown]
    public void DeleteCertificates()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ValidateOptionsResult Validate(Dictionary<string, string?> settings, bool allowProxy = false)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        HttpEndpointsValidator validator = new(configuration, _folder, new FakeTimeProvider(DateTimeOffset.UtcNow));
        return validator.Validate(null, new HttpSecurityOptions { AllowPlainHttpBehindProxy = allowProxy });
    }

    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://127.0.0.2:8080")]
    [TestCase("http://localhost:5000")]
    [TestCase("http://LOCALHOST:5000")]
    [TestCase("http://[::1]:8080")]
    [TestCase("http://unix:/run/restcomm-smpp-bridge.sock")]
    [TestCase("http://127.0.0.1:8080; http://[::1]:8080")]
    public void Validate_PlainHttpOnLoopback_Succeeds(string urls)
    {
        ValidateOptionsResult result = Validate(new() { ["Urls"] = urls });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_NothingConfigured_SucceedsBecauseKestrelDefaultsToLocalhost()
    {
        Assert.That(Validate([]).Succeeded, Is.True);
    }

    [TestCase("http://0.0.0.0:8080", "")]
    [TestCase("http://[::]:8080", "")]
    [TestCase("http://*:8080", "")]
    [TestCase("http://+:8080", "")]
    [TestCase("http://192.168.1.10:8080", "")]
    [TestCase("http://bridge.example.com:8080", " (Kestrel listens on every interface for a host name other than localhost)")]
    public void Validate_PlainHttpOnNetworkAddress_FailsWithOneClearLine(string url, string hostNote)
    {
        ValidateOptionsResult result = Validate(new() { ["Urls"] = url });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Exactly(1).Items);
        Assert.That(result.Failures!.Single(), Does.StartWith($"Urls '{url}' serves plain HTTP on a network address{hostNote}. "));
        Assert.That(result.Failures!.Single(), Does.Contain("Bridge:Http:AllowPlainHttpBehindProxy"));
    }

    [TestCase("http://0.0.0.0:8080")]
    [TestCase("http://10.0.0.5:8080;http://127.0.0.1:8081")]
    public void Validate_PlainHttpBehindDeclaredProxy_Succeeds(string urls)
    {
        Assert.That(Validate(new() { ["Urls"] = urls }, allowProxy: true).Succeeded, Is.True);
    }

    [Test]
    public void Validate_OneBadUrlAmongSeveral_NamesThatOne()
    {
        ValidateOptionsResult result = Validate(new() { ["Urls"] = "http://127.0.0.1:8080;http://0.0.0.0:8081" });

        Assert.That(result.Failures, Has.Exactly(1).Items);
        Assert.That(result.Failures!.Single(), Does.StartWith("Urls 'http://0.0.0.0:8081' serves plain HTTP"));
    }

    [Test]
    public void Validate_HttpPortsWithoutUrls_FailsBecauseItBindsEveryInterface()
    {
        ValidateOptionsResult result = Validate(new() { ["HTTP_PORTS"] = "8080" });

        Assert.That(result.Failures!.Single(), Does.StartWith("HTTP_PORTS 'http://*:8080' serves plain HTTP on a network address."));
    }

    [Test]
    public void Validate_UrlsSet_HttpPortsIgnoredAsKestrelDoes()
    {
        Assert.That(Validate(new() { ["Urls"] = "http://127.0.0.1:8080", ["HTTP_PORTS"] = "8080" }).Succeeded, Is.True);
    }

    [Test]
    public void Validate_KestrelEndpointsPresent_UrlsIgnoredAndEndpointNamedByKey()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Urls"] = "http://127.0.0.1:8080",
            ["Kestrel:Endpoints:Public:Url"] = "http://0.0.0.0:80",
        });

        Assert.That(result.Failures!.Single(), Does.StartWith("Kestrel:Endpoints:Public:Url 'http://0.0.0.0:80' serves plain HTTP"));
    }

    [Test]
    public void Validate_KestrelEndpointWithoutUrl_Fails()
    {
        ValidateOptionsResult result = Validate(new() { ["Kestrel:Endpoints:Web:Protocols"] = "Http1" });

        Assert.That(result.Failures!.Single(), Is.EqualTo("Kestrel:Endpoints:Web:Url is missing; every endpoint under Kestrel:Endpoints needs a Url."));
    }

    [TestCase("http//oops")]
    [TestCase("ftp://0.0.0.0:21")]
    public void Validate_UnusableUrl_Fails(string url)
    {
        ValidateOptionsResult result = Validate(new() { ["Urls"] = url });

        Assert.That(result.Failures!.Single(), Does.StartWith($"Urls '{url}' "));
    }

    [Test]
    public void Validate_HttpsEndpointWithPemCertificateAndKey_Succeeds()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _certificate.KeyPemPath,
        });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_RelativePaths_ResolveAgainstContentRootAsKestrelDoes()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = Path.GetFileName(_certificate.CertificatePemPath),
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = Path.GetFileName(_certificate.KeyPemPath),
        });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_EncryptedPemKeyWithPassword_Succeeds()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://[::]:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _certificate.EncryptedKeyPemPath,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = TestCertificate.Password,
        });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_PfxWithPassword_SucceedsAsDefaultCertificateForUrls()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Urls"] = "https://0.0.0.0:8443;https://[::]:8443",
            ["Kestrel:Certificates:Default:Path"] = _certificate.PfxPath,
            ["Kestrel:Certificates:Default:Password"] = TestCertificate.Password,
        });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_PfxWithWrongPassword_FailsNamingThePasswordKeyAndVariable()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.PfxPath,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = "wrong",
        });

        Assert.That(result.Failures!.Single(), Is.EqualTo(
            "Kestrel:Endpoints:Https:Certificate:Path is a PFX file that does not open with the configured password; set "
            + "Kestrel:Endpoints:Https:Certificate:Password (in the environment: Kestrel__Endpoints__Https__Certificate__Password)."));
    }

    [Test]
    public void Validate_EncryptedKeyWithoutPassword_FailsSuggestingThePassword()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _certificate.EncryptedKeyPemPath,
        });

        Assert.That(result.Failures!.Single(), Does.StartWith("Kestrel:Endpoints:Https:Certificate:KeyPath holds no readable PEM private key; if the key is encrypted, set Kestrel:Endpoints:Https:Certificate:Password"));
    }

    [Test]
    public void Validate_HttpsWithoutAnyCertificate_FailsNamingWhereToPutOne()
    {
        ValidateOptionsResult endpoint = Validate(new() { ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443" });
        ValidateOptionsResult urls = Validate(new() { ["Urls"] = "https://0.0.0.0:8443" });

        Assert.That(endpoint.Failures!.Single(), Does.StartWith("Kestrel:Endpoints:Https:Url 'https://0.0.0.0:8443' is HTTPS but has no certificate: set Kestrel:Endpoints:Https:Certificate:Path"));
        Assert.That(urls.Failures!.Single(), Does.StartWith("Urls 'https://0.0.0.0:8443' is HTTPS but has no certificate: set Kestrel:Certificates:Default:Path"));
    }

    [Test]
    public void Validate_MissingCertificateFile_FailsWithResolvedPath()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = "tls/missing.pem",
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _certificate.KeyPemPath,
        });

        Assert.That(result.Failures!.Single(), Is.EqualTo(
            $"Kestrel:Endpoints:Https:Certificate:Path 'tls/missing.pem' does not exist (resolved to {Path.Combine(_folder, "tls/missing.pem")})."));
    }

    [Test]
    public void Validate_MissingKeyFile_Fails()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = "/nonexistent/key.pem",
        });

        Assert.That(result.Failures!.Single(), Is.EqualTo("Kestrel:Endpoints:Https:Certificate:KeyPath '/nonexistent/key.pem' does not exist."));
    }

    [Test]
    public void Validate_PemCertificateWithoutKeyPath_FailsAskingForTheKey()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
        });

        Assert.That(result.Failures!.Single(), Does.StartWith("Kestrel:Endpoints:Https:Certificate:Path is a certificate without its private key; set Kestrel:Endpoints:Https:Certificate:KeyPath"));
    }

    [Test]
    public void Validate_KeyOfAnotherCertificate_Fails()
    {
        string other = Path.Combine(_folder, "other");
        Directory.CreateDirectory(other);
        using TestCertificate stranger = TestCertificate.Create(other);

        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = stranger.KeyPemPath,
        });

        Assert.That(result.Failures!.Single(), Is.EqualTo("Kestrel:Endpoints:Https:Certificate:KeyPath is not the private key of the certificate in Kestrel:Endpoints:Https:Certificate:Path."));
    }

    [Test]
    public void Validate_KeyPathIsNotAKey_Fails()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _certificate.CertificatePemPath,
        });

        Assert.That(result.Failures!.Single(), Does.StartWith("Kestrel:Endpoints:Https:Certificate:KeyPath holds no readable PEM private key"));
    }

    [Test]
    public void Validate_GarbageCertificateFile_Fails()
    {
        string garbage = Path.Combine(_folder, "garbage.pfx");
        File.WriteAllText(garbage, "not a certificate");

        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = garbage,
        });

        Assert.That(result.Failures!.Single(), Does.StartWith("Kestrel:Endpoints:Https:Certificate:Path is neither a PFX file nor a certificate"));
    }

    [Test]
    public void Validate_ExpiredCertificate_Fails()
    {
        string expired = Path.Combine(_folder, "expired");
        Directory.CreateDirectory(expired);
        using TestCertificate old = TestCertificate.Create(expired, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

        ValidateOptionsResult result = Validate(new()
        {
            ["Urls"] = "https://0.0.0.0:8443",
            ["Kestrel:Certificates:Default:Path"] = old.CertificatePemPath,
            ["Kestrel:Certificates:Default:KeyPath"] = old.KeyPemPath,
        });

        Assert.That(result.Failures!.Single(), Does.StartWith($"Kestrel:Certificates:Default:Path '{old.CertificatePemPath}' expired on "));
    }

    [Test]
    public void Validate_DefaultCertificateSharedByEndpoints_IsReportedOnce()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Urls"] = "https://0.0.0.0:8443;https://[::]:8443",
            ["Kestrel:Certificates:Default:Path"] = "absent.pfx",
        });

        Assert.That(result.Failures, Has.Exactly(1).Items);
    }

    [Test]
    public void Validate_SeveralMistakes_OneLineEach()
    {
        ValidateOptionsResult result = Validate(new()
        {
            ["Kestrel:Endpoints:Plain:Url"] = "http://0.0.0.0:80",
            ["Kestrel:Endpoints:Tls:Url"] = "https://0.0.0.0:443",
        });

        Assert.That(result.Failures, Has.Exactly(2).Items);
    }
}
