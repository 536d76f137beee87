using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// The bind settings reach the wire: address_range with its TON/NPI arrives in the BindRequest an SMPP server on
/// 127.0.0.1:0 decodes, and the client certificate is presented in a mutual-TLS handshake in front of that server.
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
        var authenticator = new CapturingAuthenticator();
        SmppServer server = StartServer(authenticator);
        MutualTlsFront front = new(server.LocalEndPoint);
        _disposables.Add(front);
        front.Start();
        CarrierTlsOptions tls = pfx
            ? new CarrierTlsOptions
            {
                Enabled = true,
                AllowInvalidCertificates = true,
                ClientCertificatePath = _client.Pfx,
                ClientCertificatePassword = ClientCertificateFiles.Password,
            }
            : new CarrierTlsOptions { Enabled = true, AllowInvalidCertificates = true, ClientCertificatePath = _client.CombinedPem };
        CarrierSupervisor supervisor = await StartSupervisorAsync(Options(front.Port, tls: tls));

        string? presented = await front.ClientThumbprint.Task.WaitAsync(Token);
        Assert.That(presented, Is.EqualTo(_client.Certificate.Thumbprint), "the certificate the SMSC received");
        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);

        Assert.That(authenticator.FirstBind.Task.IsCompletedSuccessfully, Is.True, "the bind travelled through the TLS front");
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

    private SmppServer StartServer(CapturingAuthenticator authenticator)
    {
        var server = new SmppServer(new SmppServerOptions
        {
            Session = SmppSessionOptions.Default with { Name = "smsc", EnquireLinkInterval = TimeSpan.Zero },
        }, new SilentHandler(), authenticator);
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

    private sealed class SilentHandler : ISmppServerHandler
    {
        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.CreateResponse(CommandStatus.Ok));
    }

    /// <summary>
    /// A TLS terminator on 127.0.0.1:0 that requires a client certificate, records its thumbprint and relays the
    /// plain bytes to the SMPP server behind it. The library's server can require a client certificate but checks it
    /// against the machine's trust store, where a test's self-signed certificate is not; this front accepts any
    /// certificate and tells the test which one came.
    /// </summary>
    private sealed class MutualTlsFront : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly IPEndPoint _backend;
        private readonly X509Certificate2 _serverCertificate;
        private readonly CancellationTokenSource _stop = new();
        private Task _accepting = Task.CompletedTask;

        public MutualTlsFront(IPEndPoint backend)
        {
            _backend = backend;
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            _serverCertificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        }

        public TaskCompletionSource<string?> ClientThumbprint { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Start()
        {
            _listener.Start();
            _accepting = AcceptAsync(_stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _accepting;
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException
                or System.Security.Authentication.AuthenticationException)
            {
                // Stopping closes whatever was relaying.
            }

            _stop.Dispose();
            _serverCertificate.Dispose();
        }

        private async Task AcceptAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync(cancellationToken);
                await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _serverCertificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        ClientThumbprint.TrySetResult(certificate?.GetCertHashString());
                        return certificate is not null;
                    },
                }, cancellationToken);

                using TcpClient backend = new();
                await backend.ConnectAsync(_backend, cancellationToken);
                NetworkStream plain = backend.GetStream();
                await Task.WhenAny(tls.CopyToAsync(plain, cancellationToken), plain.CopyToAsync(tls, cancellationToken));
            }
        }
    }
}
