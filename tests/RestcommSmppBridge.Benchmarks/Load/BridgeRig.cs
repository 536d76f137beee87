using System.Globalization;
using System.Text.Json;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// Everything <c>load mt</c> and <c>load mo</c> run against, on loopback: the SMSC simulator in this process on
/// 127.0.0.1:0 (every submit answered, a DELIVRD receipt sent at once), the RCML application (<see cref="RcmlApp"/>)
/// in this process, and the real daemon (<see cref="DaemonUnderLoad"/>) configured by environment with one carrier,
/// the simulator, bound as transceiver (<c>binds</c> × window <c>window</c>, no TPS limit, the default route), and one
/// number whose SmsUrl is the application. Disposing stops all three.
/// </summary>
internal sealed class BridgeRig : IAsyncDisposable
{
    /// <summary>The number MOs are sent to.</summary>
    public const string Number = "+15557770000";

    private const string CarrierSystemId = "bench";

    private static readonly TimeSpan s_simulatorStopLimit = TimeSpan.FromSeconds(10);

    private BridgeRig(SmscSimulator simulator, RcmlApp app, DaemonUnderLoad daemon, string settings)
    {
        Simulator = simulator;
        App = app;
        Daemon = daemon;
        Settings = settings;
    }

    public SmscSimulator Simulator { get; }

    public RcmlApp App { get; }

    public DaemonUnderLoad Daemon { get; }

    /// <summary>How the daemon was configured, in words, for the report.</summary>
    public string Settings { get; }

    /// <summary>
    /// Starts the simulator and the application, then the daemon, and waits (within <paramref name="startLimit"/>)
    /// until the daemon listens and all its binds are up. <paramref name="acceptedLogCapacity"/>: submits the
    /// simulator remembers, enough for the largest phase, which the run checks for duplicates.
    /// </summary>
    public static async Task<BridgeRig> StartAsync(string daemonDll, BridgeLoadOptions options, int acceptedLogCapacity,
        TimeSpan startLimit, CancellationToken cancellationToken)
    {
        SmscSimulator simulator = new(new SimulatorOptions
        {
            // Default receipts: DELIVRD for every submit that asks for one, at once, text and TLVs.
            Receipts = new ReceiptOptions(),
            AcceptedLogCapacity = acceptedLogCapacity,
            Session = SmppSessionOptions.Default with
            {
                Name = "sim",
                // deliver_sm outstanding per bind (MOs and receipts); never the limit of the run.
                WindowSize = Math.Max(SmppSessionOptions.Default.WindowSize, options.Clients),
                InboundQueueCapacity = Math.Max(SmppSessionOptions.Default.InboundQueueCapacity, options.Window * 2),
                OutboundQueueCapacity = Math.Max(SmppSessionOptions.Default.OutboundQueueCapacity, options.Clients * 4),
            },
        });
        RcmlApp? app = null;
        DaemonUnderLoad? daemon = null;
        try
        {
            simulator.Start();
            app = await RcmlApp.StartAsync(TimeProvider.System, cancellationToken);
            string accountSid = Sids.NewAccountSid();
            Dictionary<string, string> environment = CarrierEnvironment(simulator.LocalEndPoint.Port, options.Binds, options.Window, tps: 0);
            environment["Bridge__Numbers__0__PhoneNumber"] = Number;
            environment["Bridge__Numbers__0__AccountSid"] = accountSid;
            environment["Bridge__Numbers__0__SmsUrl"] = app.SmsUrl.ToString();
            environment["Bridge__Numbers__0__SmsMethod"] = "POST";
            string settings = string.Create(CultureInfo.InvariantCulture,
                $"shipped appsettings.json (demo off), Serilog minimum level Warning; carrier 'sim': {options.Binds} transceiver binds, window {options.Window}, no TPS limit");
            foreach (KeyValuePair<string, string> pair in options.ExtraEnvironment)
            {
                environment[pair.Key] = pair.Value;
                settings += $", {pair.Key}={pair.Value}";
            }

            daemon = await DaemonUnderLoad.StartAsync(Path.GetFullPath(daemonDll), [], false, environment, startLimit, accountSid);
            await WaitForBindsAsync(simulator, daemon, options.Binds, startLimit, cancellationToken);
            return new BridgeRig(simulator, app, daemon, settings);
        }
        catch
        {
            if (daemon is not null)
            {
                await daemon.DisposeAsync();
            }

            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The daemon's environment for one carrier 'sim' on the simulator at <paramref name="port"/>: transceiver binds,
    /// the default route (every destination), and <paramref name="tps"/> submits per second per bind (0 = no limit).
    /// </summary>
    public static Dictionary<string, string> CarrierEnvironment(int port, int binds, int window, double tps) => new(StringComparer.Ordinal)
    {
        ["Bridge__Carriers__0__Name"] = "sim",
        ["Bridge__Carriers__0__Host"] = "127.0.0.1",
        ["Bridge__Carriers__0__Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Bridge__Carriers__0__SystemId"] = CarrierSystemId,
        ["Bridge__Carriers__0__Password"] = "bench",
        ["Bridge__Carriers__0__BindType"] = "Transceiver",
        ["Bridge__Carriers__0__Binds"] = binds.ToString(CultureInfo.InvariantCulture),
        ["Bridge__Carriers__0__WindowSize"] = window.ToString(CultureInfo.InvariantCulture),
        ["Bridge__Carriers__0__Tps"] = tps.ToString(CultureInfo.InvariantCulture),
        ["Bridge__Carriers__0__ReconnectMaxDelay"] = "00:00:02",
        ["Bridge__Carriers__0__Routes__0__Preference"] = "100",
    };

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        await App.DisposeAsync();

        // The simulator's stop waits for every receipt job it started. After a saturation run that left tens of
        // thousands of receipts queued for the daemon just killed, that wait was seen never to end (jobs parked on
        // the window of a closed session), so it is bounded here: the run goes on, and what is stuck ends with the
        // process.
        try
        {
            await Simulator.DisposeAsync().AsTask().WaitAsync(s_simulatorStopLimit);
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warning: the simulator did not stop within {s_simulatorStopLimit.TotalSeconds:0} s ({Simulator.Counters.ReceiptsPending:N0} receipts pending); going on without it"));
        }
    }

    /// <summary>
    /// Waits until the daemon itself reports every bind of the carrier bound (<c>GET /health/ready</c>), so the first
    /// send of a run never meets "no bound carrier" and its retry pause.
    /// </summary>
    private static async Task WaitForBindsAsync(SmscSimulator simulator, DaemonUnderLoad daemon, int binds, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        using CancellationTokenSource bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        using HttpClient client = new() { BaseAddress = daemon.Address, Timeout = TimeSpan.FromSeconds(5) };
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                // 503 until ready; the body lists the carriers either way.
                using HttpResponseMessage response = await client.GetAsync(new Uri("health/ready", UriKind.Relative), bound.Token);
                using JsonDocument health = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(bound.Token));
                if (health.RootElement.TryGetProperty("carriers", out JsonElement carriers)
                    && carriers.ValueKind == JsonValueKind.Array
                    && carriers.GetArrayLength() > 0
                    && carriers[0].GetProperty("boundBinds").GetInt32() >= binds)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(bound.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"The daemon did not report {binds} binds to the simulator within {limit.TotalSeconds:0} s ({simulator.Counters.Snapshot()}):\n{daemon.RecentOutput}"));
        }
    }
}
