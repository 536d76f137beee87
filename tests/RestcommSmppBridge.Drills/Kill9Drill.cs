using System.Globalization;
using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// Crash safety: MT sends through the API (with a StatusCallback) and MO messages from the simulator run while the
/// bridge is killed with SIGKILL at seeded random moments and started again on the same database. After a last start
/// and a drain, every acknowledged send must have reached the simulator, every MO the simulator got a 0 for must have
/// reached the app, and every message must have a final status. Duplicates are counted and held to the bounds the
/// README documents: an MT in flight at a crash is submitted again (Outbound:UnknownOutcome=Resubmit, at least once),
/// so at most kills × Outbound:MaxConcurrency extra copies; an RCML webhook running at a crash runs again at the next
/// start (at least once), so at most kills × Inbound:WebhookConcurrency extra webhooks.
/// </summary>
internal static class Kill9Drill
{
    private const int MaxConcurrency = 64;
    private const int WebhookConcurrency = 16;

    public static async Task RunAsync(DrillOptions options, DrillResult result)
    {
        int mtCount = options.Count ?? (options.Quick ? 300 : 10_000);
        int moCount = Math.Max(1, mtCount / 5);
        double seconds = options.Seconds ?? (options.Quick ? 16 : 90);
        int kills = options.Quick ? 5 : 10;
        TimeSpan drainLimit = TimeSpan.FromSeconds(options.Quick ? 30 : 120);
        Random random = new(options.Seed);
        result.Detail($"{mtCount} MT and {moCount} MO over {seconds} s, {kills} SIGKILLs at random moments (seed {options.Seed})");

        SimulatorOptions simulator = new()
        {
            Receipts = new ReceiptOptions { Delay = TimeSpan.FromMilliseconds(200) },
            AcceptedLogCapacity = 200_000,
            RandomSeed = options.Seed,
        };
        Dictionary<string, string> settings = new(StringComparer.Ordinal)
        {
            ["Bridge__Outbound__MaxConcurrency"] = MaxConcurrency.ToString(CultureInfo.InvariantCulture),
            ["Bridge__Outbound__RetryBackoffMin"] = "00:00:01",
            ["Bridge__Outbound__RetryBackoffMax"] = "00:00:04",
            ["Bridge__Inbound__WebhookConcurrency"] = WebhookConcurrency.ToString(CultureInfo.InvariantCulture),
            ["Bridge__Inbound__WebhookRetryDelay"] = "00:00:01",
            ["Bridge__Inbound__WebhookRetryMaxDelay"] = "00:00:04",
        };
        await using DrillEnvironment drill = await DrillEnvironment.StartAsync(options, simulator, settings, CancellationToken.None);
        await drill.WaitForBindAsync(options.StartTimeout, CancellationToken.None);
        DrillBodies mtBodies = new("k9mt", mtCount);
        DrillBodies moBodies = new("k9mo", moCount);
        await using AcceptedTracker tracker = new(drill.Simulator, mtBodies);
        using ApiSender sender = new(() => drill.Daemon.Address, drill.AccountSid, drill.AuthToken, mtBodies, drill.App.StatusUrl, 16);
        MoInjector injector = new(drill.Simulator, moBodies);

        using CancellationTokenSource stopMo = new();
        long start = TimeProvider.System.GetTimestamp();
        Task<int> mt = ApiSender.RunPacedAsync(mtCount, mtCount / seconds, 16, sender.SendAsync, CancellationToken.None, CancellationToken.None);
        Task<int> mo = ApiSender.RunPacedAsync(moCount, moCount / seconds, 8, (i, _) => injector.InjectAsync(i, stopMo.Token),
            CancellationToken.None, CancellationToken.None);

        // One kill in each of `kills` equal slices of the traffic time, at a random point of the slice (never before
        // the previous restart finished: the slice waits for it).
        List<string> moments = [];
        TimeSpan slice = TimeSpan.FromSeconds(seconds / kills);
        for (int k = 0; k < kills; k++)
        {
            TimeSpan at = slice * k + slice * (0.1 + (0.8 * random.NextDouble()));
            await DrillRunner.DelayUntilAsync(start, at, CancellationToken.None);
            moments.Add(TimeProvider.System.GetElapsedTime(start).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + "s");
            await drill.Daemon.KillAsync();
            await drill.Daemon.StartAsync(options.StartTimeout, CancellationToken.None);
        }

        int mtAttempted = await mt;
        result.Detail($"killed at {string.Join(' ', moments)}; {drill.Daemon.Starts} starts in all");

        // MOs still unanswered get the drain time to be redelivered, as an SMSC keeps them.
        stopMo.CancelAfter(drainLimit / 2);
        int moAttempted = await mo;

        bool drained = await DrillRunner.WaitUntilAsync(() =>
            drill.Database.Unfinished() == 0 && drill.Database.PendingWebhooks() == 0 && drill.Database.OwedCallbacks() == 0,
            drainLimit);
        if (!drained)
        {
            result.Problem($"not drained within {drainLimit.TotalSeconds} s: {drill.Database.Unfinished()} MT without a final status, {drill.Database.PendingWebhooks()} webhooks pending, {drill.Database.OwedCallbacks()} messages owed a status callback");
        }

        // The last status callbacks may still be on their way.
        int callbacks = -1;
        await DrillRunner.WaitUntilAsync(() =>
        {
            int now = drill.App.CallbackCount();
            bool stable = now == callbacks;
            callbacks = now;
            return stable;
        }, TimeSpan.FromSeconds(5));
        int exit = await drill.Daemon.StopAsync(TimeSpan.FromSeconds(45));
        if (exit != 0)
        {
            result.Problem($"the last daemon did not stop cleanly on SIGTERM (exit {exit})");
        }

        MtReconciliation m = MtReconciliation.Run(sender, mtBodies, mtAttempted, tracker.Snapshot(), drill.Database, drill.App.Callbacks);
        MoReconciliation o = MoReconciliation.Run(injector, moAttempted, drill.App, drill.Database);
        Report(result, m, o, kills, tracker, injector);
    }

