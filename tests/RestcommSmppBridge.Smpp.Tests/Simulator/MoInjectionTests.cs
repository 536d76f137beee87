using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Server;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Simulator;

/// <summary>MO deliver_sm from the simulator, read back and reassembled the way the bridge does (P8, P9).</summary>
[CancelAfter(20_000)]
public sealed class MoInjectionTests
{
    private const string LongGsm =
        "A long GSM message with € and [brackets] that cannot fit a single SMS, so it travels in parts and must come " +
        "back whole, in order, with the escape characters never split across a part boundary. 0123456789 end.";

    private const string LongUcs2 = "Длинное сообщение 👋 в UCS-2, которое не помещается в одну часть и собирается обратно целиком.";

    [TestCase("Hello @ world", MoEncoding.Auto, LongMessageMode.UdhConcat8, 1, (byte)0x00)]
    [TestCase("Price 5€ {ok}", MoEncoding.Gsm7, LongMessageMode.UdhConcat8, 1, (byte)0x00)]
    [TestCase("Привет 👋", MoEncoding.Auto, LongMessageMode.UdhConcat8, 1, (byte)0x08)]
    [TestCase("plain but UCS-2", MoEncoding.Ucs2, LongMessageMode.UdhConcat8, 1, (byte)0x08)]
    [TestCase(LongGsm, MoEncoding.Auto, LongMessageMode.UdhConcat8, 2, (byte)0x00)]
    [TestCase(LongGsm, MoEncoding.Auto, LongMessageMode.UdhConcat16, 2, (byte)0x00)]
    [TestCase(LongGsm, MoEncoding.Auto, LongMessageMode.SarTlv, 2, (byte)0x00)]
    [TestCase(LongUcs2, MoEncoding.Auto, LongMessageMode.UdhConcat8, 2, (byte)0x08)]
    [TestCase(LongUcs2, MoEncoding.Ucs2, LongMessageMode.SarTlv, 2, (byte)0x08)]
    [TestCase(LongGsm, MoEncoding.Auto, LongMessageMode.MessagePayload, 1, (byte)0x00)]
    public async Task InjectMoAsync_Text_ArrivesAndReassembles(string text, MoEncoding encoding, LongMessageMode mode,
        int expectedParts, byte expectedDataCoding)
    {
        await using var simulator = new SmscSimulator(new SimulatorOptions { RandomSeed = 7 });
        simulator.Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Receiver);

