using System.Globalization;
using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>load mt …</c> and <c>load mo …</c>: the bridge end to end on loopback (<see cref="BridgeRig"/>: simulator and
/// RCML app in this process, the real daemon as its own process). Two phases, each on its own rig after its own
/// warm-up (not counted, then drained): saturation (closed loop until <c>--count</c> sends are accepted) and paced
/// (open loop at <c>--rate</c> for <c>--duration</c>). Each phase waits, bounded by <c>--drain</c> and by the run's
/// budget, until every accepted send has reached the far end, then checks that each did so exactly once. Prints one
/// table, writes the JSON. The whole run stops within <c>--limit</c> (170 s by default).
/// </summary>
internal static class BridgeLoadCommand
{
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_saturationLimit = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan s_warmupDrainLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_answerLimit = TimeSpan.FromSeconds(10);

    // What a phase's rig takes to start when all is well: the daemon's start and its binds.
    private static readonly TimeSpan s_startReserve = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan s_minimumDrain = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_reportMargin = TimeSpan.FromSeconds(3);

    private const int WarmupMaxSends = 3_000;

    // Enough connections that the paced API sends never wait for one (the REST driver's default).
    private const int PacedConnections = 256;

    /// <summary>Runs <c>load mt</c> or <c>load mo</c> with the arguments after it; returns the process exit code.</summary>
    public static async Task<int> RunAsync(BridgeDirection direction, IReadOnlyList<string> args)
    {
        if (!BridgeLoadOptions.TryParse(direction, args, out BridgeLoadOptions? options, out string? error))
        {
            await Console.Error.WriteLineAsync(error + "\n" + BridgeLoadOptions.Usage);
            return 2;
        }

        string daemonDll = Path.GetFullPath(options.DaemonPath ?? LoadCommand.DefaultDaemonPath());
        if (!File.Exists(daemonDll))
        {
            await Console.Error.WriteLineAsync(
                $"The daemon is not built: {daemonDll} is missing. Run: dotnet build -c Release src/RestcommSmppBridge");
            return 2;
        }

        using RunStop stop = new(options.Limit);
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

    private static async Task<int> RunAsync(BridgeLoadOptions options, string daemonDll, CancellationToken cancellationToken)
    {
        TimeProvider time = TimeProvider.System;
        DateTimeOffset startedAt = time.GetLocalNow();
        long runStarted = time.GetTimestamp();
        string loadAtStart = ProcFs.LoadAverage();
        Console.WriteLine($"load average at start: {loadAtStart} ({Environment.ProcessorCount} CPUs); daemon {daemonDll}");

        // Each phase's drain ends by its deadline, so the run ends within its limit with both phases reported: the
        // saturation phase may not use the time the paced phase needs (its start, warm-up, sends and a short drain).
        TimeSpan pacedReserve = s_startReserve + options.Warmup + s_warmupDrainLimit + options.Duration + s_answerLimit + s_minimumDrain;
        long saturationDeadline = runStarted + ToTicks(options.Limit - s_reportMargin - pacedReserve, time);
        long pacedDeadline = runStarted + ToTicks(options.Limit - s_reportMargin, time);
        PhaseRun saturation = await RunPhaseAsync(options, daemonDll, paced: false, saturationDeadline, time, cancellationToken);
        PhaseRun paced = await RunPhaseAsync(options, daemonDll, paced: true, pacedDeadline, time, cancellationToken);

        BridgeLoadReport report = new(
            startedAt,
            options.Direction == BridgeDirection.Mt ? "mt" : "mo",
            new LoadMachine(Environment.ProcessorCount, ProcFs.CpuModel(), loadAtStart, ProcFs.LoadAverage()),
            new LoadDaemon(Path.GetRelativePath(Directory.GetCurrentDirectory(), daemonDll), saturation.Settings,
                Math.Max(saturation.Result.DaemonPeakRssBytes, paced.Result.DaemonPeakRssBytes),
                saturation.ConsoleLines + paced.ConsoleLines),
            options.Count,
            saturation.Result,
            paced.Result);

        Console.WriteLine();
        Console.Write(report.ToTable());
        string json = report.WriteJson(options.OutputFolder);
        Console.WriteLine($"JSON: {json}");
        foreach (PhaseRun phase in (PhaseRun[])[saturation, paced])
        {
            if (phase.ConsoleLines > 0)
            {
                Console.WriteLine($"last daemon lines of the {phase.Result.Name} phase:\n{phase.RecentOutput}");
            }
        }

        return saturation.Result.Clean && paced.Result.Clean ? 0 : 1;
    }

    /// <summary><paramref name="wanted"/>, shortened to what is left before <paramref name="deadline"/> less <paramref name="after"/>, but at least <paramref name="least"/>.</summary>
    private static TimeSpan Fit(TimeSpan wanted, long deadline, TimeSpan after, TimeSpan least, TimeProvider time)
    {
        TimeSpan left = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency) - after;
        return left < wanted ? (left > least ? left : least) : wanted;
    }

    private static long ToTicks(TimeSpan span, TimeProvider time) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>
    /// One measured phase on its own rig: a fresh daemon (and database), simulator and app, a warm-up that is drained
    /// before the phase starts, then the phase. A backlog the saturation phase leaves behind (the sends outran the
    /// far end) so never colours the paced phase's latency.
    /// </summary>
    private static async Task<PhaseRun> RunPhaseAsync(BridgeLoadOptions options, string daemonDll, bool paced, long deadline,
        TimeProvider time, CancellationToken cancellationToken)
    {
        // The simulator's log of accepted submits is what the duplicate check reads after the phase: it must hold the
        // phase's submits, with room for the duplicates it is looking for.
        int sends = paced ? checked((int)(options.Rate * options.Duration.TotalSeconds)) : options.Count;
        int logCapacity = (2 * sends) + options.Clients + 4096;
        await using BridgeRig rig = await BridgeRig.StartAsync(daemonDll, options, logCapacity, s_startLimit, cancellationToken);
        string phase = paced ? "paced" : "saturation";
        Console.WriteLine($"{phase}: daemon pid {rig.Daemon.ProcessId} on {rig.Daemon.Address}, simulator on {rig.Simulator.LocalEndPoint}, app on {rig.App.SmsUrl.Authority}; {options.Binds} binds up");

        int warmupAccepted = options.Warmup <= TimeSpan.Zero ? 0
            : options.Direction == BridgeDirection.Mt
                ? await WarmUpMtAsync(options, rig, time, cancellationToken)
                : await WarmUpMoAsync(options, rig, time, cancellationToken);

        // The closed loop stops sending in time for a short drain before the phase's deadline; the drain takes what is left.
        TimeSpan sendLimit = Fit(s_saturationLimit, deadline, s_minimumDrain, s_minimumDrain, time);
        Func<TimeSpan> drain = () => Fit(options.Drain, deadline, TimeSpan.Zero, s_minimumDrain, time);
        int linesBefore = rig.Daemon.LineCount;
        EndToEndResult result = options.Direction == BridgeDirection.Mt
            ? await MeasureMtAsync(options, rig, paced, sendLimit, drain, time, cancellationToken)
            : await MeasureMoAsync(options, rig, paced, sendLimit, drain, time, cancellationToken);
        result = result with { WarmupAccepted = warmupAccepted };
        Print(result);
        int lines = rig.Daemon.LineCount - linesBefore;
        return new PhaseRun(result, rig.Settings, lines, lines > 0 ? LastLines(rig.Daemon.RecentOutput, 10) : string.Empty);
    }

    private static async Task<int> WarmUpMtAsync(BridgeLoadOptions options, BridgeRig rig, TimeProvider time, CancellationToken cancellationToken)
    {
        MtTracking warm = new('w', rig.App.StatusCallbackUrl);
        using RestSendClient client = new(rig.Daemon, options.Clients, warm);
        PhaseResult warmup = await SaturationRun.RunAsync("warm-up", client, rig.Daemon, options.Clients, WarmupCount(options), options.Warmup,
            time, cancellationToken);
        bool drained = await EndToEndPhase.WaitAsync(() => AllDelivered(warm, rig.App), s_warmupDrainLimit, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up: {warmup.Accepted:N0} accepted, {warmup.ErrorCount:N0} errors; delivered callbacks {(drained ? "all in" : "NOT all in within the limit")}"));
        if (warmup.Accepted == 0)
        {
            throw new InvalidOperationException("No send was accepted during the warm-up: "
                + string.Join(", ", warmup.Errors.Select(e => $"{e.Key} x {e.Value}")) + "\n" + rig.Daemon.RecentOutput);
        }

        return warmup.Accepted;
    }

    private static async Task<EndToEndResult> MeasureMtAsync(BridgeLoadOptions options, BridgeRig rig, bool paced, TimeSpan sendLimit,
        Func<TimeSpan> drain, TimeProvider time, CancellationToken cancellationToken)
    {
        DaemonUnderLoad daemon = rig.Daemon;
        MtTracking sends = new(paced ? 'p' : 's', rig.App.StatusCallbackUrl);
        using RestSendClient client = new(daemon, paced ? PacedConnections : options.Clients, sends);
        return await RunMtPhaseAsync(paced ? "paced" : "saturation", rig, sends, drain, time, paced
                ? () => PacedRun.RunAsync(client, daemon, options.Rate, options.Duration, s_answerLimit, time, cancellationToken)
                : () => SaturationRun.RunAsync("saturation", client, daemon, options.Clients, options.Count, sendLimit, time, cancellationToken),
            cancellationToken);
    }

    private static Task<EndToEndResult> RunMtPhaseAsync(string name, BridgeRig rig, MtTracking sends, Func<TimeSpan> drain, TimeProvider time,
        Func<Task<PhaseResult>> send, CancellationToken cancellationToken)
    {
        RcmlApp app = rig.App;
        long logBase = rig.Simulator.Accepted.TotalAccepted;
        int repeatedBefore = app.RepeatedDelivered;
        IReadOnlyDictionary<string, int> otherBefore = app.OtherStatuses;
        return EndToEndPhase.RunAsync(name, rig.Daemon, send, () => AllDelivered(sends, app), started =>
        {
            IReadOnlyDictionary<string, long> delivered = app.Delivered;
            long[] latencies = new long[sends.AcceptedCount];
            int completed = 0;
            int notCompleted = 0;
            long last = started;
            foreach (KeyValuePair<int, MtSend> pair in sends.Sends)
            {
                if (delivered.TryGetValue(pair.Value.Sid, out long at) && completed < latencies.Length)
                {
                    latencies[completed++] = Math.Max(0, at - pair.Value.Started);
                    last = Math.Max(last, at);
                }
                else
                {
                    notCompleted++;
                }
            }

            SortedDictionary<string, long> checks = new(StringComparer.Ordinal);
            Dictionary<int, int> copies = SimulatorCopies(rig.Simulator, logBase, string.Empty, MtTracking.Kind, sends.Phase, checks);
            int duplicates = 0;
            int notSubmitted = 0;
            foreach (int count in copies.Values)
            {
                duplicates += count - 1;
            }

            foreach (int index in sends.Sends.Keys)
            {
                if (!copies.ContainsKey(index))
                {
                    notSubmitted++;
                }
            }

            int submittedWithout200 = 0;
            foreach (int index in copies.Keys)
            {
                if (!sends.Sends.ContainsKey(index))
                {
                    submittedWithout200++;
                }
            }

            checks["accepted sends the simulator never received"] = notSubmitted;
            checks["submits the simulator received for sends not answered 200"] = submittedWithout200;
            checks["repeated 'delivered' callbacks"] = app.RepeatedDelivered - repeatedBefore;
            foreach (KeyValuePair<string, int> status in app.OtherStatuses)
            {
                checks[$"'{status.Key}' callbacks"] = status.Value - otherBefore.GetValueOrDefault(status.Key);
            }

            return new Completion(latencies, completed, last, notCompleted, duplicates, checks);
        }, drain, time, cancellationToken);
    }

    private static async Task<int> WarmUpMoAsync(BridgeLoadOptions options, BridgeRig rig, TimeProvider time, CancellationToken cancellationToken)
    {
        SmscSimulator simulator = rig.Simulator;
        MoInjector warm = new(simulator, 'w', time);
        long submitsBefore = simulator.Counters.SubmitsAccepted;
        PhaseResult warmup = await SaturationRun.RunAsync("warm-up", warm, rig.Daemon, options.Clients, WarmupCount(options), options.Warmup,
            time, cancellationToken);
        bool drained = await EndToEndPhase.WaitAsync(() => simulator.Counters.SubmitsAccepted - submitsBefore >= warm.Accepted.Count,
            s_warmupDrainLimit, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up: {warmup.Accepted:N0} MOs acknowledged, {warmup.ErrorCount:N0} errors, {warm.Redeliveries:N0} redeliveries; replies {(drained ? "all in" : "NOT all in within the limit")}"));
        if (warmup.Accepted == 0)
        {
            throw new InvalidOperationException("No MO was acknowledged during the warm-up: "
                + string.Join(", ", warmup.Errors.Select(e => $"{e.Key} x {e.Value}")) + "\n" + rig.Daemon.RecentOutput);
        }

        return warmup.Accepted;
    }

    private static Task<EndToEndResult> MeasureMoAsync(BridgeLoadOptions options, BridgeRig rig, bool paced, TimeSpan sendLimit,
        Func<TimeSpan> drain, TimeProvider time, CancellationToken cancellationToken)
    {
        MoInjector mos = new(rig.Simulator, paced ? 'p' : 's', time);
        return RunMoPhaseAsync(paced ? "paced" : "saturation", rig, mos, ClockAnchor.Now(time), drain, time, paced
                ? () => PacedRun.RunAsync(mos, rig.Daemon, options.Rate, options.Duration, s_answerLimit, time, cancellationToken)
                : () => SaturationRun.RunAsync("saturation", mos, rig.Daemon, options.Clients, options.Count, sendLimit, time, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// The warm-up stops after <c>--warmup</c> seconds or this many sends: enough for tiered JIT to settle, few
    /// enough that the far end catches up within its drain limit.
    /// </summary>
    private static int WarmupCount(BridgeLoadOptions options) => Math.Min(options.Count, WarmupMaxSends);

    private static Task<EndToEndResult> RunMoPhaseAsync(string name, BridgeRig rig, MoInjector mos, ClockAnchor anchor, Func<TimeSpan> drain,
        TimeProvider time, Func<Task<PhaseResult>> send, CancellationToken cancellationToken)
    {
        SmscSimulator simulator = rig.Simulator;
        long logBase = simulator.Accepted.TotalAccepted;
        long submitsBefore = simulator.Counters.SubmitsAccepted;
        int webhooksBefore = rig.App.Webhooks;
        return EndToEndPhase.RunAsync(name, rig.Daemon, send, () => simulator.Counters.SubmitsAccepted - submitsBefore >= mos.Accepted.Count,
            started =>
            {
                // The first reply to each MO, in the simulator's clock, moved onto this process's timestamps.
                Dictionary<int, long> firstReply = [];
                int duplicates = 0;
                foreach (AcceptedMessage message in simulator.Accepted.Snapshot())
                {
                    if (message.Sequence <= logBase
                        || !TaggedText.TryParse(message.Text, TaggedText.ReplyPrefix, MoInjector.Kind, mos.Phase, out int index))
                    {
                        continue;
                    }

                    long at = anchor.ToTimestamp(message.AcceptedAt);
                    if (firstReply.TryGetValue(index, out long earlier))
                    {
                        duplicates++;
                        firstReply[index] = Math.Min(earlier, at);
                    }
                    else
                    {
                        firstReply[index] = at;
                    }
                }

                long[] latencies = new long[mos.Accepted.Count];
                int completed = 0;
                int notCompleted = 0;
                long last = started;
                foreach (KeyValuePair<int, long> mo in mos.Accepted)
                {
                    if (firstReply.TryGetValue(mo.Key, out long at) && completed < latencies.Length)
                    {
                        latencies[completed++] = Math.Max(0, at - mo.Value);
                        last = Math.Max(last, at);
                    }
                    else
                    {
                        notCompleted++;
                    }
                }

                int repliesWithoutAck = 0;
                foreach (int index in firstReply.Keys)
                {
                    if (!mos.Accepted.ContainsKey(index))
                    {
                        repliesWithoutAck++;
                    }
                }

                SortedDictionary<string, long> checks = new(StringComparer.Ordinal)
                {
                    ["MOs redelivered after a temporary refusal"] = mos.Redeliveries,
                    ["webhooks answered by the app"] = rig.App.Webhooks - webhooksBefore,
                    ["replies to MOs not acknowledged 0"] = repliesWithoutAck,
                };
                AddLogOverflow(simulator, logBase, checks);
                return new Completion(latencies, completed, last, notCompleted, duplicates, checks);
            }, drain, time, cancellationToken);
    }

    /// <summary>True once every accepted send of <paramref name="sends"/> has had its <c>delivered</c> callback.</summary>
    private static bool AllDelivered(MtTracking sends, RcmlApp app)
    {
        IReadOnlyDictionary<string, long> delivered = app.Delivered;
        if (delivered.Count < sends.AcceptedCount)
        {
            return false;
        }

        foreach (MtSend send in sends.Sends.Values)
        {
            if (!delivered.ContainsKey(send.Sid))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many times the simulator accepted each tagged text since <paramref name="logBase"/>, by index.</summary>
    private static Dictionary<int, int> SimulatorCopies(SmscSimulator simulator, long logBase, string prefix, string kind, char phase,
        SortedDictionary<string, long> checks)
    {
        Dictionary<int, int> copies = [];
        foreach (AcceptedMessage message in simulator.Accepted.Snapshot())
        {
            if (message.Sequence > logBase && TaggedText.TryParse(message.Text, prefix, kind, phase, out int index))
            {
                copies[index] = copies.GetValueOrDefault(index) + 1;
            }
        }

        AddLogOverflow(simulator, logBase, checks);
        return copies;
    }

    /// <summary>The simulator's log is bounded: a phase that outgrew it could hide a duplicate, so say so.</summary>
    private static void AddLogOverflow(SmscSimulator simulator, long logBase, SortedDictionary<string, long> checks)
    {
        long overflow = simulator.Accepted.TotalAccepted - logBase - simulator.Accepted.Capacity;
        if (overflow > 0)
        {
            checks["submits beyond the simulator's log (not checked)"] = overflow;
        }
    }

    private static string LastLines(string text, int count)
    {
        string[] lines = text.Split('\n');
        return string.Join('\n', lines[Math.Max(0, lines.Length - count)..]);
    }

    private static void Print(EndToEndResult phase)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase.Name}: {phase.Send.Accepted:N0} accepted at {phase.Send.AcceptedPerSecond:N0}/s; {phase.Completed:N0} completed at {phase.CompletedPerSecond:N0}/s, p50 {phase.Latency.P50Ms:0.0} ms, p99 {phase.Latency.P99Ms:0.0} ms; not completed {phase.NotCompleted:N0}, duplicates {phase.Duplicates:N0}"));
    }

    private sealed record PhaseRun(EndToEndResult Result, string Settings, int ConsoleLines, string RecentOutput);

    /// <summary>
    /// The simulator stamps what it accepts with its wall clock (<see cref="TimeProvider.GetUtcNow"/>); latencies here
    /// are timestamps. One pair of readings taken together maps the first onto the second (the two clocks drift by
    /// parts per million over a run, far below the figures measured).
    /// </summary>
    private readonly record struct ClockAnchor(DateTimeOffset Utc, long Timestamp, long Frequency)
    {
        public static ClockAnchor Now(TimeProvider time) => new(time.GetUtcNow(), time.GetTimestamp(), time.TimestampFrequency);

        public long ToTimestamp(DateTimeOffset at) =>
            Timestamp + (long)((at - Utc).Ticks * ((double)Frequency / TimeSpan.TicksPerSecond));
    }
}