    private static void Report(DrillResult result, MtReconciliation m, MoReconciliation o, int kills, AcceptedTracker tracker, MoInjector injector)
    {
        int mtBound = kills * MaxConcurrency;
        int moBound = kills * WebhookConcurrency;
        result.Detail($"MT: {m.Acknowledged} answered 200, {m.NotAcknowledged} without an answer (during a kill; {m.NotAcknowledgedButSent} of them stored and sent anyway)");
        result.Detail($"MT: {m.Reached} reached the simulator, {m.ExtraCopies} extra copies (at-least-once bound {kills} kills × MaxConcurrency {MaxConcurrency} = {mtBound}; most copies of one message {m.MaxCopies}), {m.Failed} failed, {m.Lost} lost ({m.NotStored} not in the database)");
        result.Detail($"MT final statuses: {m.StatusSummary()}; failures: {m.FailSummary()}");
        result.Detail($"MT status callbacks: final status called back for {m.FinalCallbacksReceived}, missing for {m.FinalCallbacksMissing} (owed callbacks are replayed at each start), {m.CallbackDuplicates} repeated");
        result.Detail($"MO: {o.Acknowledged} answered 0 by the bridge ({injector.Redeliveries} redeliveries after no answer), {o.NeverAcknowledged} never answered 0; {o.StoredTwice} stored twice");
        result.Detail($"MO: {o.Reached} reached the app, {o.ExtraWebhooks} extra webhooks (at-least-once bound {kills} kills × WebhookConcurrency {WebhookConcurrency} = {moBound}), {o.Failed} failed ({o.FailSummary()}), {o.Lost} lost, {o.Pending} still pending");
        if (tracker.Overrun > 0)
        {
            result.Problem($"the simulator's accepted log overran: {tracker.Overrun} entries unread");
        }

        if (m.Unfinished > 0)
        {
            result.Problem($"{m.Unfinished} acknowledged MT without a final status");
        }

        if (m.FinalCallbacksMissing > 0)
        {
            result.Problem($"{m.FinalCallbacksMissing} final statuses never called back (owed callbacks must be replayed after a crash)");
        }

        if (m.ExtraCopies > mtBound)
        {
            result.Problem($"{m.ExtraCopies} MT duplicates exceed the at-least-once bound {mtBound}");
        }

        if (o.ExtraWebhooks > moBound)
        {
            result.Problem($"{o.ExtraWebhooks} webhook duplicates exceed the at-least-once bound {moBound}");
        }

        if (o.StoredTwice > 0)
        {
            result.Problem($"{o.StoredTwice} redelivered MO stored twice (the duplicate window should have caught them)");
        }

        result.Sent = m.Acknowledged + o.Acknowledged;
        result.Delivered = m.Reached + o.Reached;
        result.Lost = m.Lost + o.Lost;
        result.Duplicated = m.ExtraCopies + o.ExtraWebhooks;
        result.Failed = m.Failed + o.Failed;
    }
}
