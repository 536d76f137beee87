using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Tests.Api;
using RestcommSmppBridge.Tests.Carriers;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The watch over the certificates the bridge presents: Kestrel's HTTPS certificate (a PFX named by
/// <c>Kestrel:Endpoints:Https</c>) and a carrier's TLS client certificate (PEM + key, loaded by its profile), both
/// generated per test to expire 40 days after the fake clock's start. The clock only moves when a test advances it.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CertificateExpiryMonitorTests
{
    private const string KestrelSetting = "Kestrel:Endpoints:Https:Certificate:Path";
    private const string CarrierSetting = "Bridge:Carriers:0:Tls:ClientCertificatePath";

    private static readonly DateTimeOffset s_t0 = new(2030, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_notAfter = s_t0.AddDays(40);

    private string _folder = null!;
    private TestCertificate _server = null!;
    private ClientCertificateFiles _client = null!;
    private FakeTimeProvider _time = null!;
    private ListLoggerProvider _logs = null!;
    private ILoggerFactory _loggers = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public void CreateCertificates()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rsb-certexp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _server = TestCertificate.Create(_folder, s_t0.AddDays(-300), s_notAfter);
        _client = ClientCertificateFiles.Create(Path.Combine(_folder, "client"), s_t0.AddDays(-300), s_notAfter);
        _time = new FakeTimeProvider(s_t0);
        _logs = new ListLoggerProvider();
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    [TearDown]
    public void DeleteCertificates()
    {
        _loggers.Dispose();
        _logs.Dispose();
        _server.Dispose();
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Certificates_KestrelEndpointAndCarrier_BothWatchedWithSettingSubjectThumbprintAndNotAfter()
    {
        CertificateExpiryMonitor monitor = Monitor(Options());

        Assert.That(monitor.Certificates, Is.EqualTo(new[]
        {
            new WatchedCertificate(KestrelSetting, "CN=restcomm-smpp-bridge test", _server.Sha256, s_notAfter, "HTTPS clients"),
            new WatchedCertificate(CarrierSetting, "CN=restcomm-smpp-bridge carrier client",
                _client.Certificate.GetCertHashString(HashAlgorithmName.SHA256), s_notAfter, "the carrier's SMSC"),
        }));
    }

    [Test]
    public void Certificates_DefaultCertificateSharedByTwoHttpsEndpointsAndADisabledCarrier_WatchedOnce()
    {
        Dictionary<string, string?> settings = new()
        {
            ["Kestrel:Endpoints:A:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:B:Url"] = "https://[::1]:0",
            ["Kestrel:Endpoints:Plain:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = _server.CertificatePemPath,
            ["Kestrel:Certificates:Default:KeyPath"] = _server.KeyPemPath,
        };
        CertificateExpiryMonitor monitor = Monitor(Options(), settings, carrierEnabled: false);

        Assert.That(monitor.Certificates.Select(c => c.Setting), Is.EqualTo(new[] { "Kestrel:Certificates:Default:Path" }));
    }

    [Test]
    public async Task ExecuteAsync_ClockPassesWarningWindowThenNotAfter_DebugThenOneWarningPerCheckThenError()
    {
        // Every 11 days from 40 days left: 40 (fine), 29 (warn), 18 (warn), 7 (warn), -4 (expired).
        CertificateExpiryMonitor monitor = Monitor(Options(TimeSpan.FromDays(11)));
        await monitor.StartAsync(Token);
        try
        {
            List<(LogLevel, string)> start = await NextCheckAsync(0);
            _time.Advance(TimeSpan.FromDays(11));
            List<(LogLevel, string)> warned = await NextCheckAsync(1);
            // One period per advance: ticks that come faster than the monitor takes them are merged by PeriodicTimer.
            _time.Advance(TimeSpan.FromDays(11));
            await NextCheckAsync(2);
            _time.Advance(TimeSpan.FromDays(11));
            List<(LogLevel, string)> lastWarning = await NextCheckAsync(3);
            _time.Advance(TimeSpan.FromDays(11));
            List<(LogLevel, string)> expired = await NextCheckAsync(4);

            string server = $"TLS certificate of {KestrelSetting} (CN=restcomm-smpp-bridge test, {_server.Sha256})";
            string client = $"TLS certificate of {CarrierSetting} (CN=restcomm-smpp-bridge carrier client, "
                + $"{_client.Certificate.GetCertHashString(HashAlgorithmName.SHA256)})";
            Assert.Multiple(() =>
            {
                Assert.That(start, Is.EqualTo(new[]
                {
                    (LogLevel.Debug, $"{server} is valid until 2030-07-11 08:00:00Z: 40 days left"),
                    (LogLevel.Debug, $"{client} is valid until 2030-07-11 08:00:00Z: 40 days left"),
                }));
                Assert.That(warned, Is.EqualTo(new[]
                {
                    (LogLevel.Warning, $"{server} expires on 2030-07-11 08:00:00Z: 29 days left; replace the file (the bridge reads it again without a restart)"),
                    (LogLevel.Warning, $"{client} expires on 2030-07-11 08:00:00Z: 29 days left; replace the file (the bridge reads it again without a restart)"),
                }));
                Assert.That(lastWarning[0], Is.EqualTo((LogLevel.Warning,
                    $"{server} expires on 2030-07-11 08:00:00Z: 7 days left; replace the file (the bridge reads it again without a restart)")));
                Assert.That(expired, Is.EqualTo(new[]
                {
                    (LogLevel.Error, $"{server} expired on 2030-07-11 08:00:00Z; HTTPS clients will refuse it; replace the file (the bridge reads it again without a restart)"),
                    (LogLevel.Error, $"{client} expired on 2030-07-11 08:00:00Z; the carrier's SMSC will refuse it; replace the file (the bridge reads it again without a restart)"),
                }));
                Assert.That(MonitorLines(), Has.Count.EqualTo(10), "one line per certificate per check, nothing else");
            });
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public void Check_ExactlyAtTheWindowAndAtNotAfter_WarningThenError()
    {
        CertificateExpiryMonitor monitor = Monitor(Options());

        _time.SetUtcNow(s_notAfter.AddDays(-30));
        monitor.Check();
        _time.SetUtcNow(s_notAfter);
        monitor.Check();

        Assert.That(MonitorLines().Select(line => line.Level),
            Is.EqualTo(new[] { LogLevel.Warning, LogLevel.Warning, LogLevel.Error, LogLevel.Error }));
    }

    [Test]
    public void ExpiryGauge_ClockMoves_SecondsUntilNotAfterNegativeOnceExpired()
    {
        ServiceCollection services = new();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(Monitor(Options()));
        services.AddSingleton<BridgeMetrics>();
        using ServiceProvider provider = services.BuildServiceProvider();
        IMeterFactory factory = provider.GetRequiredService<IMeterFactory>();
        _ = provider.GetRequiredService<BridgeMetrics>();
        Dictionary<string, double> values = new();
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "bridge.certificate.expiry")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => values[(string)tags[0].Value!] = value);
        listener.Start();

        listener.RecordObservableInstruments();
        Dictionary<string, double> atStart = new(values);
        _time.Advance(TimeSpan.FromDays(39.5));
        listener.RecordObservableInstruments();
        Dictionary<string, double> halfADayLeft = new(values);
        _time.Advance(TimeSpan.FromDays(1));
        listener.RecordObservableInstruments();

        Assert.Multiple(() =>
        {
            Assert.That(atStart, Is.EqualTo(new Dictionary<string, double> { [KestrelSetting] = 40 * 86_400, [CarrierSetting] = 40 * 86_400 }));
            Assert.That(halfADayLeft[CarrierSetting], Is.EqualTo(43_200));
            Assert.That(values[KestrelSetting], Is.EqualTo(-43_200));
        });
    }

    [Test]
    public async Task MetricsEndpoint_CarrierClientCertificate_ExportedAsSecondsWithTheSetting()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddOperations(builder.Configuration);
        builder.Services.AddSingleton(Registry(CarrierProfile(enabled: true)));
        await using WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapBridgeMetrics();
        await app.StartAsync(Token);
        _time.Advance(TimeSpan.FromDays(10));

        using HttpClient http = new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        string metrics = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);
        await app.StopAsync(Token);

        Assert.That(metrics, Does.Match("bridge_certificate_expiry_seconds\\{[^}]*setting=\""
            + Regex.Escape(CarrierSetting) + "\"[^}]*\\} 2592000\\b"));
    }

    [TestCase("00:00:59", "30.00:00:00", "Bridge:Operations:CertificateCheckInterval 00:00:59 is outside 00:01:00 – 7.00:00:00; check often enough that a warning comes well before a certificate expires, and no more than once a minute.")]
    [TestCase("7.00:00:01", "30.00:00:00", "Bridge:Operations:CertificateCheckInterval 7.00:00:01 is outside 00:01:00 – 7.00:00:00; check often enough that a warning comes well before a certificate expires, and no more than once a minute.")]
    [TestCase("12:00:00", "23:59:59", "Bridge:Operations:CertificateExpiryWarning 23:59:59 is outside 1.00:00:00 – 365.00:00:00 (1 to 365 days before a certificate expires).")]
    [TestCase("12:00:00", "366.00:00:00", "Bridge:Operations:CertificateExpiryWarning 366.00:00:00 is outside 1.00:00:00 – 365.00:00:00 (1 to 365 days before a certificate expires).")]
    public void Validate_OutOfRange_OneLineNamingTheKey(string interval, string window, string expected)
    {
        Assert.That(() => BoundOptions(interval, window), Throws.TypeOf<OptionsValidationException>()
            .With.Property(nameof(OptionsValidationException.Failures)).EqualTo(new[] { expected }));
    }

    [TestCase(null, null, "12:00:00", "30.00:00:00")]
    [TestCase("00:01:00", "1.00:00:00", "00:01:00", "1.00:00:00")]
    [TestCase("7.00:00:00", "365.00:00:00", "7.00:00:00", "365.00:00:00")]
    public void Validate_DefaultsAndBounds_Accepted(string? interval, string? window, string expectedInterval, string expectedWindow)
    {
        CertificateExpiryOptions options = BoundOptions(interval, window);

        Assert.Multiple(() =>
        {
            Assert.That(options.CertificateCheckInterval, Is.EqualTo(TimeSpan.Parse(expectedInterval, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(options.CertificateExpiryWarning, Is.EqualTo(TimeSpan.Parse(expectedWindow, System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    /// <summary>Bound and validated as the host does it, through <c>AddOperations</c>.</summary>
    private static CertificateExpiryOptions BoundOptions(string? interval, string? window)
    {
        // A key that is absent (null here) keeps the default, as in a configuration that does not mention it.
        Dictionary<string, string?> settings = [];
        if (interval is not null)
        {
            settings["Bridge:Operations:CertificateCheckInterval"] = interval;
        }

        if (window is not null)
        {
            settings["Bridge:Operations:CertificateExpiryWarning"] = window;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        ServiceCollection services = new();
        services.AddOperations(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CertificateExpiryOptions>>().Value;
    }

    private static IOptions<CertificateExpiryOptions> Options(TimeSpan? interval = null) =>
        Microsoft.Extensions.Options.Options.Create(new CertificateExpiryOptions
        {
            CertificateCheckInterval = interval ?? TimeSpan.FromHours(12),
        });

    /// <summary>By default Kestrel's PFX (a path relative to the content root) and an enabled carrier with a client certificate.</summary>
    private CertificateExpiryMonitor Monitor(IOptions<CertificateExpiryOptions> options, Dictionary<string, string?>? settings = null,
        bool carrierEnabled = true)
    {
        settings ??= new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = Path.GetFileName(_server.PfxPath),
            ["Kestrel:Endpoints:Https:Certificate:Password"] = TestCertificate.Password,
        };
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        ICarrierRegistry registry = Registry(CarrierProfile(carrierEnabled));
        return new CertificateExpiryMonitor(configuration, _folder, registry, options, _time,
            _loggers.CreateLogger<CertificateExpiryMonitor>());
    }

    private CarrierProfile CarrierProfile(bool enabled)
    {
        return RestcommSmppBridge.Carriers.CarrierProfile.FromOptions(new CarrierOptions
        {
            Name = "alpha",
            Host = "127.0.0.1",
            Port = 2775,
            SystemId = "alpha",
            Password = "pw",
            Enabled = enabled,
            Tls = new CarrierTlsOptions
            {
                Enabled = true,
                ClientCertificatePath = _client.CertificatePem,
                ClientCertificateKeyPath = _client.KeyPem,
            },
        }, 0);
    }

    private static ICarrierRegistry Registry(CarrierProfile carrier)
    {
        Mock<ICarrierRegistry> registry = new();
        registry.Setup(r => r.Carriers).Returns([carrier]);
        registry.Setup(r => r.GetStates()).Returns([]);
        return registry.Object;
    }

    private List<(LogLevel Level, string Message)> MonitorLines() =>
        [.. _logs.Entries.Where(e => e.EventId.Id is >= 5160 and <= 5169).Select(e => (e.Level, e.Message))];

    /// <summary>Waits (bounded by the test's timeout) until check number <paramref name="check"/> (from 0) logged both certificates.</summary>
    private async Task<List<(LogLevel, string)>> NextCheckAsync(int check)
    {
        int expected = (check + 1) * 2;
        using PeriodicTimer poll = new(TimeSpan.FromMilliseconds(10));
        while (MonitorLines().Count < expected)
        {
            await poll.WaitForNextTickAsync(Token);
        }

        return [.. MonitorLines().Skip(check * 2).Take(2)];
    }
}
