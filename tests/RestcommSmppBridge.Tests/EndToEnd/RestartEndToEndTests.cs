using System.Collections.Concurrent;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.EndToEnd;

/// <summary>
/// Issue 5, "restart in the middle (process-level) with nothing lost": the daemon is SIGKILLed while API sends and MOs
/// are in flight, then started again on the same SQLite file. Every send answered 200 reaches the carrier and ends
/// with a final status; every MO acknowledged 0 reaches the application. Both sides are at-least-once across a crash
/// (README: sends left in `sending` are resubmitted; webhooks left pending resume), so copies are bounded, not zero.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RestartEndToEndTests
{
    private const string Carrier = "smsc";
    private const string Number = "+15550199";
    private const int ApiSenders = 4;
    private const int MoSenders = 2;

    [Test]
    [CancelAfter(120_000)]
    public async Task Sigkill_WithSendsAndMosInFlight_NothingAcknowledgedIsLostAfterRestart()
    {
        SimulatorOptions smsc = new() { Receipts = new ReceiptOptions { RetryInterval = TimeSpan.FromMilliseconds(100) } };
        await using BridgeRig rig = await BridgeRig.StartAsync([new RigCarrier(Carrier, smsc, [("", 1)])], [new RigNumber(Number, "/mo")]);
        rig.App.On("/mo", WebhookTestServer.Status(200, "<Response/>"));
        SmscSimulator simulator = rig.Simulator(Carrier);

        ConcurrentDictionary<string, string> sends = new(StringComparer.Ordinal); // body → sid, answered 200
        ConcurrentBag<string> mos = []; // texts acknowledged 0
        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(60));
        TaskCompletionSource enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        void CheckEnough()
        {
            if (sends.Count >= 40 && mos.Count >= 15)
            {
                enough.TrySetResult();
            }
        }

        int nextSend = -1;
        int nextMo = -1;
        Task[] traffic =
        [
            .. Enumerable.Range(0, ApiSenders).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    int i = Interlocked.Increment(ref nextSend);
                    string body = $"api {i:D4}";
                    if (await rig.TrySendAsync($"+4479{i:D8}", body, stop.Token) is not { } sid)
                    {
                        return; // refused or cut off by the kill: not acknowledged
                    }

                    sends[body] = sid;
                    CheckEnough();
                }
            })),
            .. Enumerable.Range(0, MoSenders).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    int i = Interlocked.Increment(ref nextMo);
                    string text = $"mo {i:D4}";
                    try
                    {
                        IReadOnlyList<CommandStatus> acks = await simulator.InjectMoAsync($"+4477{i:D8}", Number, text, cancellationToken: stop.Token);
                        if (acks.All(a => a == CommandStatus.Ok))
                        {
                            mos.Add(text);
                            CheckEnough();
                        }
                    }
                    catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException or OperationCanceledException)
                    {
                        return; // no bound receiver any more, or the answer died with the process
                    }
                }
            })),
        ];

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(45));
        rig.Kill();
        await Task.WhenAll(traffic).WaitAsync(TimeSpan.FromSeconds(30));
        int killedWithSends = sends.Count;
        int killedWithMos = mos.Count;
        // What the crash left open in the file: the work the restart has to finish.
        long openSends = rig.Query<long>("SELECT COUNT(*) FROM sms_messages WHERE direction = 'outbound-api' AND status NOT IN ('delivered', 'undelivered', 'failed')");
        long openWebhooks = rig.Query<long>("SELECT COUNT(*) FROM inbound_webhooks WHERE state = 'pending'");
        Assert.That(openSends + openWebhooks, Is.GreaterThan(0), "the kill interrupted nothing; the restart would prove nothing");
        await rig.RestartAsync();

        // Every acknowledged send ends with a final status, every acknowledged MO's webhook is done.
        Dictionary<string, RigMessage> messages = [];
        bool settled = await BridgeRig.EventuallyAsync(async () =>
        {
            messages = await rig.ListAsync();
            return sends.Values.All(sid => messages.TryGetValue(sid, out RigMessage? m) && m.IsFinal)
                && messages.Values.Where(m => m.Direction == "outbound-api").All(m => m.IsFinal)
                && rig.Query<long>("SELECT COUNT(*) FROM inbound_webhooks WHERE state <> 'completed'") == 0;
        }, TimeSpan.FromSeconds(40));
        Assert.That(settled, Is.True, $"not settled: {messages.Values.Count(m => !m.IsFinal && m.Direction != "inbound")} outbound open, "
            + $"{rig.Query<long>("SELECT COUNT(*) FROM inbound_webhooks WHERE state <> 'completed'")} webhooks open\n{rig.Daemon.Output}");

        Dictionary<string, int> atCarrier = simulator.Messages().GroupBy(m => m.Text).ToDictionary(g => g.Key, g => g.Count());
        Dictionary<string, int> atApp = rig.App.RequestsTo("/mo").GroupBy(r => BridgeRig.Field(r, "Body")!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(killedWithSends, Is.GreaterThanOrEqualTo(40));
            Assert.That(killedWithMos, Is.GreaterThanOrEqualTo(15));
            Assert.That(sends.Keys.Where(body => !messages.ContainsKey(sends[body])), Is.Empty, "acknowledged sends lost");
            Assert.That(sends.Values.Where(sid => messages[sid].Status != "delivered"), Is.Empty, "acknowledged sends not delivered");
            Assert.That(sends.Keys.Where(body => !atCarrier.ContainsKey(body)), Is.Empty, "acknowledged sends never submitted");
            Assert.That(mos.Where(text => !atApp.ContainsKey(text)), Is.Empty, "acknowledged MOs never given to the app");
            // Copies come only from work in flight at the kill: at most Outbound:MaxConcurrency (64) submits and
            // Inbound:WebhookConcurrency (16) webhooks.
            Assert.That(atCarrier.Values.Sum() - atCarrier.Count, Is.LessThanOrEqualTo(64));
            Assert.That(atApp.Values.Sum() - atApp.Count, Is.LessThanOrEqualTo(16));
        });
    }
}
