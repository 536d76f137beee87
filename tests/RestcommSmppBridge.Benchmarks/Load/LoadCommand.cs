using System.Globalization;
using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>load rest …</c> (and <c>load smpp …</c>, see <see cref="SmppLoadCommand"/>; <c>load mt|mo …</c>, see
/// <see cref="BridgeLoadCommand"/>; <c>load summary …</c>, see <see cref="SummaryCommand"/>): probes how punctually the
/// machine wakes threads (<see cref="SchedulingProbe"/>), starts the real daemon, warms it up, measures saturation
/// (closed loop), pauses, warms the paced path up and measures latency at a fixed offered rate (open loop), kills the daemon, checks that every 200 is in the database file, prints one table and
/// writes the JSON. Everything is bounded: each phase has a time limit and the whole run stops within 3 minutes.
/// </summary>
internal static class LoadCommand
{
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(170);
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_saturationLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_drainLimit = TimeSpan.FromSeconds(10);
    // Long enough to catch the host's occasional stalls (a few per 10 s on the shared 2-core VM), short beside the run.
    private static readonly TimeSpan s_probeDuration = TimeSpan.FromSeconds(2);

    /// <summary>Runs the subcommand; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        switch (args.Count > 0 ? args[0] : string.Empty)
        {
            case "smpp":
                return await SmppLoadCommand.RunAsync([.. args.Skip(1)]);
            case "mt":
                return await BridgeLoadCommand.RunAsync(BridgeDirection.Mt, [.. args.Skip(1)]);
            case "mo":
                return await BridgeLoadCommand.RunAsync(BridgeDirection.Mo, [.. args.Skip(1)]);
            case "summary":
                return await SummaryCommand.RunAsync([.. args.Skip(1)]);
            case "rest":
                break;
            default:
                await Console.Error.WriteLineAsync(string.Join('\n', RestLoadOptions.Usage, SmppLoadOptions.Usage, BridgeLoadOptions.Usage,
                    SummaryCommand.Usage));
                return 2;
        }

        if (!RestLoadOptions.TryParse([.. args.Skip(1)], out RestLoadOptions? options, out string? error))
        {
            await Console.Error.WriteLineAsync(error + "\n" + RestLoadOptions.Usage);
            return 2;
        }

        string daemonDll = options.Baseline
            ? typeof(LoadCommand).Assembly.Location
            : Path.GetFullPath(options.DaemonPath ?? DefaultDaemonPath());
        if (!File.Exists(daemonDll))
        {
            await Console.Error.WriteLineAsync(
                $"The daemon is not built: {daemonDll} is missing. Run: dotnet build -c Release src/RestcommSmppBridge");
            return 2;
        }

        using RunStop stop = new(s_runLimit);
        try
        {
            return await RunAsync(options, daemonDll, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsStopped)
        {
            await Console.Error.WriteLineAsync(stop.Reason);
            return 1;
        }
    }

    private static async Task<int> RunAsync(RestLoadOptions options, string daemonDll, CancellationToken cancellationToken)
    {
        TimeProvider time = TimeProvider.System;
        DateTimeOffset startedAt = time.GetLocalNow();
        string loadAtStart = ProcFs.LoadAverage();
        SchedulingProbe idleWakeups = SchedulingProbe.Measure(s_probeDuration);
        Console.WriteLine($"load average at start: {loadAtStart} ({Environment.ProcessorCount} CPUs); {idleWakeups.Describe()}");
        Console.WriteLine($"starting {daemonDll}");

        PhaseResult saturation;
        PhaseResult paced;
        int warmupAccepted;
        int pacedWarmupAccepted = 0;
        long peakRss;
        int consoleLines;
        string endpoint;
        string databasePath;
        string[] arguments = options.Baseline ? ["load", "bare-server"] : [];
        await using SmscSimulator? carrier = options.Baseline || options.CarrierTps == 0 ? null : StartCarrier();
        Dictionary<string, string> environment = carrier is null
            ? new(StringComparer.Ordinal)
            : BridgeRig.CarrierEnvironment(carrier.LocalEndPoint.Port, binds: 1, window: 64, options.CarrierTps);
        foreach (KeyValuePair<string, string> pair in options.ExtraEnvironment)
        {
            environment[pair.Key] = pair.Value;
        }

        await using (DaemonUnderLoad daemon = await DaemonUnderLoad.StartAsync(daemonDll, arguments, options.Baseline,
            environment, s_startLimit))
        {
            Console.WriteLine($"daemon pid {daemon.ProcessId} listening on {daemon.Address}");

            // The daemon's own latency histogram, read between the phases (the baseline server has none).
            using HttpClient metrics = new() { Timeout = TimeSpan.FromSeconds(10) };
            DaemonMetricsSnapshot? durations = null;
            int linesBefore = 0;
            using (RestSendClient closedLoop = new(daemon, options.Clients))
            {
                endpoint = closedLoop.SendUri.AbsolutePath.Replace(daemon.AccountSid, "{AccountSid}", StringComparison.Ordinal);
                if (options.Warmup > TimeSpan.Zero)
                {
                    // Time-bound, not count-bound: tiered JIT and dynamic PGO replace code on timers, so a few
                    // thousand requests still run instrumented code (seen in perf profiles of the daemon).
                    PhaseResult warmup = await SaturationRun.RunAsync("warm-up", closedLoop, daemon, options.Clients, int.MaxValue,
                        options.Warmup, time, cancellationToken);
                    Console.WriteLine($"warm-up: {warmup.Accepted:N0} accepted, {warmup.ErrorCount:N0} errors, {warmup.AcceptedPerSecond:N0}/s");
                    if (warmup.Accepted == 0)
                    {
                        await Console.Error.WriteLineAsync("No send was accepted during the warm-up: " +
                            string.Join(", ", warmup.Errors.Select(e => $"{e.Key} x {e.Value}")) + "\n" + daemon.RecentOutput);
                        return 1;
                    }

                    warmupAccepted = warmup.Accepted;
                }
                else
                {
                    warmupAccepted = 0;
                }

                // Counted from here: the host's own start-up lines come after "Now listening on:".
                linesBefore = daemon.LineCount;
                durations = await DaemonMetricsSnapshot.ReadAsync(metrics, daemon.Address, cancellationToken);
                saturation = await SaturationRun.RunAsync("saturation", closedLoop, daemon, options.Clients, options.Requests,
                    s_saturationLimit, time, cancellationToken);
                DaemonMetricsSnapshot? afterSaturation = await DaemonMetricsSnapshot.ReadAsync(metrics, daemon.Address, cancellationToken);
                saturation = saturation with { DaemonSide = DaemonMetricsSnapshot.Between(durations, afterSaturation) };
                durations = afterSaturation;
                Console.WriteLine($"saturation: {saturation.Accepted:N0} accepted in {saturation.ElapsedSeconds:0.00} s");
            }

            // The paced run measures the steady rate: not the end of the burst before it (the store copying the
            // burst's write-ahead log into the file, 64 connections closing), nor the generator compiling its paced
            // path and opening the connections a steady client has open. Without the pause and the paced warm-up,
            // a fifth to three fifths of the paced run's requests over 5 ms fell in its first second (per-request
            // latencies by time, eight runs).
            if (options.Settle > TimeSpan.Zero)
            {
                Console.WriteLine($"settle: {options.Settle.TotalSeconds:0.#} s before the paced run");
                await Task.Delay(options.Settle, time, cancellationToken);
            }

            // A fresh pool for the open loop: it opens only the connections the rate needs.
            using (RestSendClient openLoop = new(daemon, options.PacedConnections))
            {
                if (options.PacedWarmup > TimeSpan.Zero)
                {
                    PhaseResult pacedWarmup = await PacedRun.RunAsync(openLoop, daemon, options.Rate, options.PacedWarmup, s_drainLimit, time, cancellationToken);
                    pacedWarmupAccepted = pacedWarmup.Accepted;
                    Console.WriteLine($"paced warm-up: {pacedWarmup.Accepted:N0} accepted, {pacedWarmup.ErrorCount:N0} errors, p99 {pacedWarmup.Latency.P99Ms:0.00} ms (not counted)");
                }

                durations = await DaemonMetricsSnapshot.ReadAsync(metrics, daemon.Address, cancellationToken);

                paced = await PacedRun.RunAsync(openLoop, daemon, options.Rate, options.Duration, s_drainLimit, time, cancellationToken);
                paced = paced with
                {
                    DaemonSide = DaemonMetricsSnapshot.Between(durations,
                        await DaemonMetricsSnapshot.ReadAsync(metrics, daemon.Address, cancellationToken)),
                };
                Console.WriteLine($"paced: {paced.Accepted:N0} accepted in {paced.ElapsedSeconds:0.00} s");
            }

            consoleLines = daemon.LineCount - linesBefore;
            peakRss = daemon.PeakRssBytes();
            databasePath = daemon.DatabasePath;

            // SIGKILL before reading the file: what was answered 200 must have been committed, not merely queued.
            await daemon.KillAsync();
            int stored = options.Baseline ? -1 : CountStoredMessages(databasePath);
            string settings = options.Baseline
                ? "BASELINE: bare Kestrel form endpoint, no auth, no validation, no store; server GC"
                : DaemonSettings(options);
            RestLoadReport report = new(
                startedAt,
                new LoadMachine(Environment.ProcessorCount, ProcFs.CpuModel(), loadAtStart, ProcFs.LoadAverage()) { IdleWakeups = idleWakeups },
                new LoadDaemon(Path.GetRelativePath(Directory.GetCurrentDirectory(), string.Join(' ', [daemonDll, .. arguments])),
                    settings, peakRss, consoleLines),
                endpoint,
                saturation,
                paced,
                stored,
                warmupAccepted + saturation.Accepted + pacedWarmupAccepted + paced.Accepted);

            Console.WriteLine();
            Console.Write(report.ToTable());
            string json = report.WriteJson(options.OutputFolder);
            Console.WriteLine($"JSON: {json}");
            return (options.Baseline || report.DurabilityHolds) && saturation.Completed && paced.Completed ? 0 : 1;
        }
    }

    private static int CountStoredMessages(string databasePath)
    {
        SqliteConnectionStringBuilder builder = new() { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using SqliteConnection connection = new(builder.ToString());
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM sms_messages;";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The SMSC simulator the daemon's one carrier binds to: it accepts every submit_sm and sends no receipt, so the
    /// outbound side costs what a carrier at its contract rate costs (claim, submit, stored id) and nothing more.
    /// </summary>
    private static SmscSimulator StartCarrier()
    {
        SmscSimulator simulator = new(new SimulatorOptions
        {
            Receipts = new ReceiptOptions { Enabled = false },
            Session = SmppSessionOptions.Default with { Name = "carrier" },
        });
        simulator.Start();
        return simulator;
    }

    private static string DaemonSettings(RestLoadOptions options)
    {
        string settings = "shipped appsettings.json (synchronous NORMAL, demo off), Serilog minimum level Warning; "
            + (options.CarrierTps == 0
                ? "no carrier (each send is claimed and failed for lack of a route)"
                : string.Create(CultureInfo.InvariantCulture, $"one carrier (the SMSC simulator, 1 bind) at {options.CarrierTps} submit_sm/s"));
        foreach (KeyValuePair<string, string> pair in options.ExtraEnvironment)
        {
            settings += $", {pair.Key}={pair.Value}";
        }

        return settings;
    }

    /// <summary>The daemon's Release build in this repository, found from the benchmark's own folder.</summary>
    internal static string DefaultDaemonPath()
    {
        DirectoryInfo? folder = new(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RestcommSmppBridge.sln")))
        {
            folder = folder.Parent;
        }

        string root = folder?.FullName ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "src", "RestcommSmppBridge", "bin", "Release", "net10.0", "RestcommSmppBridge.dll");
    }
}