        IReadOnlyList<CommandStatus> statuses = await simulator.InjectMoAsync("+447700900123", "12345", text,
            new MoOptions { Encoding = encoding, LongMessageMode = mode });
        var reassembler = new Reassembler(new FakeTimeProvider());
        string? whole = null;
        var parts = new List<DeliverSm>();
        while (whole is null)
        {
            DeliverSm pdu = await esme.NextDeliveredAsync();
            parts.Add(pdu);
            InboundUserData data = InboundUserData.From(pdu, TextOptions.Default);
            if (data.Part is not { } part)
            {
                whole = data.DecodeText(TextOptions.Default);
                continue;
            }

            ReassemblyResult result = reassembler.Add("sim", pdu.SourceAddr, pdu.DestinationAddr, part, pdu.DataCoding, data.Payload.Span);
            if (result.Status == ReassemblyStatus.Complete)
            {
                whole = InboundUserData.Decode(result.DataCoding, result.Payload, data.IsUnpackedGsm, TextOptions.Default);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(whole, Is.EqualTo(text));
            Assert.That(parts, Has.Count.EqualTo(expectedParts));
            Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(CommandStatus.Ok, expectedParts)));
            Assert.That(parts.Select(p => p.DataCoding), Is.All.EqualTo(expectedDataCoding));
            Assert.That(parts.Select(p => p.SourceAddr), Is.All.EqualTo("447700900123"));
            Assert.That(parts[0].SourceAddrTon, Is.EqualTo(TypeOfNumber.International));
            Assert.That(parts.Select(p => p.IsDeliveryReceipt), Is.All.False);
            Assert.That(parts.Select(p => EsmClass.HasUdh(p.EsmClass)), Is.All.EqualTo(mode is LongMessageMode.UdhConcat8 or LongMessageMode.UdhConcat16 && expectedParts > 1));
            Assert.That(simulator.Counters.MosSent, Is.EqualTo(expectedParts));
            Assert.That(simulator.Counters.MoAcksByStatus[CommandStatus.Ok], Is.EqualTo(expectedParts));
        });
    }

    [Test]
    public async Task InjectMoAsync_EsmeAnswersTemporaryError_StatusReportedAndCounted()
    {
        await using var simulator = new SmscSimulator();
        simulator.Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);
        esme.Answer = _ => CommandStatus.ReceiverTemporaryAppError;

        IReadOnlyList<CommandStatus> statuses = await simulator.InjectMoAsync("1", "2", "hi");

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.ReceiverTemporaryAppError }));
            Assert.That(simulator.Counters.MoAcksByStatus[CommandStatus.ReceiverTemporaryAppError], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InjectMoAsync_NoReceiver_NotSent()
    {
        await using var simulator = new SmscSimulator();
        simulator.Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        Assert.That(() => simulator.InjectMoAsync("1", "2", "hi"), Throws.TypeOf<SmppNotSentException>());
    }

    [Test]
    public void Compose_Gsm7ForcedWithCyrillic_Refused()
    {
        Assert.That(() => MoComposer.Compose("1", "2", "Привет", new MoOptions { Encoding = MoEncoding.Gsm7 }, new ConcatReferenceAllocator()),
            Throws.ArgumentException);
    }

    [Test]
    public async Task MoGenerator_Rate_SendsMixedTrafficToReceiver()
    {
        var time = new FakeTimeProvider();
        await using var simulator = new SmscSimulator(new SimulatorOptions { MoGenerator = new MoGeneratorOptions { Rate = 10 } }, time);
        simulator.Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Receiver);

        var codings = new HashSet<byte>();
        while (codings.Count < 2)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            if (esme.Delivered.TryRead(out DeliverSm? pdu))
            {
                codings.Add(pdu.DataCoding);
            }
            else
            {
                await esme.Delivered.WaitToReadAsync();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(codings, Is.SupersetOf(new byte[] { 0x00, 0x08 }), "GSM and UCS-2 generated");
            Assert.That(simulator.Counters.MosSent, Is.GreaterThanOrEqualTo(2));
        });
    }

    [Test]
    public async Task SubmitSm_MultipartUdh_RecordedWithPartInfo()
    {
        await using var simulator = new SmscSimulator();
        simulator.Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);
        ComposedMessage composed = MessageComposer.Compose(LongUcs2, new SubmitSm { SourceAddr = "1", DestinationAddr = "2" },
            new ComposeOptions { LongMessageMode = LongMessageMode.UdhConcat16 }, new ConcatReferenceAllocator());

        foreach (SubmitSm part in composed.Parts)
        {
            await esme.Session.SendAsync<SubmitSmResp>(part, CancellationToken.None);
        }

        await esme.Session.SendAsync<DataSmResp>(new DataSm { SourceAddr = "1", DestinationAddr = "2" }, CancellationToken.None);
        IReadOnlyList<AcceptedMessage> accepted = simulator.Accepted.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Has.Count.EqualTo(composed.Parts.Count + 1));
            Assert.That(accepted.Take(2).Select(m => m.Concatenation), Is.All.EqualTo(ConcatenationKind.Udh16));
            Assert.That(accepted.Take(2).Select(m => m.Part!.Value.Sequence), Is.EqualTo(new byte[] { 1, 2 }));
            Assert.That(string.Concat(accepted.Take(2).Select(m => m.Text)), Is.EqualTo(LongUcs2));
            Assert.That(accepted[0].DataCoding, Is.EqualTo((byte)0x08));
            Assert.That(accepted[^1].CommandId, Is.EqualTo(CommandId.DataSm));
        });
    }
}
