using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration.Memory;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The embedded demo (issue 6): with <c>Bridge:Demo:Enabled</c>, an SMSC simulator runs in-process on 127.0.0.1, a
/// carrier <c>demo</c> binds to it, and a demo account owns a number whose SMS go to the bridge's own echo
/// application at <c>/demo/sms</c>. This is the one place the daemon references the simulator (architecture.md).
/// </summary>
public static class DemoServiceCollectionExtensions
{
    /// <summary>Password characters: SMPP passwords are at most 8 printable ASCII characters (SMPP 3.4 §4.1.1).</summary>
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>
    /// When <c>Bridge:Demo:Enabled</c> is true: starts the simulator (a busy port is a configuration error), adds the
    /// demo carrier, account and number as in-memory configuration (after every other source, at the next free index
    /// of each list) and registers the service that prints what to try once the bridge listens. Must run before the
    /// features bind their options. Does nothing when the demo is off.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        DemoSettings settings = DemoSettings.Read(builder.Configuration);
        if (!settings.Enabled)
        {
            return builder;
        }

        // The demo routes any unmatched destination to a simulator that reports it delivered: never in a service.
        // The shipped appsettings.json enables it, so a site file that forgets to turn it off is caught here.
        if (Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService())
        {
            throw new ConfigurationFileException(
                $"{DemoSettings.SectionName}:Enabled is true while running as a systemd service; the demo sends unrouted messages to its simulator. Set {DemoSettings.SectionName}:Enabled to false in /etc/restcomm-smpp-bridge/appsettings.json.");
        }

        Uri bridgeUrl = FindBridgeUrl(builder.Configuration);
        string dataFolder = FindDataFolder(builder.Configuration["Bridge:Storage:Path"], builder.Environment.ContentRootPath);
        string accountFile = Path.Combine(dataFolder, DemoSettings.AccountFileName);
        DemoAccount account = DemoAccount.LoadOrCreate(accountFile);
        string password = RandomNumberGenerator.GetString(PasswordAlphabet, 8);

        // Started now rather than in a hosted service, so that a busy port ends the start with one configuration
        // line instead of a host start failure with a stack trace.
        SmscSimulator simulator = StartSimulator(settings, password);
        builder.Services.AddSingleton(new DemoRuntime(settings, simulator, account, accountFile, bridgeUrl));
        builder.Services.AddHostedService<DemoService>();

        ConfigurationManager configuration = builder.Configuration;
        int carrier = configuration.GetSection(CarriersOptions.CarriersKey).GetChildren().Count();
        int accountIndex = configuration.GetSection("Bridge:Accounts").GetChildren().Count();
        int number = configuration.GetSection("Bridge:Numbers").GetChildren().Count();
        string carrierKey = Invariant($"{CarriersOptions.CarriersKey}:{carrier}");
        string accountKey = Invariant($"Bridge:Accounts:{accountIndex}");
        string numberKey = Invariant($"Bridge:Numbers:{number}");

        // In memory only: the generated password and token are never written to an appsettings file (the carrier
        // validator refuses passwords found in appsettings*.json; this source is not one).
        Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase)
        {
            [$"{carrierKey}:Name"] = DemoSettings.CarrierName,
            [$"{carrierKey}:Host"] = IPAddress.Loopback.ToString(),
            [$"{carrierKey}:Port"] = simulator.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture),
            [$"{carrierKey}:SystemId"] = DemoSettings.CarrierName,
            [$"{carrierKey}:Password"] = password,
            [$"{carrierKey}:BindType"] = "Transceiver",
            [$"{carrierKey}:ReconnectMaxDelay"] = "00:00:05",

            // The default route, tried last, so that a real carrier configured next to the demo still wins.
            [$"{carrierKey}:Routes:0:Prefix"] = string.Empty,
            [$"{carrierKey}:Routes:0:Preference"] = "65535",
            [$"{accountKey}:Sid"] = account.Sid,
            [$"{accountKey}:AuthToken"] = account.AuthToken,
            [$"{accountKey}:FriendlyName"] = "Demo account",
            [$"{numberKey}:PhoneNumber"] = settings.Number,
            [$"{numberKey}:AccountSid"] = account.Sid,
            [$"{numberKey}:FriendlyName"] = "Demo number",
            [$"{numberKey}:SmsUrl"] = new Uri(bridgeUrl, DemoEndpoints.SmsPath).ToString(),
            [$"{numberKey}:SmsMethod"] = "POST",
        };
        ((IConfigurationBuilder)builder.Configuration).Add(new MemoryConfigurationSource { InitialData = values });
        return builder;
    }

    /// <summary>
    /// The bridge's own plain-HTTP address as the webhook client can reach it: the first <c>http://</c> entry of
    /// <c>Urls</c>, else of <c>Kestrel:Endpoints</c>, with a wildcard host replaced by 127.0.0.1. The port must be
    /// fixed: the number's SmsUrl is written before Kestrel binds.
    /// </summary>
    internal static Uri FindBridgeUrl(IConfiguration configuration)
    {
        List<string> candidates = [];
        if (configuration["Urls"] is { Length: > 0 } urls)
        {
            candidates.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (IConfigurationSection endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                candidates.Add(url);
            }
        }

        foreach (string candidate in candidates)
        {
            if (!candidate.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Kestrel's wildcards (*, +) are not valid URI hosts; any of them, or 0.0.0.0 / [::], means "reach me on loopback".
            string normalized = candidate.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://+", "://127.0.0.1", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out Uri? uri) || uri.Port == 0)
            {
                continue;
            }

            string host = uri.Host is "0.0.0.0" or "[::]" or "localhost" ? "127.0.0.1" : uri.Host;
            return new UriBuilder(Uri.UriSchemeHttp, host, uri.Port).Uri;
        }

        throw new ConfigurationFileException(
            $"{DemoSettings.SectionName}:Enabled needs a plain http:// address with a fixed port in Urls or Kestrel:Endpoints (e.g. Urls=http://127.0.0.1:8080), for the demo number's application URL.");
    }

    private static string FindDataFolder(string? storagePath, string contentRoot)
    {
        string database = storagePath is { Length: > 0 } path ? path : "./data/bridge.db";
        return Path.GetDirectoryName(Path.GetFullPath(Path.Combine(contentRoot, database)))!;
    }

    private static SmscSimulator StartSimulator(DemoSettings settings, string password)
    {
        SmscSimulator simulator = new(new SimulatorOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, settings.SimulatorPort),
            Credentials = new Dictionary<string, string>(StringComparer.Ordinal) { [DemoSettings.CarrierName] = password },

            // A short pause before DELIVRD, so that the status visibly moves from sent to delivered.
            Receipts = new ReceiptOptions
            {
                Delay = TimeSpan.FromMilliseconds(500),
                OutcomeWeights = new Dictionary<MessageState, int> { [MessageState.Delivered] = 1 },
            },
        });
        try
        {
            simulator.Start();
        }
        catch (SocketException ex)
        {
            throw new ConfigurationFileException(Invariant(
                $"{DemoSettings.SectionName}:SimulatorPort {settings.SimulatorPort} on 127.0.0.1 cannot be used by the demo SMSC simulator ({ex.Message}); set Bridge:Demo:SimulatorPort to a free port (e.g. --Bridge:Demo:SimulatorPort=2776)."));
        }

        return simulator;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
