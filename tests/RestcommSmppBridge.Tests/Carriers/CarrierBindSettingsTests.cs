using System.Security.Cryptography.X509Certificates;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// The bind settings reach the wire: address_range with its TON/NPI arrives in the BindRequest an SMPP server on
/// 127.0.0.1:0 decodes, and the client certificate is presented in that server's mutual-TLS handshake.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierBindSettingsTests
{
    private readonly AsyncDisposables _disposables = new();
    private string _folder = null!;
    private ClientCertificateFiles _client = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public void CreateCertificate()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ctls-bind-" + Guid.NewGuid().ToString("N"));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _client = ClientCertificateFiles.Create(_folder, now.AddDays(-1), now.AddDays(1));
    }

    [OneTimeTearDown]
    public void DeleteCertificate()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public void FromOptions_AddressRangeAndClientCertificate_MapToTheLibrary()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(Options(1, addressRange: "^44[0-9]+$", ton: "1", npi: "1",
            tls: new CarrierTlsOptions
            {
                Enabled = true,
                ClientCertificatePath = _client.CertificatePem,
                ClientCertificateKeyPath = _client.EncryptedKeyPem,
                ClientCertificatePassword = ClientCertificateFiles.Password,
            }), 0);

        Assert.Multiple(() =>
        {
            Assert.That(profile.Client.AddressRange, Is.EqualTo("^44[0-9]+$"));
            Assert.That(profile.Client.AddrTon, Is.EqualTo(TypeOfNumber.International));
            Assert.That(profile.Client.AddrNpi, Is.EqualTo(NumberingPlan.Isdn));
            Assert.That(profile.Client.Tls?.ClientCertificate?.Thumbprint, Is.EqualTo(_client.Certificate.Thumbprint));
            Assert.That(profile.Client.Tls?.ClientCertificate?.HasPrivateKey, Is.True);
        });
    }

    [Test]
    public void FromOptions_Defaults_EmptyRangeUnknownTonNpiNoCertificate()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(Options(1, tls: new CarrierTlsOptions { Enabled = true }), 0);

        Assert.Multiple(() =>
        {
            Assert.That(profile.Client.AddressRange, Is.Empty);
            Assert.That(profile.Client.AddrTon, Is.EqualTo(TypeOfNumber.Unknown));
            Assert.That(profile.Client.AddrNpi, Is.EqualTo(NumberingPlan.Unknown));
            Assert.That(profile.Client.Tls?.ClientCertificate, Is.Null);
        });
    }

    [Test]
    public async Task Bind_AddressRangeSettings_ArriveInTheBindRequest()
    {
        var authenticator = new CapturingAuthenticator();
        SmppServer server = StartServer(authenticator);
        CarrierSupervisor supervisor = await StartSupervisorAsync(Options(server.LocalEndPoint.Port, addressRange: "^3538[0-9]{7}$", ton: "2", npi: "8"));

        BindRequest bind = await authenticator.FirstBind.Task.WaitAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);

        Assert.Multiple(() =>
        {
            Assert.That(bind.AddressRange, Is.EqualTo("^3538[0-9]{7}$"));
            Assert.That(bind.AddrTon, Is.EqualTo(TypeOfNumber.National));
            Assert.That(bind.AddrNpi, Is.EqualTo(NumberingPlan.National));
            Assert.That(bind.SystemId, Is.EqualTo("alpha"));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Bind_MutualTls_PresentsTheConfiguredCertificateAndBinds(bool pfx)
    {
        // The SMSC requires a client certificate and accepts only the test's (self-signed, so pinned): a bind that
        // comes up proves the carrier presented the configured certificate.
        var authenticator = new CapturingAuthenticator();
        using X509Certificate2 serverCertificate = CarrierTestKit.CreateSmscCertificate();
        SmppServer server = StartServer(authenticator, new TlsServerOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateRequired = true,
            PinnedClientThumbprints = [_client.Certificate.Thumbprint],
        });
        CarrierTlsOptions tls = pfx
            ? new CarrierTlsOptions
            {
                Enabled = true,
                AllowInvalidCertificates = true,
                ClientCertificatePath = _client.Pfx,
                ClientCertificatePassword = ClientCertificateFiles.Password,
            }
            : new CarrierTlsOptions { Enabled = true, AllowInvalidCertificates = true, ClientCertificatePath = _client.CombinedPem };
        CarrierSupervisor supervisor = await StartSupervisorAsync(Options(server.LocalEndPoint.Port, tls: tls));

        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);

        Assert.That(authenticator.FirstBind.Task.IsCompletedSuccessfully, Is.True, "the bind travelled over mutual TLS");
    }

    private static CarrierOptions Options(int port, string? addressRange = null, string? ton = null, string? npi = null,
        CarrierTlsOptions? tls = null) => new()
        {
            Name = "alpha",
            Host = "127.0.0.1",
            Port = port,
            SystemId = "alpha",
            Password = "pw",
            AddressRange = addressRange,
            AddressRangeTon = ton,
            AddressRangeNpi = npi,
            Tls = tls ?? new CarrierTlsOptions(),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            EnquireLinkInterval = TimeSpan.Zero,
            ResponseTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };

    private SmppServer StartServer(CapturingAuthenticator authenticator, TlsServerOptions? tls = null)
    {
        var server = new SmppServer(new SmppServerOptions
        {
            Session = SmppSessionOptions.Default with { Name = "smsc", EnquireLinkInterval = TimeSpan.Zero },
            Tls = tls,
        }, new CarrierTestKit.AcceptingSmscHandler(), authenticator);
        server.Start();
        _disposables.Add(server);
        return server;
    }

    private async Task<CarrierSupervisor> StartSupervisorAsync(CarrierOptions options)
    {
        CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(options));
        _disposables.Add(supervisor);
        await supervisor.StartAsync(Token);
        return supervisor;
    }

    /// <summary>Accepts every bind and keeps the first one as decoded by the server.</summary>
    private sealed class CapturingAuthenticator : ISmppBindAuthenticator
    {
        public TaskCompletionSource<BindRequest> FirstBind { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<CommandStatus> AuthenticateAsync(BindRequest bind, string remoteEndPoint, CancellationToken cancellationToken)
        {
            FirstBind.TrySetResult(bind);
            return ValueTask.FromResult(CommandStatus.Ok);
        }
    }
}
