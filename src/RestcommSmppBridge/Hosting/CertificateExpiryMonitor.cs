using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;

namespace RestcommSmppBridge.Hosting;

/// <summary>A certificate the bridge presents, as <see cref="CertificateExpiryMonitor"/> watches it.</summary>
/// <param name="Setting">The key that names its file, e.g. <c>Bridge:Carriers:0:Tls:ClientCertificatePath</c>.</param>
/// <param name="Subject">Its subject distinguished name.</param>
/// <param name="Thumbprint">SHA-256 of the certificate, upper-case hex (what <c>openssl x509 -fingerprint -sha256</c> shows).</param>
/// <param name="NotAfter">The end of its validity, UTC.</param>
/// <param name="Refuser">Who refuses it once it has expired.</param>
internal sealed record WatchedCertificate(string Setting, string Subject, string Thumbprint, DateTimeOffset NotAfter, string Refuser);

/// <summary>
/// Says, while the bridge runs for weeks, that a TLS certificate it presents is about to expire: the start check only
/// refuses one that has already expired, and neither Kestrel nor the SMPP client reloads a file. Watches Kestrel's
/// HTTPS file certificates (found as the start check finds them) and each enabled carrier's client certificate (the
/// instance its profile loaded at start and presents at every bind). Checks at start and then every
/// <see cref="CertificateExpiryOptions.CertificateCheckInterval"/>: a Warning inside
/// <see cref="CertificateExpiryOptions.CertificateExpiryWarning"/>, an Error once expired, Debug otherwise. The
/// <c>bridge.certificate.expiry</c> gauge of <see cref="BridgeMetrics"/> reads <see cref="Certificates"/>.
/// </summary>
internal sealed partial class CertificateExpiryMonitor : BackgroundService
{
    private const string HttpsClients = "HTTPS clients";

    private const string CarrierSmsc = "the carrier's SMSC";

    private readonly IConfiguration _configuration;
    private readonly string _contentRoot;
    private readonly ICarrierRegistry? _carriers;
    private readonly CertificateExpiryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CertificateExpiryMonitor> _logger;
    private readonly Lazy<IReadOnlyList<WatchedCertificate>> _certificates;

    public CertificateExpiryMonitor(IConfiguration configuration, string contentRoot, ICarrierRegistry? carriers,
        IOptions<CertificateExpiryOptions> options, TimeProvider time, ILogger<CertificateExpiryMonitor> logger)
    {
        _configuration = configuration;
        _contentRoot = contentRoot;
        _carriers = carriers;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // Collected once, by the first check or the first scrape, whichever comes first: the files are read once.
        _certificates = new Lazy<IReadOnlyList<WatchedCertificate>>(Collect, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Every certificate the bridge presents; read from the files (Kestrel's) once, at the first use.</summary>
    public IReadOnlyList<WatchedCertificate> Certificates => _certificates.Value;

    /// <summary>Checks every certificate against the clock once: one log line each.</summary>
    public void Check()
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (WatchedCertificate certificate in Certificates)
        {
            TimeSpan left = certificate.NotAfter - now;
            if (left <= TimeSpan.Zero)
            {
                Log.CertificateExpired(_logger, certificate.Setting, certificate.Subject, certificate.Thumbprint,
                    certificate.NotAfter, certificate.Refuser);
            }
            else if (left <= _options.CertificateExpiryWarning)
            {
                Log.CertificateExpiresSoon(_logger, certificate.Setting, certificate.Subject, certificate.Thumbprint,
                    certificate.NotAfter, (int)left.TotalDays);
            }
            else
            {
                Log.CertificateValid(_logger, certificate.Setting, certificate.Subject, certificate.Thumbprint,
                    certificate.NotAfter, (int)left.TotalDays);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Created before the first check, so the period counts from the start, not from the end of the first check.
        using PeriodicTimer timer = new(_options.CertificateCheckInterval, _time);
        try
        {
            do
            {
                Check();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing to finish.
        }
    }

    private List<WatchedCertificate> Collect()
    {
        List<WatchedCertificate> watched = [];
        foreach (IConfigurationSection section in HttpEndpointsValidator.HttpsCertificateFiles(_configuration))
        {
            // The start check loaded this file a moment ago; a second load here is the only other one, kept as
            // metadata (the key is not held). It fails only if the file changed in between.
            List<string> failures = [];
            using X509Certificate2? certificate = HttpEndpointsValidator.LoadFileCertificate(section, _contentRoot, failures,
                out CertificateSetting setting);
            if (certificate is null)
            {
                Log.CertificateNotWatched(_logger, setting.PathKey, string.Join(" ", failures));
                continue;
            }

            watched.Add(Watch(setting.PathKey, certificate, HttpsClients));
        }

        foreach (CarrierProfile carrier in _carriers?.Carriers ?? [])
        {
            if (carrier.Enabled && carrier.Client.Tls?.ClientCertificate is { } certificate)
            {
                string setting = string.Create(CultureInfo.InvariantCulture,
                    $"{CarriersOptions.CarriersKey}:{carrier.Index}:Tls:ClientCertificatePath");
                watched.Add(Watch(setting, certificate, CarrierSmsc));
            }
        }

        return watched;
    }

    private static WatchedCertificate Watch(string setting, X509Certificate2 certificate, string refuser) =>
        new(setting, certificate.Subject, certificate.GetCertHashString(HashAlgorithmName.SHA256),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero), refuser);

    /// <summary>Event ids 5160–5169 (host).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 5160, EventName = "CertificateValid", Level = LogLevel.Debug,
            Message = "TLS certificate of {Setting} ({Subject}, {Thumbprint}) is valid until {NotAfter:u}: {Days} days left")]
        public static partial void CertificateValid(ILogger logger, string setting, string subject, string thumbprint,
            DateTimeOffset notAfter, int days);

        [LoggerMessage(EventId = 5161, EventName = "CertificateExpiresSoon", Level = LogLevel.Warning,
            Message = "TLS certificate of {Setting} ({Subject}, {Thumbprint}) expires on {NotAfter:u}: {Days} days left; replace the file (the bridge reads it again without a restart)")]
        public static partial void CertificateExpiresSoon(ILogger logger, string setting, string subject, string thumbprint,
            DateTimeOffset notAfter, int days);

        [LoggerMessage(EventId = 5162, EventName = "CertificateExpired", Level = LogLevel.Error,
            Message = "TLS certificate of {Setting} ({Subject}, {Thumbprint}) expired on {NotAfter:u}; {Refuser} will refuse it; replace the file (the bridge reads it again without a restart)")]
        public static partial void CertificateExpired(ILogger logger, string setting, string subject, string thumbprint,
            DateTimeOffset notAfter, string refuser);

        [LoggerMessage(EventId = 5163, EventName = "CertificateNotWatched", Level = LogLevel.Warning,
            Message = "TLS certificate of {Setting} cannot be read again to watch its expiry: {Reason}")]
        public static partial void CertificateNotWatched(ILogger logger, string setting, string reason);
    }
}
