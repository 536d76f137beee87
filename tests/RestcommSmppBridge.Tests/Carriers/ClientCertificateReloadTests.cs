using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Tests.Rcml;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// A carrier's TLS client certificate is read again when its file is replaced (a renewal): the next bind presents
/// the new one, no restart; a replacement that cannot be used is logged and the certificate in use stays.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ClientCertificateReloadTests
{
    private const string Key = "Bridge:Carriers:0";

    private readonly AsyncDisposables _disposables = new();
    private string _folder = null!;
    private ClientCertificateFiles _first = null!;
    private ClientCertificateFiles _renewed = null!;
    private ClientCertificateFiles _expired = null!;
    private string _path = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public void CreateCertificates()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ctls-reload-" + Guid.NewGuid().ToString("N"));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _first = ClientCertificateFiles.Create(Path.Combine(_folder, "first"), now.AddDays(-1), now.AddDays(1));
        _renewed = ClientCertificateFiles.Create(Path.Combine(_folder, "renewed"), now.AddDays(-1), now.AddDays(30));
        _expired = ClientCertificateFiles.Create(Path.Combine(_folder, "expired"), now.AddDays(-30), now.AddDays(-1));
        _path = Path.Combine(_folder, "carrier-client.pem");
        File.Copy(_first.CombinedPem, _path);
    }

    [TearDown]
    public async Task DeleteAll()
    {
        await _disposables.DisposeAsync();
        _first.Dispose();
        _renewed.Dispose();
        _expired.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Current_FileUnchanged_SameCertificateAndNothingLogged()
    {
        ListLogger<ReloadingClientCertificate> logger = new();
        ReloadingClientCertificate certificate = Start(logger);

        Assert.Multiple(() =>
        {
            Assert.That(certificate.Current().Thumbprint, Is.EqualTo(_first.Certificate.Thumbprint));
            Assert.That(certificate.Current().Thumbprint, Is.EqualTo(_first.Certificate.Thumbprint));
            Assert.That(logger.Entries, Is.Empty);
        });
    }

    [Test]
    public void Current_FileReplacedByARenewedCertificate_PresentsTheNewOneAndSaysSo()
    {
        ListLogger<ReloadingClientCertificate> logger = new();
        ReloadingClientCertificate certificate = Start(logger);

        Replace(_renewed.CombinedPem);
        X509Certificate2 current = certificate.Current();

        Assert.Multiple(() =>
        {
            Assert.That(current.Thumbprint, Is.EqualTo(_renewed.Certificate.Thumbprint));
            Assert.That(current.HasPrivateKey, Is.True);
            Assert.That(logger.Entries, Has.Count.EqualTo(1));
            Assert.That(logger.Entries[0].Level, Is.EqualTo(LogLevel.Information));
            Assert.That(logger.Entries[0].EventId.Id, Is.EqualTo(6015));
            Assert.That(logger.Entries[0].Message, Does.Contain(_renewed.Certificate.Thumbprint).And.Contain("alpha"));
        });
    }

    [Test]
    public void Current_FileReplacedByGarbageThenByARenewal_KeepsTheOldOneWarnsOnceThenTakesTheRenewal()
    {
        ListLogger<ReloadingClientCertificate> logger = new();
        ReloadingClientCertificate certificate = Start(logger);

        // What a reader can see while the file is being written: not a certificate yet.
        File.WriteAllText(_path, "-----BEGIN CERTIFICATE-----\nMIIB");
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(-5));
        string whileBroken = certificate.Current().Thumbprint;
        string stillBroken = certificate.Current().Thumbprint;
        int entriesWhileBroken = logger.Entries.Count;

        Replace(_renewed.CombinedPem);
        string renewed = certificate.Current().Thumbprint;

        Assert.Multiple(() =>
        {
            Assert.That(whileBroken, Is.EqualTo(_first.Certificate.Thumbprint));
            Assert.That(stillBroken, Is.EqualTo(_first.Certificate.Thumbprint));
            Assert.That(entriesWhileBroken, Is.EqualTo(1), "one warning per change of the file, not per bind");
            Assert.That(logger.Entries[0].Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(logger.Entries[0].EventId.Id, Is.EqualTo(6016));
            Assert.That(logger.Entries[0].Message, Does.Contain($"{Key}:Tls:ClientCertificatePath")
                .And.Contain(_first.Certificate.Thumbprint));
            Assert.That(renewed, Is.EqualTo(_renewed.Certificate.Thumbprint));
        });
    }

    [Test]
    public void Current_FileReplacedByAnExpiredCertificate_KeepsTheValidOne()
    {
        ListLogger<ReloadingClientCertificate> logger = new();
        ReloadingClientCertificate certificate = Start(logger);

        Replace(_expired.CombinedPem);

        Assert.Multiple(() =>
        {
            Assert.That(certificate.Current().Thumbprint, Is.EqualTo(_first.Certificate.Thumbprint));
            Assert.That(logger.Entries.Select(e => (e.Level, e.EventId.Id)), Is.EqualTo(new[] { (LogLevel.Warning, 6016) }));
            Assert.That(logger.Entries[0].Message, Does.Contain("expired"));
        });
    }

    [Test]
    public async Task Bind_CertificateFileRenewedWhileTheSmscRefusesTheOldOne_NextBindPresentsTheRenewalAndBinds()
    {
        // The SMSC accepts only the renewed certificate (pinned, self-signed): with the first one every handshake
        // fails; once the file holds the renewal, the next reconnect presents it and the bind comes up.
        using X509Certificate2 serverCertificate = CarrierTestKit.CreateSmscCertificate();
        SmppServer server = new(new SmppServerOptions
        {
            Session = SmppSessionOptions.Default with { Name = "smsc", EnquireLinkInterval = TimeSpan.Zero },
            Tls = new TlsServerOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateRequired = true,
                PinnedClientThumbprints = [_renewed.Certificate.Thumbprint],
            },
        }, new CarrierTestKit.AcceptingSmscHandler());
        server.Start();
        _disposables.Add(server);
        CarrierOptions options = Options(server.LocalEndPoint.Port);
        CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(options));
        _disposables.Add(supervisor);
        await supervisor.StartAsync(Token);

        CarrierState refused = await supervisor.WaitForStateAsync("alpha", s => s.Binds.Any(b => b.LastError is not null), Token);
        Replace(_renewed.CombinedPem);
        CarrierState bound = await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);

        Assert.Multiple(() =>
        {
            Assert.That(refused.BoundBinds, Is.Zero, "the SMSC refused the first certificate");
            Assert.That(bound.BoundBinds, Is.EqualTo(1));
        });
    }

    private ReloadingClientCertificate Start(ILogger logger)
    {
        CarrierOptions options = Options(2775);
        List<string> failures = [];
        X509Certificate2 initial = CarrierClientCertificate.Load(options, Key, failures)
            ?? throw new AssertionException(string.Join(" ", failures));
        return new ReloadingClientCertificate(options, Key, initial, logger, TimeProvider.System);
    }

    /// <summary>Writes <paramref name="source"/>'s content over the carrier's file, as a renewal does.</summary>
    private void Replace(string source)
    {
        File.Copy(source, _path, overwrite: true);

        // A change the stamp must see even if the new file has the old one's length and the clock's tick is coarse.
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(Random.Shared.Next(1, 1000)));
    }

    private CarrierOptions Options(int port) => new()
    {
        Name = "alpha",
        Host = "127.0.0.1",
        Port = port,
        SystemId = "alpha",
        Password = "pw",
        Tls = new CarrierTlsOptions { Enabled = true, AllowInvalidCertificates = true, ClientCertificatePath = _path },
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        EnquireLinkInterval = TimeSpan.Zero,
        ResponseTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
