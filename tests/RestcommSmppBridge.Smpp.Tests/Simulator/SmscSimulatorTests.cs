using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Server;

namespace RestcommSmppBridge.Smpp.Tests.Simulator;

/// <summary>The simulator on 127.0.0.1:0, driven by an ESME-role session of our own stack.</summary>
[CancelAfter(20_000)]
public sealed class SmscSimulatorTests
{
    private static readonly Dictionary<string, string> s_credentials = new() { ["test"] = "test" };

    private static SmscSimulator Start(SimulatorOptions? options = null, TimeProvider? time = null)
    {
        var simulator = new SmscSimulator(options ?? new SimulatorOptions { Credentials = s_credentials, RandomSeed = 1 }, time);
        simulator.Start();
        return simulator;
    }

    private static DeliveryReceipt ParseReceipt(DeliverSm pdu)
    {
        Assert.That(DeliveryReceiptParser.TryParse(pdu, out DeliveryReceipt? receipt), Is.True, "a readable receipt");
        return receipt!;
    }

    [TestCase(BindType.Transmitter, SessionState.BoundTransmitter)]
    [TestCase(BindType.Receiver, SessionState.BoundReceiver)]
    [TestCase(BindType.Transceiver, SessionState.BoundTransceiver)]
    public async Task Bind_EachType_Bound(BindType type, SessionState expected)
    {
        await using SmscSimulator simulator = Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, type);

        Assert.Multiple(() =>
        {
            Assert.That(esme.Session.State, Is.EqualTo(expected));
            Assert.That(esme.Session.PeerSystemId, Is.EqualTo("simsmsc"));
            Assert.That(simulator.Counters.BindsAccepted, Is.EqualTo(1));
            Assert.That(simulator.Server.BoundSessionCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Bind_WrongPassword_0x0E()
    {
        await using SmscSimulator simulator = Start();
        await using EsmeConnection esme = await EsmeConnection.ConnectAsync(simulator.LocalEndPoint);

        BindResponse response = await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "nope"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.InvalidPassword));
            Assert.That(simulator.Counters.BindsRefused, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Bind_OverLimit_ExtraRefused()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions { Credentials = s_credentials, MaxBindsPerSystemId = 2 });
        await using EsmeConnection first = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);
        await using EsmeConnection second = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Receiver);
        await using EsmeConnection third = await EsmeConnection.ConnectAsync(simulator.LocalEndPoint);

