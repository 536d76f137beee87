using System.Buffers;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Tests.Session;

/// <summary>Session behaviour over in-memory pipes: bind, window, state rules, unbind, connection loss.</summary>
[CancelAfter(20_000)]
public sealed class SmppSessionTests
{
    private static readonly SmppSessionOptions s_options = new() { EnquireLinkInterval = TimeSpan.Zero, ResponseTimeout = TimeSpan.FromSeconds(10) };

    private static async Task<(SmppSession Esme, SmppSession Smsc, TestHandler EsmeHandler, TestHandler SmscHandler)> ConnectAsync(
        SmppSessionOptions? esmeOptions = null, SmppSessionOptions? smscOptions = null)
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var esmeHandler = new TestHandler();
        var smscHandler = new TestHandler();
        var esme = new SmppSession(a, SessionRole.Esme, esmeOptions ?? s_options with { Name = "esme" }, esmeHandler);
        var smsc = new SmppSession(b, SessionRole.Smsc, smscOptions ?? s_options with { Name = "smsc" }, smscHandler);
        esme.Start();
        smsc.Start();
        await Task.CompletedTask;
        return (esme, smsc, esmeHandler, smscHandler);
    }

    [TestCase(BindType.Transmitter, SessionState.BoundTransmitter)]
    [TestCase(BindType.Receiver, SessionState.BoundReceiver)]
    [TestCase(BindType.Transceiver, SessionState.BoundTransceiver)]
    public async Task BindAsync_EachType_BothSidesBound(BindType type, SessionState expected)
    {
        var (esme, smsc, _, _) = await ConnectAsync();
        await using (esme)
        await using (smsc)
        {
            BindRequest bind = type switch
            {
                BindType.Transmitter => new BindTransmitter(),
                BindType.Receiver => new BindReceiver(),
                _ => new BindTransceiver(),
            };
            bind.SystemId = "client";
            bind.Password = "secret";

            BindResponse response = await esme.BindAsync(bind, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Ok));
                Assert.That(esme.State, Is.EqualTo(expected));
                Assert.That(smsc.State, Is.EqualTo(expected));
                Assert.That(smsc.PeerSystemId, Is.EqualTo("client"));
                Assert.That(esme.PeerSystemId, Is.EqualTo("smsc"));
            });
        }
    }

    [Test]
    public async Task BindAsync_WrongPassword_RefusedAndStillOpen()
    {
        var (esme, smsc, _, smscHandler) = await ConnectAsync();
        smscHandler.OnBind = bind => bind.Password == "right" ? CommandStatus.Ok : CommandStatus.InvalidPassword;
        await using (esme)
        await using (smsc)
        {
            BindResponse response = await esme.BindAsync(new BindTransceiver { SystemId = "c", Password = "wrong" }, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.InvalidPassword));
                Assert.That(esme.State, Is.EqualTo(SessionState.Open));
                Assert.That(smsc.State, Is.EqualTo(SessionState.Open));
            });
        }
    }

    [Test]
    public async Task SubmitSm_Bound_AnsweredWithHandlerResponse()
    {
        var (esme, smsc, _, smscHandler) = await ConnectAsync();
        smscHandler.OnRequest = (request, _) =>
            ValueTask.FromResult<SmppResponse?>(new SubmitSmResp { MessageId = "id-" + ((SubmitSm)request).DestinationAddr });
        await using (esme)
        await using (smsc)
        {
            await esme.BindAsync(new BindTransmitter { SystemId = "c" }, CancellationToken.None);

            SubmitSmResp[] responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
                esme.SendAsync<SubmitSmResp>(new SubmitSm { DestinationAddr = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None)));

            Assert.Multiple(() =>
            {
                Assert.That(responses.Select(r => r.MessageId), Is.EquivalentTo(Enumerable.Range(0, 200).Select(i => $"id-{i}")));
                Assert.That(esme.WindowDepth, Is.Zero);
            });
        }
    }

    [Test]
    public async Task SubmitSm_BeforeBind_NotSent()
    {
        var (esme, smsc, _, _) = await ConnectAsync();
        await using (esme)
        await using (smsc)
        {
            Assert.That(() => esme.SendRequestAsync(new SubmitSm(), CancellationToken.None), Throws.TypeOf<SmppNotSentException>());
        }
    }

    [Test]
    public async Task DeliverSm_ToTransmitterBind_Answered0x04AndNotHandled()
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var handler = new TestHandler();
        var esme = new SmppSession(a, SessionRole.Esme, s_options, handler);
        esme.Start();
        var smsc = new RawPeer(b);
        await using (esme)
        {
            Task<BindResponse> binding = esme.BindAsync(new BindTransmitter { SystemId = "c" }, CancellationToken.None);
            Pdu bind = await smsc.ReceiveAsync();
            await smsc.SendAsync(new BindTransmitterResp { SequenceNumber = bind.SequenceNumber, SystemId = "raw" });
            await binding;

            await smsc.SendAsync(new DeliverSm { SequenceNumber = 77 });
            Pdu answer = await smsc.ReceiveAsync();

            Assert.Multiple(() =>
            {
                Assert.That(answer, Is.TypeOf<DeliverSmResp>());
                Assert.That(answer.SequenceNumber, Is.EqualTo(77u));
                Assert.That(answer.CommandStatus, Is.EqualTo(CommandStatus.InvalidBindStatus));
                Assert.That(handler.Received, Is.Empty);
                Assert.That(esme.State, Is.EqualTo(SessionState.BoundTransmitter));
            });
        }
    }

    [Test]
    public async Task DeliverSm_RightBehindBindResp_FindsSessionBound()
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var handler = new TestHandler();
        var esme = new SmppSession(a, SessionRole.Esme, s_options, handler);
        esme.Start();
        var smsc = new RawPeer(b);
        await using (esme)
        {
            Task<BindResponse> binding = esme.BindAsync(new BindReceiver { SystemId = "c" }, CancellationToken.None);
            Pdu bind = await smsc.ReceiveAsync();
            byte[] both = [.. PduCodec.Encode(new BindReceiverResp { SequenceNumber = bind.SequenceNumber, SystemId = "raw" }),
                .. PduCodec.Encode(new DeliverSm { SequenceNumber = 5 })];
            await smsc.SendRawAsync(Convert.ToHexString(both));

            Pdu answer = await smsc.ReceiveAsync();
            await binding;

            Assert.That(answer.CommandStatus, Is.EqualTo(CommandStatus.Ok));
        }
    }

    [Test]
    public async Task UnmatchedAndLateResponses_DroppedAndSessionStaysUp()
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var esme = new SmppSession(a, SessionRole.Esme, s_options with { ResponseTimeout = TimeSpan.FromMilliseconds(200) }, new TestHandler());
        esme.Start();
        var smsc = new RawPeer(b);
        await using (esme)
        {
            Task<BindResponse> binding = esme.BindAsync(new BindTransmitter { SystemId = "c" }, CancellationToken.None);
            Pdu bind = await smsc.ReceiveAsync();
            await smsc.SendAsync(new BindTransmitterResp { SequenceNumber = bind.SequenceNumber });
            await binding;

            Task<SmppResponse> timedOut = esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            Pdu submit = await smsc.ReceiveAsync();
            Assert.That(async () => await timedOut, Throws.TypeOf<SmppOutcomeUnknownException>()
                .With.Property(nameof(SmppOutcomeUnknownException.Reason)).EqualTo(UnknownOutcomeReason.ResponseTimeout));

            // The late answer, an answer to nothing, and an error response without body (smpp.md P5).
            await smsc.SendAsync(new SubmitSmResp { SequenceNumber = submit.SequenceNumber, MessageId = "late" });
            await smsc.SendAsync(new SubmitSmResp { SequenceNumber = 999_999, MessageId = "stray" });
            Task<SmppResponse> next = esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            Pdu second = await smsc.ReceiveAsync();
            await smsc.SendAsync(new SubmitSmResp { SequenceNumber = second.SequenceNumber, CommandStatus = CommandStatus.Throttled });

            SmppResponse response = await next;
            Assert.Multiple(() =>
            {
                Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Throttled));
                Assert.That(esme.IsBound, Is.True);
                Assert.That(esme.WindowDepth, Is.Zero);
            });
        }
    }

    [Test]
    public async Task DeliverSm_HandlerThrows_Answered0x64AndSessionStaysUp()
    {
        var (esme, smsc, esmeHandler, _) = await ConnectAsync();
        esmeHandler.OnRequest = (_, _) => throw new InvalidOperationException("store down");
        await using (esme)
        await using (smsc)
        {
            await esme.BindAsync(new BindReceiver { SystemId = "c" }, CancellationToken.None);

            DeliverSmResp first = await smsc.SendAsync<DeliverSmResp>(new DeliverSm { SourceAddr = "1" }, CancellationToken.None);
            esmeHandler.OnRequest = (request, _) => ValueTask.FromResult(request.CreateResponse());
            DeliverSmResp second = await smsc.SendAsync<DeliverSmResp>(new DeliverSm { SourceAddr = "2" }, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(first.CommandStatus, Is.EqualTo(CommandStatus.ReceiverTemporaryAppError));
                Assert.That(second.CommandStatus, Is.EqualTo(CommandStatus.Ok));
                Assert.That(esme.IsBound, Is.True);
            });
        }
    }

    [Test]
    public async Task EnquireLink_AnsweredBySessionItself()
    {
        var (esme, smsc, esmeHandler, _) = await ConnectAsync();
        await using (esme)
        await using (smsc)
        {
            await esme.BindAsync(new BindTransceiver { SystemId = "c" }, CancellationToken.None);

            SmppResponse response = await smsc.SendRequestAsync(new EnquireLink(), CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(response, Is.TypeOf<EnquireLinkResp>());
                Assert.That(esmeHandler.Received, Is.Empty);
            });
        }
    }

    [Test]
    public async Task CloseAsync_Bound_SendsUnbindAndBothSidesClose()
    {
        var (esme, smsc, _, _) = await ConnectAsync();
        await using (smsc)
        {
            await esme.BindAsync(new BindTransceiver { SystemId = "c" }, CancellationToken.None);

            await esme.CloseAsync();
            await smsc.Completion.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Multiple(() =>
            {
                Assert.That(esme.State, Is.EqualTo(SessionState.Closed));
                Assert.That(smsc.State, Is.EqualTo(SessionState.Closed));
                Assert.That(esme.CloseReason, Is.EqualTo("closed locally"));
            });
        }
    }

    [Test]
    public async Task WindowFull_ThirdRequestWaitsThenNotSent_AndSlotFreedByResponse()
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var esme = new SmppSession(a, SessionRole.Esme,
            s_options with { WindowSize = 2, WindowWaitTimeout = TimeSpan.FromMilliseconds(200) }, new TestHandler());
        esme.Start();
        var smsc = new RawPeer(b);
        await using (esme)
        {
            Task<BindResponse> binding = esme.BindAsync(new BindTransmitter { SystemId = "c" }, CancellationToken.None);
            Pdu bind = await smsc.ReceiveAsync();
            await smsc.SendAsync(new BindTransmitterResp { SequenceNumber = bind.SequenceNumber });
            await binding;

            Task<SmppResponse> first = esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            Task<SmppResponse> second = esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            Pdu p1 = await smsc.ReceiveAsync();
            Pdu p2 = await smsc.ReceiveAsync();

            // The window holds two: a third request waits for a slot and, none freeing in time, is never written.
            Assert.That(async () => await esme.SendRequestAsync(new SubmitSm(), CancellationToken.None),
                Throws.TypeOf<SmppNotSentException>().With.Message.Contains("window"));
            Assert.That(esme.WindowDepth, Is.EqualTo(2));

            await smsc.SendAsync(new SubmitSmResp { SequenceNumber = p1.SequenceNumber, MessageId = "1" });
            await first;
            Task<SmppResponse> fourth = esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            Pdu p4 = await smsc.ReceiveAsync();
            await smsc.SendAsync(new SubmitSmResp { SequenceNumber = p2.SequenceNumber, MessageId = "2" });
            await smsc.SendAsync(new SubmitSmResp { SequenceNumber = p4.SequenceNumber, MessageId = "4" });

            Assert.Multiple(async () =>
            {
                Assert.That(((SubmitSmResp)await second).MessageId, Is.EqualTo("2"));
                Assert.That(((SubmitSmResp)await fourth).MessageId, Is.EqualTo("4"));
                Assert.That(esme.WindowDepth, Is.Zero);
            });
        }
    }

    [Test]
    public async Task ConnectionLost_FullWindow_EveryRequestReportedUnknown()
    {
        var (esme, smsc, _, smscHandler) = await ConnectAsync(esmeOptions: s_options with { Name = "esme", WindowSize = 8 });
        var never = new TaskCompletionSource();
        var allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int held = 0;
        smscHandler.OnRequest = async (_, ct) =>
        {
            if (Interlocked.Increment(ref held) == 8)
            {
                allHeld.TrySetResult();
            }

            await never.Task.WaitAsync(ct);
            return null;
        };
        await using (esme)
        {
            await esme.BindAsync(new BindTransmitter { SystemId = "c" }, CancellationToken.None);
            Task<SmppResponse>[] inFlight = Enumerable.Range(0, 8).Select(_ => esme.SendRequestAsync(new SubmitSm(), CancellationToken.None)).ToArray();
            Task<SmppResponse> queued = esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            await allHeld.Task;

            await smsc.AbortAsync("test drops the link");

            foreach (Task<SmppResponse> request in inFlight)
            {
                Assert.That(async () => await request, Throws.TypeOf<SmppOutcomeUnknownException>()
                    .With.Property(nameof(SmppOutcomeUnknownException.Reason)).EqualTo(UnknownOutcomeReason.ConnectionLost));
            }

            Assert.That(async () => await queued, Throws.TypeOf<SmppNotSentException>());
        }
    }

    [Test]
    public async Task UnknownCommandId_AnsweredGenericNack03()
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var smsc = new SmppSession(b, SessionRole.Smsc, s_options, new TestHandler());
        smsc.Start();
        await using (smsc)
        {
            await a.Output.WriteAsync(Convert.FromHexString("00000010000000990000000000000007"));
            System.IO.Pipelines.ReadResult read = await a.Input.ReadAsync();
            while (read.Buffer.Length < 16)
            {
                a.Input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                read = await a.Input.ReadAsync();
            }

            byte[] answer = read.Buffer.Slice(0, 16).ToArray();
            a.Input.AdvanceTo(read.Buffer.GetPosition(16));

            Assert.That(Convert.ToHexString(answer), Is.EqualTo("00000010800000000000000300000007"));
            Assert.That(smsc.State, Is.EqualTo(SessionState.Open));
        }
    }
}
