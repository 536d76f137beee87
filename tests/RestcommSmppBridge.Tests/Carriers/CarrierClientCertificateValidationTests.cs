using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Carriers;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// The start-time check of <c>Bridge:Carriers:N:Tls:ClientCertificatePath</c>: every file mistake is one line naming
/// the setting, never a stack trace, never the password. Certificates are generated per fixture into a temp folder
/// (valid now, expired, not yet valid, and a stranger whose key belongs to nobody here).
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierClientCertificateValidationTests
{
    private const string PathKey = "Bridge:Carriers:0:Tls:ClientCertificatePath";
    private const string KeyPathKey = "Bridge:Carriers:0:Tls:ClientCertificateKeyPath";
    private const string PasswordKey = "Bridge:Carriers:0:Tls:ClientCertificatePassword";

    private string _folder = null!;
    private DateTimeOffset _now;
    private ClientCertificateFiles _valid = null!;
    private ClientCertificateFiles _expired = null!;
    private ClientCertificateFiles _future = null!;
    private ClientCertificateFiles _stranger = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ctls-" + Guid.NewGuid().ToString("N"));
        _now = new DateTimeOffset(2031, 3, 14, 12, 0, 0, TimeSpan.Zero);
        _valid = ClientCertificateFiles.Create(Path.Combine(_folder, "valid"), _now.AddDays(-1), _now.AddDays(30));
        _expired = ClientCertificateFiles.Create(Path.Combine(_folder, "expired"), _now.AddDays(-30), _now.AddDays(-1));
        _future = ClientCertificateFiles.Create(Path.Combine(_folder, "future"), _now.AddDays(1), _now.AddDays(30));
        _stranger = ClientCertificateFiles.Create(Path.Combine(_folder, "stranger"), _now.AddDays(-1), _now.AddDays(30));
        File.WriteAllText(Path.Combine(_folder, "garbage.pfx"), "not a certificate");
    }

    [OneTimeTearDown]
    public void DeleteCertificates()
    {
        _valid.Dispose();
        _expired.Dispose();
        _future.Dispose();
        _stranger.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCase("valid/client.crt.pem", "valid/client.key.pem", null)]
    [TestCase("valid/client.crt.pem", "valid/client.key.encrypted.pem", ClientCertificateFiles.Password)]
    [TestCase("valid/client.combined.pem", null, null)]
    [TestCase("valid/client.pfx", null, ClientCertificateFiles.Password)]
    public void Validate_UsableCertificate_Succeeds(string path, string? keyPath, string? password)
    {
        ValidateOptionsResult result = Validate(path, keyPath, password);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase("absent.pem", null, null, PathKey + " '{dir}/absent.pem' does not exist.")]
    [TestCase("valid/client.crt.pem", "absent.key", null, KeyPathKey + " '{dir}/absent.key' does not exist.")]
    [TestCase("garbage.pfx", null, null, PathKey + " is neither a PFX file nor a certificate; for PEM, name the certificate in ClientCertificatePath and its key in ClientCertificateKeyPath.")]
    [TestCase("valid/client.crt.pem", null, null, PathKey + " is a certificate without its private key; set " + KeyPathKey + " to its PEM key file (or use a PFX).")]
    [TestCase("valid/client.nokey.pfx", null, ClientCertificateFiles.Password, PathKey + " '{dir}/valid/client.nokey.pfx' holds no private key; an SMSC that asks for a client certificate needs its private key for the TLS handshake.")]
    [TestCase("valid/client.pfx", null, "wrong-pass", PathKey + " is a PFX file that does not open with the configured password; set " + PasswordKey + " (in the environment: Bridge__Carriers__0__Tls__ClientCertificatePassword).")]
    [TestCase("valid/client.pfx", null, null, PathKey + " is a PFX file that does not open with the configured password;")]
    [TestCase("valid/client.crt.pem", "valid/client.key.encrypted.pem", null, KeyPathKey + " holds no readable PEM private key; if the key is encrypted, set " + PasswordKey)]
    [TestCase("valid/client.crt.pem", "valid/client.key.encrypted.pem", "wrong-pass", KeyPathKey + " does not open with " + PasswordKey + ", or holds no PEM private key.")]
    [TestCase("valid/client.crt.pem", "valid/client.crt.pem", null, KeyPathKey + " holds no readable PEM private key")]
    [TestCase("valid/client.crt.pem", "stranger/client.key.pem", null, KeyPathKey + " is not the private key of the certificate in " + PathKey + ".")]
    [TestCase("expired/client.pfx", null, ClientCertificateFiles.Password, PathKey + " '{dir}/expired/client.pfx' expired on 2031-03-13 12:00:00 UTC; the SMSC will refuse it.")]
    [TestCase("future/client.combined.pem", null, null, PathKey + " '{dir}/future/client.combined.pem' is not valid before 2031-03-15 12:00:00 UTC; check the clock or the certificate.")]
    public void Validate_CertificateMistake_OneLineNamingTheSetting(string path, string? keyPath, string? password, string expected)
    {
        ValidateOptionsResult result = Validate(path, keyPath, password);

        Assert.That(result.Failures?.ToArray(), Has.Length.EqualTo(1).And.One.StartsWith(expected.Replace("{dir}", _folder, StringComparison.Ordinal)));
        Assert.That(result.FailureMessage, Does.Not.Contain("wrong-pass"), "the password is never echoed");
    }

    [Test]
    public void Validate_RelativePaths_OneLineEachAskingForAbsolutePaths()
    {
        Dictionary<string, string?> settings = Settings("client.pfx", null, null);
        settings[PathKey] = "tls/client.crt.pem";
        settings[KeyPathKey] = "tls/client.key.pem";

        ValidateOptionsResult result = Validate(settings);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            PathKey + " 'tls/client.crt.pem' must be an absolute path (such as /etc/restcomm-smpp-bridge/carrier.pem).",
            KeyPathKey + " 'tls/client.key.pem' must be an absolute path (such as /etc/restcomm-smpp-bridge/carrier.pem).",
        }));
    }

    [Test]
    public void Validate_DisabledCarrierWithMissingCertificate_SucceedsWithoutOpeningIt()
    {
        Dictionary<string, string?> settings = Settings("absent.pem", null, null);
        settings["Bridge:Carriers:0:Enabled"] = "false";

        ValidateOptionsResult result = Validate(settings);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_CertificatePasswordInAppsettingsFile_FailsAskingForTheEnvironment()
    {
        string json = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(json, "{ \"Bridge\": { \"Carriers\": [ { \"Tls\": { \"ClientCertificatePassword\": \"" + ClientCertificateFiles.Password + "\" } } ] } }");
        Dictionary<string, string?> settings = Settings("valid/client.pfx", null, null);
        settings.Remove(PasswordKey);
        IConfigurationRoot configuration = new ConfigurationBuilder()
            .AddJsonFile(json)
            .AddInMemoryCollection(settings)
            .Build();

        ValidateOptionsResult result = Validate(configuration);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            PasswordKey + " is written in appsettings.json; remove it there and set it in the environment as Bridge__Carriers__0__Tls__ClientCertificatePassword.",
        }));
        Assert.That(result.FailureMessage, Does.Not.Contain(ClientCertificateFiles.Password));
    }

    [Test]
    public void ToString_WithCertificatePassword_MasksIt()
    {
        var options = new CarrierOptions
        {
            Name = "alpha",
            Tls = new CarrierTlsOptions { Enabled = true, ClientCertificatePath = "/x.pfx", ClientCertificatePassword = "hush-hush" },
        };

        string text = options.ToString();

        Assert.That(text, Does.Contain("ClientCertificatePassword = ***").And.Contain("ClientCertificatePath = /x.pfx").And.Not.Contain("hush-hush"));
    }

    private ValidateOptionsResult Validate(string path, string? keyPath, string? password) =>
        Validate(Settings(path, keyPath, password));

    private ValidateOptionsResult Validate(Dictionary<string, string?> settings) =>
        Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private ValidateOptionsResult Validate(IConfigurationRoot configuration)
    {
        var options = new CarriersOptions();
        configuration.GetSection(CarriersOptions.SectionName).Bind(options);
        return new CarriersOptionsValidator(configuration, new FakeTimeProvider(_now)).Validate(null, options);
    }

    private Dictionary<string, string?> Settings(string path, string? keyPath, string? password) => new()
    {
        ["Bridge:Carriers:0:Name"] = "alpha",
        ["Bridge:Carriers:0:Host"] = "smsc.example.net",
        ["Bridge:Carriers:0:SystemId"] = "bridge",
        ["Bridge:Carriers:0:Password"] = "secret",
        ["Bridge:Carriers:0:Tls:Enabled"] = "true",
        [PathKey] = Path.Combine(_folder, path),
        [KeyPathKey] = keyPath is null ? null : Path.Combine(_folder, keyPath),
        [PasswordKey] = password,
    };
}
