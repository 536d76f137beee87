using System.Globalization;
using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// Soak: MT messages through the API at a steady rate, each submitted, answered and given a DELIVRD receipt by the
/// simulator. The daemon's resident memory (VmRSS) is read every second and the outbox depth (queued + sending, from
/// the database) every two seconds. Bounds, stated before the run: RSS at the end of sending at most 1.5 × the RSS
/// at 10% of the sending time + 64 MiB (flat after warm-up), the outbox never deeper than 10 s of offered traffic,
/// and everything final within the drain time after the last send. Sending stops at the count or at the time bound,
/// whichever comes first; the line reports the real count.
/// </summary>
internal static class SoakDrill
{
    private const double RssFactor = 1.5;
    private const long RssSlackBytes = 64L * 1024 * 1024;

    public static async Task RunAsync(DrillOptions options, DrillResult result)
    {
        int count = options.Count ?? (options.Quick ? 3_000 : 1_000_000);
        double rate = options.Rate ?? (options.Quick ? 300 : 1_500);
        // Full: the whole million at 1,500/s takes 667 s; the bound leaves room, and stops a machine that is slower.
        double seconds = options.Seconds ?? (options.Quick ? 20 : 720);
        TimeSpan drainLimit = TimeSpan.FromSeconds(options.Quick ? 30 : 120);
        long depthBound = (long)(rate * 10);
        result.Detail($"{count} MT at {rate}/s offered, sending for at most {seconds} s; bounds: RSS end <= {RssFactor} x RSS at 10% + 64 MiB, outbox depth <= {depthBound}, drained within {drainLimit.TotalSeconds} s");

        SimulatorOptions simulator = new()
        {
            AcceptedLogCapacity = 200_000,
            RandomSeed = options.Seed,
        };
        Dictionary<string, string> settings = new(StringComparer.Ordinal)
        {
            ["Bridge__Carriers__0__Binds"] = "2",
            ["Bridge__Carriers__0__WindowSize"] = "64",
        };
        await using DrillEnvironment drill = await DrillEnvironment.StartAsync(options, simulator, settings, CancellationToken.None);
        await drill.WaitForBindAsync(options.StartTimeout, CancellationToken.None);
        DrillBodies bodies = new("soak", count);
        await using AcceptedTracker tracker = new(drill.Simulator, bodies);
        using ApiSender sender = new(() => drill.Daemon.Address, drill.AccountSid, drill.AuthToken, bodies, statusCallback: null, 64);
        long idleRss = drill.Daemon.RssBytes();

        List<(double Seconds, long Rss, long Depth, int Started)> samples = [];
        int started = 0;
        using CancellationTokenSource stopSampling = new();
        using CancellationTokenSource stopSending = new(TimeSpan.FromSeconds(seconds));
        long start = TimeProvider.System.GetTimestamp();
        Task sampling = SampleAsync();
        int attempted = await ApiSender.RunPacedAsync(count, rate, 64, (i, token) =>
        {
            Volatile.Write(ref started, i + 1);
            return sender.SendAsync(i, token);
        }, stopSending.Token, CancellationToken.None);
        double sendingSeconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds;
        await stopSampling.CancelAsync();
        await sampling;
        long endRss = drill.Daemon.RssBytes();
        long drainStart = TimeProvider.System.GetTimestamp();
        bool drained = await DrillRunner.WaitUntilAsync(() => drill.Database.Unfinished() == 0, drainLimit);
        double drainSeconds = TimeProvider.System.GetElapsedTime(drainStart).TotalSeconds;
        long drainedRss = drill.Daemon.RssBytes();
        if (!drained)
        {
            result.Problem($"not drained within {drainLimit.TotalSeconds} s: {drill.Database.Unfinished()} MT without a final status");
        }

        int exit = await drill.Daemon.StopAsync(TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            result.Problem($"the daemon did not stop cleanly on SIGTERM (exit {exit})");
        }

        (double Seconds, long Rss, long Depth, int Started) at10 = Nearest(samples, sendingSeconds * 0.1);
        (double Seconds, long Rss, long Depth, int Started) at50 = Nearest(samples, sendingSeconds * 0.5);
        long maxDepth = samples.Count == 0 ? 0 : samples.Max(s => s.Depth);
        long lateDepth = samples.Count == 0 ? 0 : samples.Where(s => s.Seconds >= sendingSeconds / 2).DefaultIfEmpty().Max(s => s.Depth);
        result.Detail($"sent {attempted} in {sendingSeconds:F0} s ({attempted / sendingSeconds:F0}/s){(attempted < count ? $": the time bound stopped it before {count}" : string.Empty)}; drained in {drainSeconds:F1} s");
        result.Detail($"daemon RSS: idle {Mib(idleRss)}, at 10% {Mib(at10.Rss)} ({at10.Started} sent), at 50% {Mib(at50.Rss)} ({at50.Started} sent), end of sending {Mib(endRss)}, drained {Mib(drainedRss)}");
        result.Detail($"outbox depth (queued + sending): max {maxDepth}, max in the second half {lateDepth}, at 10% {at10.Depth}, at 50% {at50.Depth}");
        long rssBound = (long)(at10.Rss * RssFactor) + RssSlackBytes;
        if (endRss > rssBound)
        {
            result.Problem($"RSS grew: {Mib(endRss)} at the end of sending > bound {Mib(rssBound)}");
        }

        if (maxDepth > depthBound)
        {
            result.Problem($"the outbox grew to {maxDepth} > bound {depthBound} (10 s of offered traffic)");
        }

        MtReconciliation m = MtReconciliation.Run(sender, bodies, attempted, tracker.Snapshot(), drill.Database, callbacks: null);
        result.Detail($"MT: {m.Acknowledged} answered 200 ({m.NotAcknowledged} not), {m.Reached} reached the simulator, {m.ExtraCopies} extra copies, {m.Failed} failed, {m.Lost} lost; final statuses: {m.StatusSummary()}; failures: {m.FailSummary()}");
        if (m.Unfinished > 0)
        {
            result.Problem($"{m.Unfinished} acknowledged MT without a final status");
        }

        if (m.NotAcknowledged > 0)
        {
            result.Problem($"{m.NotAcknowledged} sends were not answered 200 by a bridge that was never killed");
        }

        if (tracker.Overrun > 0)
        {
            result.Problem($"the simulator's accepted log overran: {tracker.Overrun} entries unread");
        }

        result.Sent = m.Acknowledged;
        result.Delivered = m.Reached;
        result.Lost = m.Lost;
        result.Duplicated = m.ExtraCopies;
        result.Failed = m.Failed;

        async Task SampleAsync()
        {
            using PeriodicTimer timer = new(TimeSpan.FromSeconds(1), TimeProvider.System);
            int tick = 0;
            long depth = 0;
            try
            {
                while (await timer.WaitForNextTickAsync(stopSampling.Token))
                {
                    if (tick++ % 2 == 0)
                    {
                        depth = drill.Database.OutboxDepth();
                    }

                    samples.Add((TimeProvider.System.GetElapsedTime(start).TotalSeconds, drill.Daemon.RssBytes(), depth, Volatile.Read(ref started)));
                }
            }
            catch (OperationCanceledException)
            {
                // Sending ended.
            }
        }
    }

    private static (double Seconds, long Rss, long Depth, int Started) Nearest(List<(double Seconds, long Rss, long Depth, int Started)> samples, double seconds)
    {
        (double Seconds, long Rss, long Depth, int Started) best = default;
        double distance = double.MaxValue;
        foreach ((double Seconds, long Rss, long Depth, int Started) sample in samples)
        {
            double d = Math.Abs(sample.Seconds - seconds);
            if (d < distance)
            {
                distance = d;
                best = sample;
            }
        }

        return best;
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F0} MiB");
}
