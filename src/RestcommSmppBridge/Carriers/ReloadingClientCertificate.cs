using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// A carrier's TLS client certificate read from its files (<c>Tls:ClientCertificatePath</c>, and
/// <c>ClientCertificateKeyPath</c> when set) and read again when they change, so a renewed certificate is presented
/// from the carrier's next bind on without a restart (Kestrel does the same for its HTTPS files). Each connect asks
/// <see cref="Current"/>, which compares the files' sizes and modification times with those of the last read: no
/// change, no read. A changed file that cannot be used (still being written, wrong password, no private key, expired
/// or not yet valid) is logged once and the certificate in use stays; the next change is tried again.
/// </summary>
internal sealed partial class ReloadingClientCertificate
{
    private readonly CarrierOptions _carrier;
    private readonly string _key;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private FileStamp _stamp;

    /// <summary>Starts with <paramref name="initial"/>, the certificate the start-time check loaded from the files.</summary>
    public ReloadingClientCertificate(CarrierOptions carrier, string key, X509Certificate2 initial, ILogger logger, TimeProvider time)
    {
        _carrier = carrier;
        _key = key;
        _logger = logger;
        _time = time;
        _current = initial;
        _stamp = StampOf(carrier);
    }

    /// <summary>The certificate to present now: the files' current one when they changed and can be used, else the last good one.</summary>
    public X509Certificate2 Current()
    {
        FileStamp stamp = StampOf(_carrier);
        lock (_lock)
        {
            if (stamp == _stamp)
            {
                return _current;
            }

            _stamp = stamp;
            List<string> failures = [];
            X509Certificate2? loaded = CarrierClientCertificate.Load(_carrier, _key, failures);
            if (loaded is not null && !CarrierClientCertificate.CheckUsable(_carrier, _key, loaded, _time.GetUtcNow(), failures))
            {
                loaded.Dispose();
                loaded = null;
            }

            if (loaded is null)
            {
                Log.ReloadFailed(_logger, _carrier.Name!, string.Join(" ", failures), _current.Thumbprint);
                return _current;
            }

            // The previous certificate is not disposed: a handshake on another bind may still be using it.
            _current = loaded;
            DateTime notAfter = loaded.NotAfter.ToUniversalTime();
            Log.Reloaded(_logger, _carrier.Name!, loaded.Subject, loaded.Thumbprint, notAfter);
            return _current;
        }
    }

    private static FileStamp StampOf(CarrierOptions carrier)
    {
        CarrierTlsOptions tls = carrier.Tls;
        return new FileStamp(Of(tls.ClientCertificatePath), Of(tls.ClientCertificateKeyPath));

        static (long Length, DateTime Written) Of(string? path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return default;
            }

            FileInfo file = new(path.Trim());
            return file.Exists ? (file.Length, file.LastWriteTimeUtc) : (-1, default);
        }
    }

    /// <summary>What tells a replaced file: size and modification time of the certificate file and of the key file.</summary>
    private readonly record struct FileStamp((long Length, DateTime Written) Certificate, (long Length, DateTime Written) Key);

    /// <summary>Client certificate events, EventIds 6015–6016 (carriers).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 6015, EventName = "ClientCertificateReloaded", Level = LogLevel.Information,
            Message = "Carrier {Carrier}: its TLS client certificate file changed; the next binds present {Subject} ({Thumbprint}), valid until {NotAfter:u}")]
        public static partial void Reloaded(ILogger logger, string carrier, string subject, string thumbprint, DateTime notAfter);

        [LoggerMessage(EventId = 6016, EventName = "ClientCertificateReloadFailed", Level = LogLevel.Warning,
            Message = "Carrier {Carrier}: its TLS client certificate file changed but cannot be used, so binds keep presenting {Thumbprint}: {Reason}")]
        public static partial void ReloadFailed(ILogger logger, string carrier, string reason, string thumbprint);
    }
}
