using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// App faults: while MO messages arrive (webhooks to the app) and MT messages are sent with a StatusCallback to the
/// app, the app answers malformed XML for a third of the fault window, 500 for the next third, and holds requests past
/// the bridge's attempt timeout for the last third; then it recovers (bad XML first, so that what meets a 500 or a
/// timeout is retried into the healthy app, not into the bad-XML phase). Webhooks that met a 500 or a timeout
/// must be retried and reach the app once it recovers (status callbacks through Bridge:Webhooks retries, RCML webhooks
/// also through Inbound:WebhookRetryDelay runs); a malformed document is not retried (README, RCML: the interaction
/// ends, with notice 12100), so those MOs end failed with that reason. Nothing may stay pending.
/// </summary>
internal static class AppDrill
{
    public static async Task RunAsync(DrillOptions options, DrillResult result)
    {
        int moCount = options.Count ?? (options.Quick ? 60 : 300);
        int mtCount = moCount;
        double faultSeconds = options.Seconds ?? (options.Quick ? 9 : 24);
        double trafficSeconds = faultSeconds + (options.Quick ? 3 : 10);
        TimeSpan drainLimit = TimeSpan.FromSeconds(options.Quick ? 40 : 90);
        TimeSpan third = TimeSpan.FromSeconds(faultSeconds / 3);
        result.Detail($"{moCount} MO and {mtCount} MT (StatusCallback) over {trafficSeconds} s; app: bad XML for {third.TotalSeconds:F1} s, 500 for {third.TotalSeconds:F1} s, timeouts for {third.TotalSeconds:F1} s, then healthy");

        SimulatorOptions simulator = new()
        {
            Receipts = new ReceiptOptions { Delay = TimeSpan.FromMilliseconds(100) },
            AcceptedLogCapacity = 200_000,
            RandomSeed = options.Seed,
        };

        // Retries that outlast the fault window: a status callback gets up to 10 attempts over about 40 s (one
        // Bridge:Webhooks run); an RCML webhook gets those and then up to 12 runs, 1 s doubling to 4 s apart.
        Dictionary<string, string> settings = new(StringComparer.Ordinal)
        {
            ["Bridge__Webhooks__AttemptTimeout"] = "00:00:01",
            ["Bridge__Webhooks__TotalTimeout"] = "00:00:40",
            ["Bridge__Webhooks__MaxAttempts"] = "10",
            ["Bridge__Webhooks__BackoffInitial"] = "00:00:00.500",
            ["Bridge__Webhooks__BackoffMax"] = "00:00:04",
            ["Bridge__Inbound__WebhookMaxAttempts"] = "12",
            ["Bridge__Inbound__WebhookRetryDelay"] = "00:00:01",
            ["Bridge__Inbound__WebhookRetryMaxDelay"] = "00:00:04",
        };
        await using DrillEnvironment drill = await DrillEnvironment.StartAsync(options, simulator, settings, CancellationToken.None);
        await drill.WaitForBindAsync(options.StartTimeout, CancellationToken.None);
        DrillBodies mtBodies = new("appmt", mtCount);
        DrillBodies moBodies = new("appmo", moCount);
        await using AcceptedTracker tracker = new(drill.Simulator, mtBodies);
        using ApiSender sender = new(() => drill.Daemon.Address, drill.AccountSid, drill.AuthToken, mtBodies, drill.App.StatusUrl, 16);
        MoInjector injector = new(drill.Simulator, moBodies);
        using CancellationTokenSource stopMo = new();

        long start = TimeProvider.System.GetTimestamp();
        Task<int> mt = ApiSender.RunPacedAsync(mtCount, mtCount / trafficSeconds, 16, sender.SendAsync, CancellationToken.None, CancellationToken.None);
        Task<int> mo = ApiSender.RunPacedAsync(moCount, moCount / trafficSeconds, 8, (i, _) => injector.InjectAsync(i, stopMo.Token),
            CancellationToken.None, CancellationToken.None);
        AppFault[] schedule = [AppFault.BadXml, AppFault.Error500, AppFault.Timeout];
        for (int phase = 0; phase < schedule.Length; phase++)
        {
            drill.App.Fault = schedule[phase];
            await DrillRunner.DelayUntilAsync(start, third * (phase + 1), CancellationToken.None);
        }

        drill.App.Fault = AppFault.None;
        int mtAttempted = await mt;
        stopMo.CancelAfter(TimeSpan.FromSeconds(10));
        int moAttempted = await mo;
        long recovered = TimeProvider.System.GetTimestamp();
        bool drained = await DrillRunner.WaitUntilAsync(() =>
            drill.Database.Unfinished() == 0 && drill.Database.PendingWebhooks() == 0 && drill.Database.OwedCallbacks() == 0,
            drainLimit);
        if (!drained)
        {
            result.Problem($"not drained within {drainLimit.TotalSeconds} s: {drill.Database.Unfinished()} MT without a final status, {drill.Database.PendingWebhooks()} webhooks pending, {drill.Database.OwedCallbacks()} messages owed a status callback");
        }

        await CarrierDrill.WaitForCallbacksAsync(drill.App);
        result.Detail($"drained {TimeProvider.System.GetElapsedTime(recovered).TotalSeconds:F1} s after the traffic ended");
        int exit = await drill.Daemon.StopAsync(TimeSpan.FromSeconds(45));
        if (exit != 0)
        {
            result.Problem($"the daemon did not stop cleanly on SIGTERM (exit {exit})");
        }

        MtReconciliation m = MtReconciliation.Run(sender, mtBodies, mtAttempted, tracker.Snapshot(), drill.Database, drill.App.Callbacks);
        MoReconciliation o = MoReconciliation.Run(injector, moAttempted, drill.App, drill.Database);
        int faultedWebhooks = drill.App.Faulted.Values.Sum();
        result.Detail($"app: {faultedWebhooks} webhook requests and {drill.App.CallbacksFaulted} status callbacks answered with a fault");
        result.Detail($"MO: {o.Acknowledged} answered 0, {o.Reached} reached the app once it answered well, {o.ExtraWebhooks} twice or more, {o.Failed} failed ({o.FailSummary()}), {o.Lost} lost, {o.Pending} pending");
        result.Detail($"MT: {m.Acknowledged} answered 200, {m.Reached} reached the simulator, final statuses: {m.StatusSummary()}");
        result.Detail($"status callbacks: final status called back for {m.FinalCallbacksReceived}, missing for {m.FinalCallbacksMissing}, {m.CallbackDuplicates} repeated");
        if (m.Unfinished > 0 || m.Lost > 0)
        {
            result.Problem($"{m.Unfinished} MT without a final status, {m.Lost} MT lost");
        }

        if (o.StoredTwice > 0)
        {
            result.Problem($"{o.StoredTwice} MO stored twice");
        }

        // The line counts the webhooks this drill is about: one per MO answered 0, one final status callback per MT.
        result.Sent = o.Acknowledged + m.Acknowledged;
        result.Delivered = o.Reached + m.FinalCallbacksReceived;
        result.Lost = o.Lost + m.FinalCallbacksMissing + m.Lost;
        result.Duplicated = o.ExtraWebhooks + m.CallbackDuplicates;
        result.Failed = o.Failed + m.Failed;
    }
}
