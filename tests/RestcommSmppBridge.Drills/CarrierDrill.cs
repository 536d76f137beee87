using System.Globalization;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// Carrier faults: the simulator answers 30% of submits with 0x58 (throttled), drops each bind's connection at its
/// Nth request, and answers one request at a time with a delay, so requests queued behind others in a full window are
/// answered after the carrier's response timeout. Every acknowledged message must end delivered (reached the
/// simulator, receipt stored) or failed with a reason. An answer within the carrier's LateResponseWindow (default: as
/// long as the response timeout) still counts; a submit unanswered after that, or in flight when a connection drops,
/// is an unknown outcome, which the bridge resubmits by default (Outbound:UnknownOutcome=Resubmit, at least once): a
/// message may then reach the simulator more than once, but never more than Outbound:MaxAttempts times.
/// </summary>
internal static class CarrierDrill
{
    private const int MaxAttempts = 5;

    public static async Task RunAsync(DrillOptions options, DrillResult result)
    {
        int count = options.Count ?? (options.Quick ? 120 : 600);
        double seconds = options.Seconds ?? (options.Quick ? 10 : 60);
        int dropAfter = options.Quick ? 40 : 150;
        TimeSpan responseDelay = TimeSpan.FromMilliseconds(150);
        TimeSpan responseTimeout = TimeSpan.FromSeconds(1);
        // A message sent last may legitimately need every attempt: each waits up to the response timeout and the late
        // window (as long as the timeout), then the longest backoff (4 s): 5 x 6 s = 30 s, plus the carrier's slow
        // answers and the receipt. 30 s for the quick run was that worst case with no margin: under CPU load one run
        // failed on it although every message reached its final status before the reconciliation that followed.
        TimeSpan worstCase = MaxAttempts * (2 * responseTimeout + TimeSpan.FromSeconds(4));
        // A throttled submit is sent again after a bind-wide pause that doubles while the first PDU after a pause is
        // refused. Here 0x58 is a coin toss, not a rate, so a message sent last (alone on its bind) is refused k times
        // in a row with probability 0.3^k: at the default pause (1 s doubling to 30 s) five refusals in a row, which
        // one run in four met somewhere among 120 messages, took 31 s and outlasted the drain. Capped at 2 s, k
        // refusals cost about 2k s, and the drain outlasts 15 in a row (0.3^15 per message).
        TimeSpan throttleMinPause = TimeSpan.FromMilliseconds(500);
        TimeSpan throttleMaxPause = TimeSpan.FromSeconds(2);
        TimeSpan drainLimit = options.Quick ? worstCase + TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(90);
        result.Detail($"{count} MT over {seconds} s; simulator: 30% 0x58, connection dropped at each bind's request {dropAfter}, one answer at a time {responseDelay.TotalMilliseconds} ms apart (response timeout {responseTimeout.TotalSeconds} s, window 10, 4 binds, throttle pause {throttleMinPause.TotalSeconds} s doubling to {throttleMaxPause.TotalSeconds} s)");

        SimulatorOptions simulator = new()
        {
            Receipts = new ReceiptOptions { Delay = TimeSpan.FromMilliseconds(100) },
            Faults = new FaultOptions { ThrottleFraction = 0.3, DropAfterPdus = dropAfter, ResponseDelay = responseDelay },
            Session = SmppSessionOptions.Default with { Name = "sim", InboundConcurrency = 1 },
            AcceptedLogCapacity = 200_000,
            RandomSeed = options.Seed,
        };
        Dictionary<string, string> settings = new(StringComparer.Ordinal)
        {
            ["Bridge__Carriers__0__Binds"] = "4",
            ["Bridge__Carriers__0__WindowSize"] = "10",
            ["Bridge__Carriers__0__ResponseTimeout"] = responseTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Bridge__Carriers__0__ThrottleMinPause"] = throttleMinPause.ToString("c", CultureInfo.InvariantCulture),
            ["Bridge__Carriers__0__ThrottleMaxPause"] = throttleMaxPause.ToString("c", CultureInfo.InvariantCulture),
            ["Bridge__Outbound__MaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Bridge__Outbound__RetryBackoffMin"] = "00:00:01",
            ["Bridge__Outbound__RetryBackoffMax"] = "00:00:04",
        };
        await using DrillEnvironment drill = await DrillEnvironment.StartAsync(options, simulator, settings, CancellationToken.None);
        await drill.WaitForBindAsync(options.StartTimeout, CancellationToken.None);
        DrillBodies bodies = new("carr", count);
        await using AcceptedTracker tracker = new(drill.Simulator, bodies);
        using ApiSender sender = new(() => drill.Daemon.Address, drill.AccountSid, drill.AuthToken, bodies, drill.App.StatusUrl, 16);
        int attempted = await ApiSender.RunPacedAsync(count, count / seconds, 16, sender.SendAsync, CancellationToken.None, CancellationToken.None);

        bool drained = await DrillRunner.WaitUntilAsync(() => drill.Database.Unfinished() == 0, drainLimit);
        if (!drained)
        {
            result.Problem($"not drained within {drainLimit.TotalSeconds} s: {drill.Database.Unfinished()} MT without a final status");
        }

        await WaitForCallbacksAsync(drill.App);
        int exit = await drill.Daemon.StopAsync(TimeSpan.FromSeconds(45));
        if (exit != 0)
        {
            result.Problem($"the daemon did not stop cleanly on SIGTERM (exit {exit})");
        }

        SimulatorCounters counters = drill.Simulator.Counters;
        result.Detail($"simulator: {counters.SubmitsReceived} submits, {counters.Throttled} answered 0x58, {counters.Drops} connections dropped, {counters.SubmitsAccepted} accepted, {counters.BindsAccepted} binds");
        result.Detail($"simulator counters: {counters.Snapshot()}");
        MtReconciliation m = MtReconciliation.Run(sender, bodies, attempted, tracker.Snapshot(), drill.Database, drill.App.Callbacks);
        result.Detail($"MT: {m.Acknowledged} answered 200 ({m.NotAcknowledged} not), {m.Reached} reached the simulator, {m.Failed} failed, {m.Lost} lost");
        result.Detail($"MT: {m.ExtraCopies} extra copies after unanswered submits (bound: at most MaxAttempts {MaxAttempts} copies of a message; most seen {m.MaxCopies}); {m.ReachedButFailed} reached the simulator yet stored as failed (their submits were answered only after the late-response window, or not before a drop)");
        result.Detail($"MT final statuses: {m.StatusSummary()}; failures: {m.FailSummary()}");
        result.Detail($"MT status callbacks: final status called back for {m.FinalCallbacksReceived}, missing for {m.FinalCallbacksMissing}, {m.CallbackDuplicates} repeated");
        if (m.Unfinished > 0)
        {
            result.Problem($"{m.Unfinished} acknowledged MT without a final status");
            foreach (string line in drill.Database.DescribeUnfinished(5))
            {
                result.Detail($"unfinished: {line}");
            }
        }

        if (m.MaxCopies > MaxAttempts)
        {
            result.Problem($"a message reached the simulator {m.MaxCopies} times, more than MaxAttempts {MaxAttempts}");
        }

        if (m.FinalCallbacksMissing > 0)
        {
            result.Problem($"{m.FinalCallbacksMissing} final statuses never called back (the app was up all along)");
        }

        if (tracker.Overrun > 0)
        {
            result.Problem($"the simulator's accepted log overran: {tracker.Overrun} entries unread");
        }

        // Here the line reports the stored outcome: delivered, or failed with a reason (even when a late-answered copy
        // did reach the simulator); lost is a message that never reached it and did not fail.
        result.Sent = m.Acknowledged;
        result.Delivered = m.FinalDelivered;
        result.Lost = m.Lost;
        result.Duplicated = m.ExtraCopies;
        result.Failed = m.FinalFailed;
    }

    /// <summary>Waits (at most 5 s) until no new status callback arrived for half a second.</summary>
    internal static async Task WaitForCallbacksAsync(RcmlApp app)
    {
        int last = -1;
        await DrillRunner.WaitUntilAsync(() =>
        {
            int now = app.CallbackCount();
            bool stable = now == last;
            last = now;
            return stable;
        }, TimeSpan.FromSeconds(5));
    }
}