        BindResponse response = await third.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "test"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.AlreadyBound));
            Assert.That(simulator.Counters.BindsAccepted, Is.EqualTo(2));
            Assert.That(simulator.Counters.BindsRefused, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Bind_RefuseFault_FirstBindRefusedThenAccepted()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            Faults = new FaultOptions { RefuseBinds = CommandStatus.BindFailed, RefuseBindCount = 1 },
        });
        await using EsmeConnection esme = await EsmeConnection.ConnectAsync(simulator.LocalEndPoint);

        BindResponse refused = await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "any", "x"), CancellationToken.None);
        BindResponse accepted = await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "any", "x"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(refused.CommandStatus, Is.EqualTo(CommandStatus.BindFailed));
            Assert.That(accepted.CommandStatus, Is.EqualTo(CommandStatus.Ok));
        });
    }

    [TestCase(MessageIdStyle.Hex, 0, false, "F4240")]
    [TestCase(MessageIdStyle.Hex, 0, true, "f4240")]
    [TestCase(MessageIdStyle.Hex, 10, false, "00000F4240")]
    [TestCase(MessageIdStyle.Decimal, 0, false, "1000000")]
    [TestCase(MessageIdStyle.Decimal, 12, false, "000001000000")]
    public async Task SubmitSm_IdFormat_RespCarriesFormattedId(MessageIdStyle style, int width, bool lower, string expected)
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            MessageIds = new MessageIdOptions { Style = style, Width = width, LowerCase = lower },
        });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        SubmitSmResp first = await esme.SubmitAsync();
        SubmitSmResp second = await esme.SubmitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.MessageId, Is.EqualTo(expected));
            Assert.That(second.MessageId, Is.Not.EqualTo(first.MessageId));
            Assert.That(simulator.Accepted.Find(expected)?.Text, Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task SubmitSm_UuidFormat_RespIsUuid()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            RandomSeed = 3,
            MessageIds = new MessageIdOptions { Style = MessageIdStyle.Uuid },
        });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        SubmitSmResp response = await esme.SubmitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(response.MessageId, out Guid id), Is.True);
            Assert.That(id.Version, Is.EqualTo(4));
            Assert.That(response.MessageId, Is.EqualTo(response.MessageId.ToUpperInvariant()));
        });
    }

    [TestCase(ReceiptFormat.Text)]
    [TestCase(ReceiptFormat.Tlv)]
    [TestCase(ReceiptFormat.Both)]
    public async Task Receipt_HexRespDecimalReceipt_IdsMatchSameNumber(ReceiptFormat format)
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            MessageIds = new MessageIdOptions { Style = MessageIdStyle.Hex, Width = 8 },
            Receipts = new ReceiptOptions { Format = format, IdFormat = new MessageIdOptions { Style = MessageIdStyle.Decimal } },
        });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);

        SubmitSmResp response = await esme.SubmitAsync("receipt please", RegisteredDelivery.FinalReceipt);
        DeliverSm receipt = await esme.NextDeliveredAsync();
        DeliveryReceipt dlr = ParseReceipt(receipt);

        Assert.Multiple(() =>
        {
            Assert.That(response.MessageId, Is.EqualTo("000F4240"));
            Assert.That(receipt.IsDeliveryReceipt, Is.True);
            Assert.That(receipt.EsmClass, Is.EqualTo(EsmClass.DeliveryReceipt));
            Assert.That(receipt.SourceAddr, Is.EqualTo("447700900002"), "a receipt comes from the destination");
            Assert.That(dlr.MessageId, Is.EqualTo("1000000"));
            Assert.That(dlr.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(dlr.TextMessageId, Is.EqualTo(format.HasFlag(ReceiptFormat.Text) ? "1000000" : null));
            Assert.That(dlr.ReceiptedMessageId, Is.EqualTo(format.HasFlag(ReceiptFormat.Tlv) ? "1000000" : null));
            Assert.That(MessageIdNormalizer.Matches(response.MessageId, dlr, new MessageIdMatchOptions
            {
                SubmitResponseFormat = MessageIdFormat.Hexadecimal,
                ReceiptTextFormat = MessageIdFormat.Decimal,
                ReceiptedMessageIdFormat = MessageIdFormat.Decimal,
            }), Is.True);
        });
    }

    [Test]
    public async Task Receipt_EnrouteConfigured_EnrouteThenFinal()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            Receipts = new ReceiptOptions
            {
                IntermediateEnroute = true,
                OutcomeWeights = new Dictionary<MessageState, int> { [MessageState.Undeliverable] = 1 },
            },
        });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);

        SubmitSmResp response = await esme.SubmitAsync(registeredDelivery: RegisteredDelivery.FinalReceipt);
        DeliverSm first = await esme.NextDeliveredAsync();
        DeliverSm second = await esme.NextDeliveredAsync();
        DeliveryReceipt enroute = ParseReceipt(first);
        DeliveryReceipt final = ParseReceipt(second);

        Assert.Multiple(() =>
        {
            Assert.That(first.EsmClass, Is.EqualTo(EsmClass.IntermediateNotification));
            Assert.That(enroute.State, Is.EqualTo(MessageState.Enroute));
            Assert.That(enroute.IsFinal, Is.False);
            Assert.That(final.State, Is.EqualTo(MessageState.Undeliverable));
            Assert.That(final.NetworkError, Is.EqualTo(new NetworkErrorCode(3, 1)));
            Assert.That(final.MessageId, Is.EqualTo(response.MessageId));
            Assert.That(simulator.Counters.IntermediateReceiptsSent, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Receipt_BeforeResponse_ReceiptHandledBeforeRespArrives()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            Receipts = new ReceiptOptions { BeforeResponse = true },
        });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);

        SubmitSmResp response = await esme.SubmitAsync(registeredDelivery: RegisteredDelivery.FinalReceipt);

        // The simulator waited for deliver_sm_resp, which the ESME sends after queueing the receipt.
        Assert.That(esme.Delivered.TryRead(out DeliverSm? receipt), Is.True, "receipt before submit_sm_resp (smpp.md P2)");
        DeliveryReceipt dlr = ParseReceipt(receipt!);
        Assert.That(dlr.MessageId, Is.EqualTo(response.MessageId));
    }

    [Test]
    public async Task Receipt_FailureOnlyAndDelivered_NoReceipt()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions { Receipts = new ReceiptOptions { BeforeResponse = true } });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);

        await esme.SubmitAsync(registeredDelivery: RegisteredDelivery.FailureReceipt);

        Assert.Multiple(() =>
        {
            Assert.That(esme.Delivered.TryRead(out _), Is.False);
            Assert.That(simulator.Counters.ReceiptsSent, Is.Zero);
        });
    }

    [Test]
    public async Task Receipt_Delay_SentOnlyWhenTimeAdvances()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            Receipts = new ReceiptOptions { Delay = TimeSpan.FromMinutes(10) },
        }, time);
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);

        await esme.SubmitAsync(registeredDelivery: RegisteredDelivery.FinalReceipt);
        time.Advance(TimeSpan.FromMinutes(9));
        await esme.SubmitAsync();
        bool early = esme.Delivered.TryRead(out _);
        time.Advance(TimeSpan.FromMinutes(1));
        DeliverSm receipt = await esme.NextDeliveredAsync();
        DeliveryReceipt dlr = ParseReceipt(receipt);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.False);
            Assert.That(dlr.SubmitDate, Is.EqualTo(new DateTime(2026, 3, 1, 12, 0, 0)));
            Assert.That(dlr.DoneDate, Is.EqualTo(new DateTime(2026, 3, 1, 12, 10, 0)));
        });
    }

    [Test]
    public async Task Receipt_NoReceiverBound_KeptAndSentWhenReceiverBinds()
    {
        var time = new FakeTimeProvider();
        await using SmscSimulator simulator = Start(new SimulatorOptions(), time);
        await using EsmeConnection transmitter = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        SubmitSmResp response = await transmitter.SubmitAsync(registeredDelivery: RegisteredDelivery.FinalReceipt);
        await using EsmeConnection receiver = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Receiver);
        while (simulator.Counters.ReceiptsPending == 0)
        {
            // The receipt task runs apart from the response; a round trip gives it the time to park the receipt.
            await transmitter.SubmitAsync();
        }

        time.Advance(simulator.Options.Receipts.RetryInterval);
        DeliverSm receipt = await receiver.NextDeliveredAsync();
        DeliveryReceipt dlr = ParseReceipt(receipt);

        Assert.That(dlr.MessageId, Is.EqualTo(response.MessageId));
    }

    /// <summary>
    /// Kept receipts are retried each on its own: one deliver_sm the receiver leaves unanswered does not hold the others
    /// back for the response timeout (awaited one after another, it did, and a carrier drill failed to drain in time).
    /// </summary>
    [Test]
    public async Task Receipt_RetriedWhileAnotherIsUnanswered_StillDelivered()
    {
        var time = new FakeTimeProvider();
        await using SmscSimulator simulator = Start(new SimulatorOptions(), time);
        await using EsmeConnection transmitter = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);
        SubmitSmResp first = await transmitter.SubmitAsync(registeredDelivery: RegisteredDelivery.FinalReceipt);
        SubmitSmResp second = await transmitter.SubmitAsync(registeredDelivery: RegisteredDelivery.FinalReceipt);
        while (simulator.Counters.ReceiptsPending < 2)
        {
            // The receipt tasks run apart from the responses; round trips give them the time to park the receipts.
            await transmitter.SubmitAsync();
        }

        TaskCompletionSource never = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using EsmeConnection receiver = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Receiver);
        int held = 0;
        receiver.HoldAnswer = _ => Interlocked.Increment(ref held) == 1 ? never.Task : Task.CompletedTask;
        time.Advance(simulator.Options.Receipts.RetryInterval);

        using CancellationTokenSource bound = new(TimeSpan.FromSeconds(10));
        string?[] ids =
        [
            ParseReceipt(await receiver.Delivered.ReadAsync(bound.Token)).MessageId,
            ParseReceipt(await receiver.Delivered.ReadAsync(bound.Token)).MessageId,
        ];
        never.SetResult();

        Assert.That(ids, Is.EquivalentTo(new[] { first.MessageId, second.MessageId }), "both receipts reached the receiver");
    }

    [Test]
    public async Task Throttle_SeededFraction_RoughlyThatShareAnswered0x58()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            RandomSeed = 42,
            Faults = new FaultOptions { ThrottleFraction = 0.3 },
        });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        SubmitSmResp[] responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => esme.SubmitAsync()));
        int throttled = responses.Count(r => r.CommandStatus == CommandStatus.Throttled);

        Assert.Multiple(() =>
        {
            Assert.That(throttled, Is.InRange(80, 160));
            Assert.That(simulator.Counters.Throttled, Is.EqualTo(throttled));
            Assert.That(simulator.Counters.ResponsesByStatus[CommandStatus.Throttled], Is.EqualTo(throttled));
            Assert.That(simulator.Accepted.TotalAccepted, Is.EqualTo(400 - throttled), "throttled submits are not accepted");
            Assert.That(responses.Where(r => r.CommandStatus == CommandStatus.Ok).Select(r => r.MessageId), Is.Unique);
        });
    }

    [Test]
    public async Task ResponseDelay_FakeTime_RespWaitsForTheDelay()
    {
        var time = new FakeTimeProvider();
        await using SmscSimulator simulator = Start(new SimulatorOptions
        {
            Faults = new FaultOptions { ResponseDelay = TimeSpan.FromSeconds(5) },
        }, time);
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        Task<SubmitSmResp> submit = esme.SubmitAsync();
        while (simulator.Counters.SubmitsReceived == 0)
        {
            await esme.Session.SendAsync<EnquireLinkResp>(new EnquireLink(), CancellationToken.None);
        }

        bool answeredEarly = submit.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(5));
        SubmitSmResp response = await submit;

        Assert.Multiple(() =>
        {
            Assert.That(answeredEarly, Is.False);
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Ok));
        });
    }

    [Test]
    public async Task DropAfterPdus_ThirdRequest_ConnectionClosedWithoutAnswer()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions { Faults = new FaultOptions { DropAfterPdus = 3 } });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        await esme.SubmitAsync();
        await esme.SubmitAsync();

        Assert.That(() => esme.SubmitAsync(), Throws.TypeOf<SmppOutcomeUnknownException>());
        await esme.Session.Completion;
        Assert.Multiple(() =>
        {
            Assert.That(esme.Session.State, Is.EqualTo(SessionState.Closed));
            Assert.That(simulator.Counters.Drops, Is.EqualTo(1));
            Assert.That(simulator.Accepted.TotalAccepted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task GarbageAfterPdus_EsmeReportsProtocolErrorAndCloses()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions { Faults = new FaultOptions { GarbageAfterPdus = 2 } });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        await esme.SubmitAsync();

        Assert.That(() => esme.SubmitAsync(), Throws.TypeOf<SmppOutcomeUnknownException>());
        await esme.Session.Completion;
        Assert.Multiple(() =>
        {
            Assert.That(esme.Session.CloseReason, Is.EqualTo("protocol error"));
            Assert.That(simulator.Counters.GarbageSent, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StopAsync_ConnectedEsme_Unbound()
    {
        SmscSimulator simulator = Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transceiver);

        await simulator.StopAsync();
        await esme.Session.Completion;

        Assert.Multiple(() =>
        {
            Assert.That(esme.Session.CloseReason, Is.EqualTo("unbound by the peer"));
            Assert.That(simulator.Server.SessionCount, Is.Zero);
        });
        await simulator.DisposeAsync();
    }

    [Test]
    public async Task AcceptedLog_OverCapacity_KeepsNewest()
    {
        await using SmscSimulator simulator = Start(new SimulatorOptions { AcceptedLogCapacity = 3 });
        await using EsmeConnection esme = await EsmeConnection.BindAsync(simulator.LocalEndPoint, BindType.Transmitter);

        for (int i = 0; i < 5; i++)
        {
            await esme.SubmitAsync("m" + i, to: "4470000000" + i);
        }

        IReadOnlyList<AcceptedMessage> kept = simulator.Accepted.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(kept.Select(m => m.Text), Is.EqualTo(new[] { "m2", "m3", "m4" }));
            Assert.That(kept.Select(m => m.Sequence), Is.EqualTo(new long[] { 3, 4, 5 }));
            Assert.That(simulator.Accepted.TotalAccepted, Is.EqualTo(5));
            Assert.That(simulator.Accepted.Evicted, Is.EqualTo(2));
            Assert.That(kept[0].Destination, Is.EqualTo("44700000002"));
            Assert.That(kept[0].SystemId, Is.EqualTo("test"));
        });
    }
}
