using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Tests.EndToEnd;

/// <summary>
/// Issue 5, routing and failover through the real daemon: each destination prefix has a preferred carrier and a backup
/// (preference 2). The preferred one is healthy (used), throttles everything (temporary error: the message moves on),
/// or is down (never bound: passed over). The application's status callbacks end with "delivered".
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FailoverEndToEndTests
{
    private const string Healthy = "healthy";
    private const string Throttling = "throttling";
    private const string Down = "down";
    private const string Backup = "backup";

    private BridgeRig _rig = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SimulatorOptions plain = new();
        _rig = await BridgeRig.StartAsync(
        [
            new RigCarrier(Healthy, plain, [("4478", 1)]),
            // Every submit answered 0x58, and no retry on the bind: the router sees the temporary refusal at once.
            new RigCarrier(Throttling, plain with { Faults = new FaultOptions { ThrottleFraction = 1 } }, [("4477", 1)],
                new Dictionary<string, string> { ["MaxThrottleRetries"] = "0" }),
            new RigCarrier(Down, null, [("4476", 1)]),
            new RigCarrier(Backup, plain, [("4476", 2), ("4477", 2), ("4478", 2)]),
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _rig.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task ApiSend_PreferredCarrierThrottles_FailsOverToBackupAndDelivered()
    {
        const string Text = "failover from a throttling carrier";
        long throttledBefore = _rig.Simulator(Throttling).Counters.Throttled;

        string sid = await _rig.SendAsync("+447700900001", Text);
        RigMessage message = await _rig.WaitFinalAsync(sid);

        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("delivered"));
            Assert.That(_rig.Simulator(Throttling).Counters.Throttled, Is.GreaterThan(throttledBefore), "the preferred carrier was tried first");
            Assert.That(Texts(Throttling), Does.Not.Contain(Text));
            Assert.That(Texts(Backup).Count(t => t == Text), Is.EqualTo(1), "accepted once, by the backup");
        });
        await AssertCallbacksEndDeliveredAsync(sid);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApiSend_PreferredCarrierDown_FailsOverToBackupAndDelivered()
    {
        const string Text = "failover from a carrier that is down";

        string sid = await _rig.SendAsync("+447600900001", Text);
        RigMessage message = await _rig.WaitFinalAsync(sid);

        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("delivered"));
            Assert.That(Texts(Backup).Count(t => t == Text), Is.EqualTo(1));
        });
        await AssertCallbacksEndDeliveredAsync(sid);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApiSend_PreferredCarrierHealthy_PreferredCarrierUsed()
    {
        const string Text = "the preferred carrier is fine";

        string sid = await _rig.SendAsync("+447800900001", Text);
        RigMessage message = await _rig.WaitFinalAsync(sid);

        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("delivered"));
            Assert.That(Texts(Healthy).Count(t => t == Text), Is.EqualTo(1));
            Assert.That(Texts(Backup), Does.Not.Contain(Text));
        });
        await AssertCallbacksEndDeliveredAsync(sid);
    }

    private List<string> Texts(string carrier) => [.. _rig.Simulator(carrier).Messages().Select(m => m.Text)];

    /// <summary>Callbacks may trail the stored status a little: waits for the delivered one, then checks the story.</summary>
    private async Task AssertCallbacksEndDeliveredAsync(string sid)
    {
        bool arrived = await BridgeRig.EventuallyAsync(() => _rig.CallbackStatuses(sid).Contains("delivered"), TimeSpan.FromSeconds(10));
        Assert.That(arrived, Is.True, "no delivered callback:\n" + _rig.Daemon.Output);
        Assert.That(_rig.CallbackStatuses(sid), Is.EqualTo(new[] { "sent", "delivered" }));
    }
}
