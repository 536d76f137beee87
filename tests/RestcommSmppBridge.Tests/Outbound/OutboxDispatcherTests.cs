using Moq;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Tests.Webhooks;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>The outbox end to end against a real SMSC simulator, a real SQLite file and a real callback receiver.</summary>
[TestFixture]
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class OutboxDispatcherTests
{
    private readonly AsyncDisposables _disposables = new();

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task Dispatch_QueuedMessage_SentThenDeliveredWithSignedCallbacks()
    {
        OutboundHarness h = await Start();

        SmsMessage queued = await h.QueueAsync("hello");
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);
        IReadOnlyList<RecordedRequest> callbacks = await h.CallbacksAsync(2);

        AcceptedMessage accepted = h.Simulator!.Accepted.Snapshot().Single();
        string key = MessageIdNormalizer.SubmitKey(accepted.MessageId, h.Carrier.MessageIds);
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Status, Is.EqualTo(MessageStatus.Delivered));
            Assert.That(delivered.DateSent, Is.Not.Null);
            Assert.That(delivered.Carrier, Is.EqualTo("sim"));
            Assert.That(delivered.NumSegments, Is.EqualTo(1));
            Assert.That(delivered.Encoding, Is.EqualTo("GSM7"));
            Assert.That(delivered.ErrorCode, Is.Null);
            Assert.That(delivered.CarrierMessageIds, Is.EqualTo(new[] { key }));
            Assert.That(delivered.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
            {
                MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered,
            }));
            Assert.That(accepted.Destination, Is.EqualTo("447700900123"));
            Assert.That(accepted.Text, Is.EqualTo("hello"));
            Assert.That(callbacks.Select(c => Field(c, "MessageStatus")), Is.EqualTo(new[] { "sent", "delivered" }));
            Assert.That(callbacks.Select(c => Field(c, "SmsSid")), Is.All.EqualTo(queued.Sid));
            Assert.That(Field(callbacks[0], "AccountSid"), Is.EqualTo(h.Account.Sid));
            Assert.That(Field(callbacks[0], "ApiVersion"), Is.EqualTo("2012-04-24"));
            Assert.That(callbacks[1].Form.Any(f => f.Key == "ErrorCode"), Is.False);
            Assert.That(WebhookSigner.Validate(h.Account.AuthToken, h.Callbacks.Url(OutboundHarness.CallbackPath).AbsoluteUri,
                callbacks[1].Form, callbacks[1].Header(WebhookSigner.TwilioSignatureHeader)), Is.True);
        });
    }

    [Test]
    public async Task Dispatch_LongGsmMessageWithEuro_PartsSubmittedAndAggregatedDelivered()
    {
        OutboundHarness h = await Start();
        string body = string.Concat(Enumerable.Repeat("Price 10€ only! ", 12));

        SmsMessage queued = await h.QueueAsync(body);
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        IReadOnlyList<AcceptedMessage> parts = h.Simulator!.Accepted.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Count.EqualTo(2));
            Assert.That(parts.All(p => p.DataCoding == 0), Is.True);
            Assert.That(string.Concat(parts.OrderBy(p => p.Part!.Value.Sequence).Select(p => p.Text)), Is.EqualTo(body));
            Assert.That(delivered.NumSegments, Is.EqualTo(2));
            Assert.That(delivered.Encoding, Is.EqualTo("GSM7"));
            Assert.That(delivered.CarrierMessageIds, Has.Count.EqualTo(2));
            Assert.That(delivered.StatusHistory.Count(c => c.Status == MessageStatus.Delivered), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Dispatch_Ucs2Requested_SentAsUcs2()
    {
        OutboundHarness h = await Start();

        SmsMessage queued = await h.QueueAsync("plain ascii", encoding: "UCS2");
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        AcceptedMessage accepted = h.Simulator!.Accepted.Snapshot().Single();
        Assert.Multiple(() =>
        {
            Assert.That(accepted.DataCoding, Is.EqualTo(8));
            Assert.That(accepted.Text, Is.EqualTo("plain ascii"));
            Assert.That(delivered.Encoding, Is.EqualTo("UCS2"));
        });
    }

    [Test]
    public async Task Dispatch_ReceiptBeforeResponse_HeldAndMatched()
    {
        OutboundHarness h = await Start(new SimulatorOptions { Receipts = new ReceiptOptions { BeforeResponse = true } });

        SmsMessage queued = await h.QueueAsync("race");
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(delivered.Status, Is.EqualTo(MessageStatus.Delivered));
            Assert.That(delivered.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
            {
                MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered,
            }));
            Assert.That(h.Simulator!.Counters.ReceiptAcksByStatus.GetValueOrDefault(CommandStatus.Ok), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Dispatch_HexResponseDecimalReceipt_MatchedWithCarrierFormats()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions
            {
                MessageIds = new MessageIdOptions { Style = MessageIdStyle.Hex, Width = 10 },
                Receipts = new ReceiptOptions { IdFormat = new MessageIdOptions { Style = MessageIdStyle.Decimal } },
            },
            carrier: c => OutboundHarness.CarrierOptions("sim", c.Port, messageIdFormat: "Hexadecimal", receiptIdFormat: "Decimal"));

        SmsMessage queued = await h.QueueAsync("formats");
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        AcceptedMessage accepted = h.Simulator!.Accepted.Snapshot().Single();
        Assert.Multiple(() =>
        {
            Assert.That(accepted.MessageId, Is.Not.EqualTo(accepted.ReceiptMessageId));
            Assert.That(delivered.Status, Is.EqualTo(MessageStatus.Delivered));
        });
    }

    [Test]
    public async Task Dispatch_CarrierThrottles_RetriedOnSameRecordAndSentOnce()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ThrottleFraction = 0.4 }, RandomSeed = 3 },
            outbound: new OutboundOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(20),
                MaxAttempts = 40,
                RetryBackoffMin = TimeSpan.FromMilliseconds(5),
                RetryBackoffMax = TimeSpan.FromMilliseconds(20),
            });

        SmsMessage[] queued = [await h.QueueAsync("one"), await h.QueueAsync("two"), await h.QueueAsync("three")];
        foreach (SmsMessage message in queued)
        {
            await h.WaitForAsync(message.Sid, MessageStatus.Delivered);
        }

        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(h.Simulator.Counters.Throttled, Is.GreaterThan(0));
            Assert.That(h.Outbox.Reschedules, Is.GreaterThan(0));
            Assert.That(accepted.Select(a => a.Text), Is.EqualTo(new[] { "one", "two", "three" }), "once each, in order");
        });
    }

    [Test]
    public async Task Dispatch_PermanentRejection_FailedWithCodeAndSmppStatus()
    {
        SmppServer server = new(new SmppServerOptions
        {
            Session = SmppSessionOptions.Default with { Name = "reject", EnquireLinkInterval = TimeSpan.Zero },
        }, new RejectingHandler(CommandStatus.InvalidDestinationAddress));
        server.Start();
        _disposables.Add(server);
        OutboundHarness h = await Start(port: server.LocalEndPoint.Port);
        await h.Supervisor.WaitForStateAsync("sim", s => s.BoundBinds > 0, TestContext.CurrentContext.CancellationToken);

        SmsMessage queued = await h.QueueAsync("refused");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);
        IReadOnlyList<RecordedRequest> callbacks = await h.CallbacksAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownDestination));
            Assert.That(failed.ErrorMessage, Does.Contain("0x0B"));
            Assert.That(Field(callbacks[0], "MessageStatus"), Is.EqualTo("failed"));
            Assert.That(Field(callbacks[0], "ErrorCode"), Is.EqualTo("30005"));
        });
    }

    [Test]
    public async Task Dispatch_NoRoute_Failed30006()
    {
        OutboundHarness h = await Start(carrier: c => new CarrierOptions
        {
            Name = c.Name, Host = c.Host, Port = c.Port, SystemId = c.SystemId, Password = c.Password, BindType = c.BindType,
            EnquireLinkInterval = TimeSpan.Zero, ReconnectMinDelay = c.ReconnectMinDelay, ReconnectMaxDelay = c.ReconnectMaxDelay,
            Routes = [new CarrierRouteOptions { Prefix = "1", Preference = 1 }],
        });

        SmsMessage queued = await h.QueueAsync("nowhere");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(30006));
            Assert.That(h.Simulator!.Counters.SubmitsReceived, Is.Zero);
        });
    }

    [Test]
    public async Task Dispatch_CarrierDownLongerThanMaxAttempts_WaitsWithoutUsingAttemptsAndSentWhenItComesUp()
    {
        int port = FreeLoopbackPort();
        OutboundHarness h = await Start(port: port, outbound: new OutboundOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxAttempts = 1,
            RetryBackoffMin = TimeSpan.FromMilliseconds(10),
            RetryBackoffMax = TimeSpan.FromMilliseconds(50),
        });

        SmsMessage queued = await h.QueueAsync("waits for its carrier");
        await WaitUntilAsync(() => Volatile.Read(ref h.Outbox.Reschedules) >= 3);
        SmsMessage waiting = await h.GetAsync(queued.Sid);

        SmscSimulator late = new(new SimulatorOptions
        {
            EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port),
            Session = SmppSessionOptions.Default with { Name = "late", EnquireLinkInterval = TimeSpan.Zero },
        });
        late.Start();
        _disposables.Add(late);
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(waiting.Status, Is.EqualTo(MessageStatus.Queued), "with MaxAttempts 1, three waits did not fail it");
            Assert.That(delivered.ErrorCode, Is.Null);
            Assert.That(late.Accepted.Snapshot().Select(a => a.Text), Is.EqualTo(new[] { "waits for its carrier" }));
        });
    }

    [Test]
    public async Task Dispatch_NoCarrierWithinMaxQueueTime_Failed30006()
    {
        OutboundHarness h = await Start(port: FreeLoopbackPort(), outbound: new OutboundOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            RetryBackoffMin = TimeSpan.FromMilliseconds(10),
            RetryBackoffMax = TimeSpan.FromMilliseconds(50),
            MaxQueueTime = TimeSpan.FromMilliseconds(300),
        });

        SmsMessage queued = await h.QueueAsync("nobody bound");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(30006));
            Assert.That(failed.ErrorMessage, Does.StartWith("no carrier could take it within"));
            Assert.That(h.Outbox.Reschedules, Is.GreaterThan(0), "it waited before failing");
        });
    }

    [TestCase(0, 10)]
    [TestCase(100, 50)]
    [TestCase(600_000, 1000)]
    public void WaitPause_HalfTheWaitBetweenMinAndCap(int waitedMs, int expectedMs)
    {
        OutboxDispatcher dispatcher = new(Mock.Of<IOutboxStore>(), Mock.Of<ICarrierRouter>(), new OutboxSignal(), null!,
            Microsoft.Extensions.Options.Options.Create(new OutboundOptions
            {
                RetryBackoffMin = TimeSpan.FromMilliseconds(10),
                RetryBackoffMax = TimeSpan.FromMilliseconds(1000),
            }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance);

        Assert.That(dispatcher.WaitPause(TimeSpan.FromMilliseconds(waitedMs)), Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }

    [Test]
    public async Task Start_MessagesLeftSending_WithIdsWaitForReceiptsWithoutIdsResubmitted()
    {
        OutboundHarness h = await Start(startDispatcher: false);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        SmsMessage withIds = Storage.TestStore.NewMessage(h.Account.Sid, now) with
        {
            Status = MessageStatus.Sending,
            To = "+447700900001",
            Carrier = "sim",
            NumSegments = 1,
            CarrierMessageIds = [MessageIdNormalizer.SubmitKey("abc123", h.Carrier.MessageIds)],
        };
        SmsMessage withoutIds = Storage.TestStore.NewMessage(h.Account.Sid, now) with
        {
            Status = MessageStatus.Sending,
            To = "+447700900002",
            Body = "again",
            NumSegments = 0,
        };
        await h.Store.Messages.InsertAsync(withIds, CancellationToken.None);
        await h.Store.Messages.InsertAsync(withoutIds, CancellationToken.None);

        await h.StartDispatcherAsync();
        SmsMessage sent = await h.WaitForAsync(withIds.Sid, MessageStatus.Sent);
        SmsMessage resubmitted = await h.WaitForAsync(withoutIds.Sid, MessageStatus.Delivered);
        CommandStatus answer = await h.Processor.AcceptAsync(h.Carrier, new DeliveryReceipt
        {
            TextMessageId = "ABC123",
            State = MessageState.Delivered,
            IsFinal = true,
        }, CancellationToken.None);
        SmsMessage delivered = await h.WaitForAsync(withIds.Sid, MessageStatus.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(sent.Status, Is.AnyOf(MessageStatus.Sent, MessageStatus.Delivered));
            Assert.That(resubmitted.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
            {
                MessageStatus.Sending, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered,
            }));
            Assert.That(h.Simulator!.Accepted.Snapshot().Select(a => a.Text), Is.EqualTo(new[] { "again" }));
            Assert.That(answer, Is.EqualTo(CommandStatus.Ok));
            Assert.That(delivered.Status, Is.EqualTo(MessageStatus.Delivered));
        });
    }

    [Test]
    public async Task Receipts_EnrouteThenDelivered_LateEnrouteDoesNotOverwrite()
    {
        OutboundHarness h = await Start(new SimulatorOptions { Receipts = new ReceiptOptions { IntermediateEnroute = true } });

        SmsMessage queued = await h.QueueAsync("steps");
        await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);
        AcceptedMessage accepted = h.Simulator!.Accepted.Snapshot().Single();
        CommandStatus late = await h.Processor.AcceptAsync(h.Carrier, new DeliveryReceipt
        {
            TextMessageId = accepted.ReceiptMessageId,
            State = MessageState.Enroute,
        }, CancellationToken.None);
        SmsMessage after = await h.GetAsync(queued.Sid);

        Assert.Multiple(() =>
        {
            Assert.That(h.Simulator.Counters.IntermediateReceiptsSent, Is.EqualTo(1));
            Assert.That(late, Is.EqualTo(CommandStatus.Ok));
            Assert.That(after.Status, Is.EqualTo(MessageStatus.Delivered));
            Assert.That(after.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
            {
                MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered,
            }));
        });
    }

    private async Task<OutboundHarness> Start(SimulatorOptions? simulator = null, Func<CarrierOptions, CarrierOptions>? carrier = null,
        OutboundOptions? outbound = null, string? folder = null, bool startDispatcher = true, int? port = null)
    {
        OutboundHarness harness = await OutboundHarness.StartAsync(simulator, carrier, outbound, folder, startDispatcher, port);
        _disposables.Add(harness);
        return harness;
    }

    private static int FreeLoopbackPort()
    {
        using System.Net.Sockets.Socket socket = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static string? Field(RecordedRequest request, string name) =>
        request.Form.FirstOrDefault(f => f.Key == name).Value;

    private sealed class RejectingHandler(CommandStatus status) : ISmppServerHandler
    {
        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.CreateResponse(request is SubmitSm ? status : CommandStatus.Ok));
    }
}
