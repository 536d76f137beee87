using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Tests.EndToEnd;

/// <summary>
/// Issue 5, receipts through the real daemon (smpp.md P1, P2): a receipt that arrives before its submit_sm_resp, and
/// message ids written in hexadecimal in one place and decimal in the other. One simulator per carrier, each carrier
/// reached by its own destination prefix.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReceiptEndToEndTests
{
    private const string Early = "early";
    private const string HexThenDecimal = "hexdec";
    private const string DecimalThenHex = "dechex";
    private const string Unconfigured = "unconfigured";

    private static readonly MessageIdOptions s_hex = new() { Style = MessageIdStyle.Hex };
    private static readonly MessageIdOptions s_decimal = new() { Style = MessageIdStyle.Decimal };

    private BridgeRig _rig = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _rig = await BridgeRig.StartAsync(
        [
            new RigCarrier(Early, new SimulatorOptions { Receipts = new ReceiptOptions { BeforeResponse = true } }, [("4471", 1)]),
            new RigCarrier(HexThenDecimal, IdsIn(s_hex, s_decimal), [("4472", 1)], IdFormats("Hexadecimal", "Decimal")),
            new RigCarrier(DecimalThenHex, IdsIn(s_decimal, s_hex), [("4473", 1)], IdFormats("Decimal", "Hexadecimal")),
            // Hex in the response, decimal in the receipt, and the carrier left on the default (CaseInsensitive).
            new RigCarrier(Unconfigured, IdsIn(s_hex, s_decimal), [("4474", 1)]),
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _rig.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task ApiSend_ReceiptBeforeSubmitResp_HeldThenMatchedAndDelivered()
    {
        string sid = await _rig.SendAsync("+447100900001", "receipt first");
        RigMessage message = await _rig.WaitFinalAsync(sid);

        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("delivered"));
            Assert.That(_rig.Daemon.Output, Does.Contain($"from {Early} (Delivered) matches no stored part yet; held"),
                "the receipt really came first");
            Assert.That(_rig.Query<long>("SELECT COUNT(*) FROM pending_receipts WHERE carrier = $c", ("$c", Early)), Is.Zero,
                "the held receipt was used up");
        });
        bool callback = await BridgeRig.EventuallyAsync(() => _rig.CallbackStatuses(sid).Contains("delivered"), TimeSpan.FromSeconds(10));
        Assert.That(callback, Is.True);
    }

    [TestCase(HexThenDecimal, "+447200900001")]
    [TestCase(DecimalThenHex, "+447300900001")]
    [CancelAfter(30_000)]
    public async Task ApiSend_IdsInDifferentBasesAndCarrierConfigured_ReceiptMatchedAndDelivered(string carrier, string to)
    {
        string text = "ids for " + carrier;

        string sid = await _rig.SendAsync(to, text);
        RigMessage message = await _rig.WaitFinalAsync(sid);

        AcceptedMessage accepted = _rig.Simulator(carrier).Accepted.Snapshot().Single(m => m.Text == text);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("delivered"));
            Assert.That(accepted.ReceiptMessageId, Is.Not.EqualTo(accepted.MessageId), "the two places really differ");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ApiSend_IdsInDifferentBasesCarrierNotConfigured_ReceiptHeldAndMessageStaysSent()
    {
        SmscSimulator simulator = _rig.Simulator(Unconfigured);
        long acked = simulator.Counters.ReceiptAcksByStatus.GetValueOrDefault(CommandStatus.Ok);

        string sid = await _rig.SendAsync("+447400900001", "ids not configured");

        // Once the simulator holds the bridge's deliver_sm_resp for the receipt, the bridge has dealt with it.
        bool answered = await BridgeRig.EventuallyAsync(
            () => simulator.Counters.ReceiptAcksByStatus.GetValueOrDefault(CommandStatus.Ok) > acked, TimeSpan.FromSeconds(15));
        Assert.That(answered, Is.True, _rig.Daemon.Output);
        RigMessage message = await _rig.GetAsync(sid);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo("sent"), "README: a receipt matching no stored id is held (PendingReceiptTtl)");
            Assert.That(_rig.Query<long>("SELECT COUNT(*) FROM pending_receipts WHERE carrier = $c", ("$c", Unconfigured)), Is.EqualTo(1));
            Assert.That(_rig.CallbackStatuses(sid), Does.Not.Contain("delivered"));
        });
    }

    private static SimulatorOptions IdsIn(MessageIdOptions response, MessageIdOptions receipt) =>
        new() { MessageIds = response, Receipts = new ReceiptOptions { IdFormat = receipt } };

    private static Dictionary<string, string> IdFormats(string response, string receipt) => new()
    {
        ["MessageIdFormat"] = response,
        ["ReceiptTextIdFormat"] = receipt,
        ["ReceiptedMessageIdFormat"] = receipt,
    };
}
