using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Webhooks;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Inbound;

/// <summary>
/// MO messages from a real SMSC simulator through the real supervisor, store (SQLite file), webhook client and RCML
/// interpreter to a real app on Kestrel.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class InboundPipelineTests
{
    private const string Number = "+15551234567";
    private const string Subscriber = "447700900001";
    private const string ReplyDocument = "<Response><Sms>Thanks!</Sms></Response>";

    private readonly AsyncDisposables _disposables = new();
    private string _folder = null!;
    private SmscSimulator _simulator = null!;
    private WebhookTestServer _app = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = InboundTestHost.NewFolder();
        _simulator = InboundTestHost.StartSimulator();
        _app = await WebhookTestServer.StartAsync();
        _app.On("/sms", WebhookTestServer.Status(200, ReplyDocument));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _disposables.DisposeAsync();
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task DeliverSm_GsmMessage_StoredThenSignedWebhookAndSwappedReply()
    {
        InboundTestHost host = await StartHostAsync();
        (Account account, _) = await host.AddNumberAsync(Number, _app.Url("/sms"));

        // The SMSC sends the number without its '+': found by the toggled variant (restcomm.md §3.3 step 6).
        IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(Subscriber, Number[1..], "Hello @ £5 {ok}",
            cancellationToken: Token);
        await host.Replies!.FirstReply.WaitAsync(Token);

        RecordedRequest request = _app.RequestsTo("/sms").Single();
        Dictionary<string, string> form = request.Form.ToDictionary(p => p.Key, p => p.Value);
        SmsMessage? stored = await host.Messages.GetAsync(account.Sid, form["SmsSid"], Token);
        InboundWebhookRecord webhook = await host.WaitForWebhookEndAsync(form["SmsSid"], Token);
        RcmlReply reply = host.Replies.Replies.Single();
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.Ok }));
            Assert.That(stored, Is.Not.Null);
            Assert.That(stored!.Status, Is.EqualTo(MessageStatus.Received));
            Assert.That(stored.Direction, Is.EqualTo(MessageDirection.Inbound));
            Assert.That(stored.Body, Is.EqualTo("Hello @ £5 {ok}"));
            Assert.That((stored.From, stored.To, stored.Carrier, stored.NumSegments, stored.Encoding),
                Is.EqualTo((Subscriber, Number[1..], InboundTestHost.CarrierName, 1, "GSM7")));
            Assert.That(form["AccountSid"], Is.EqualTo(account.Sid));
            Assert.That((form["From"], form["To"], form["Body"], form["NumSegments"], form["SmsStatus"], form["MessageSid"]),
                Is.EqualTo((Subscriber, Number[1..], "Hello @ £5 {ok}", "1", "received", form["SmsSid"])));
            Assert.That(WebhookSigner.Validate(account.AuthToken, request.EncodedUrl, request.Form,
                request.Header(WebhookSigner.RestcommSignatureHeader)), Is.True);
            Assert.That((reply.To, reply.From, reply.Body, reply.InboundSid), Is.EqualTo((Subscriber, Number[1..], "Thanks!", form["SmsSid"])));
            Assert.That(webhook.State, Is.EqualTo(InboundWebhookState.Completed));
            Assert.That(webhook.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DeliverSm_UdhPartsInReverseOrder_OneMessageOneWebhook()
    {
        InboundTestHost host = await StartHostAsync();
        (Account account, _) = await host.AddNumberAsync(Number, _app.Url("/sms"));
        string text = string.Concat(Enumerable.Repeat("Long GSM text in parts, sent backwards. ", 6));
        IReadOnlyList<DeliverSm> parts = MoComposer.Compose(Subscriber, Number, text, MoOptions.Default, new ConcatReferenceAllocator());
        Assert.That(parts, Has.Count.GreaterThan(1));

        List<CommandStatus> statuses = await SendAsync(parts.Reverse());
        await host.Replies!.FirstReply.WaitAsync(Token);

        RecordedRequest request = _app.RequestsTo("/sms").Single();
        Dictionary<string, string> form = request.Form.ToDictionary(p => p.Key, p => p.Value);
        SmsMessage? stored = await host.Messages.GetAsync(account.Sid, form["SmsSid"], Token);
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(CommandStatus.Ok));
            Assert.That(form["Body"], Is.EqualTo(text));
            Assert.That(form["NumSegments"], Is.EqualTo(parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(stored!.NumSegments, Is.EqualTo(parts.Count));
            Assert.That(host.Count("sms_messages"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DeliverSm_SarUcs2WithEmoji_ReassembledAsUcs2()
    {
        InboundTestHost host = await StartHostAsync();
        (Account account, _) = await host.AddNumberAsync(Number, _app.Url("/sms"));
        string text = string.Concat(Enumerable.Repeat("Привет 👋 SAR parts ", 6));
        MoOptions sar = MoOptions.Default with { Encoding = MoEncoding.Ucs2, LongMessageMode = LongMessageMode.SarTlv };

        IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(Subscriber, Number, text, sar, Token);
        await host.Replies!.FirstReply.WaitAsync(Token);

        Dictionary<string, string> form = _app.RequestsTo("/sms").Single().Form.ToDictionary(p => p.Key, p => p.Value);
        SmsMessage? stored = await host.Messages.GetAsync(account.Sid, form["SmsSid"], Token);
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.Count.GreaterThan(1).And.All.EqualTo(CommandStatus.Ok));
            Assert.That(stored!.Body, Is.EqualTo(text));
            Assert.That(stored.Encoding, Is.EqualTo("UCS2"));
            Assert.That(host.Replies.Replies.Single().Encoding, Is.EqualTo(RcmlEncoding.Ucs2));
        });
    }

    [Test]
    public async Task DeliverSm_RedeliveredAfterLostResponse_AckedButOneWebhook()
    {
        InboundTestHost host = await StartHostAsync();
        await host.AddNumberAsync(Number, _app.Url("/sms"));
        DeliverSm single = MoComposer.Compose(Subscriber, Number, "Only once please", MoOptions.Default, new ConcatReferenceAllocator()).Single();
        IReadOnlyList<DeliverSm> parts = MoComposer.Compose(Subscriber, Number, string.Concat(Enumerable.Repeat("Twice sent long text. ", 10)),
            MoOptions.Default, new ConcatReferenceAllocator());

        // The SMSC resends what it thinks was not answered: the single message and every part of the long one.
        List<CommandStatus> statuses = await SendAsync([single, single, .. parts, .. parts]);
        await _app.FirstRequestAsync("/sms");
        Assert.That(statuses, Is.All.EqualTo(CommandStatus.Ok));
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (host.Replies!.Replies.Count < 2)
        {
            await timer.WaitForNextTickAsync(Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(host.Count("sms_messages"), Is.EqualTo(2));
            Assert.That(host.Count("inbound_webhooks"), Is.EqualTo(2));
            Assert.That(_app.RequestsTo("/sms"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task DeliverSm_UnknownNumber_ConfiguredStatusNoMessage()
    {
        InboundTestHost host = await StartHostAsync(settings: new Dictionary<string, string?> { ["Bridge:Inbound:UnknownNumberStatus"] = "0x65" });
        await host.AddNumberAsync(Number, _app.Url("/sms"));

        IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(Subscriber, "15550000000", "Anyone?", cancellationToken: Token);

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.ReceiverPermanentAppError }));
            Assert.That(host.Count("sms_messages"), Is.EqualTo(0));
            Assert.That(host.Count("inbound_webhooks"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task DeliverSm_DefaultUnknownNumber_InvalidDestinationAddress()
    {
        InboundTestHost host = await StartHostAsync();

        IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(Subscriber, "15550000000", "Anyone?", cancellationToken: Token);

        Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.InvalidDestinationAddress }));
        Assert.That(host.Count("sms_messages"), Is.EqualTo(0));
    }

    [Test]
    public async Task DeliverSm_StoreFails_TemporaryErrorAndNothingStored()
    {
        InboundTestHost host = await StartHostAsync(storeOverride: provider =>
            new FailingInboundStore(new SqliteInboundStore(provider.GetRequiredService<SqliteDatabase>())));
        await host.AddNumberAsync(Number, _app.Url("/sms"));

        IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(Subscriber, Number, "Keep me", cancellationToken: Token);
        IReadOnlyList<CommandStatus> partStatuses = await _simulator.InjectMoAsync(Subscriber, Number,
            string.Concat(Enumerable.Repeat("Long and failing. ", 12)), cancellationToken: Token);

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.ReceiverTemporaryAppError }));
            Assert.That(partStatuses, Is.All.EqualTo(CommandStatus.ReceiverTemporaryAppError));
            Assert.That(host.Count("sms_messages"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Webhook_AppAnswers500_FallbackDocumentRuns()
    {
        _app.On("/sms", WebhookTestServer.Status(500));
        _app.On("/fallback", WebhookTestServer.Status(200, "<Response><Sms>From the fallback</Sms></Response>"));
        InboundTestHost host = await StartHostAsync();
        await host.AddNumberAsync(Number, _app.Url("/sms"), _app.Url("/fallback"));

        await _simulator.InjectMoAsync(Subscriber, Number, "Hello", cancellationToken: Token);
        await host.Replies!.FirstReply.WaitAsync(Token);

        string sid = _app.RequestsTo("/fallback").Single().Form.Single(p => p.Key == "SmsSid").Value;
        InboundWebhookRecord webhook = await host.WaitForWebhookEndAsync(sid, Token);
        Assert.Multiple(() =>
        {
            Assert.That(_app.RequestsTo("/sms"), Has.Count.EqualTo(2), "the webhook client's own retry of the 5xx");
            Assert.That(host.Replies.Replies.Single().Body, Is.EqualTo("From the fallback"));
            Assert.That(webhook.State, Is.EqualTo(InboundWebhookState.Completed));
            Assert.That(webhook.Outcome, Does.Contain("notice 11206"));
        });
    }

    [Test]
    public async Task Webhook_AppDownWithoutFallback_RetriedLaterThenCompleted()
    {
        _app.On("/sms", WebhookTestServer.Status(503), WebhookTestServer.Status(503), WebhookTestServer.Status(200, ReplyDocument));
        InboundTestHost host = await StartHostAsync();
        await host.AddNumberAsync(Number, _app.Url("/sms"));

        await _simulator.InjectMoAsync(Subscriber, Number, "Hello", cancellationToken: Token);
        await host.Replies!.FirstReply.WaitAsync(Token);

        string sid = _app.RequestsTo("/sms")[0].Form.Single(p => p.Key == "SmsSid").Value;
        InboundWebhookRecord webhook = await host.WaitForWebhookEndAsync(sid, Token);
        Assert.That((webhook.State, webhook.Attempts), Is.EqualTo((InboundWebhookState.Completed, 2)));
    }

    [Test]
    public async Task Webhook_PendingAtStop_ResumesAfterRestart()
    {
        // First run: no outbound side, so the dispatcher leaves the stored webhook pending, as a crash would.
        InboundTestHost first = await InboundTestHost.StartAsync(_folder, _simulator, Token, withReplySender: false);
        await _simulator.WaitForReceiverAsync(null, Token);
        (Account account, _) = await first.AddNumberAsync(Number, _app.Url("/sms"));
        IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(Subscriber, Number, "Survive a restart", cancellationToken: Token);
        Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.Ok }));
        await first.DisposeAsync();
        Assert.That(_app.Requests, Is.Empty);

        InboundTestHost second = Track(await InboundTestHost.StartAsync(_folder, _simulator, Token));
        await second.Replies!.FirstReply.WaitAsync(Token);

        Dictionary<string, string> form = _app.RequestsTo("/sms").Single().Form.ToDictionary(p => p.Key, p => p.Value);
        InboundWebhookRecord webhook = await second.WaitForWebhookEndAsync(form["SmsSid"], Token);
        Assert.Multiple(() =>
        {
            Assert.That((form["AccountSid"], form["Body"]), Is.EqualTo((account.Sid, "Survive a restart")));
            Assert.That(webhook.State, Is.EqualTo(InboundWebhookState.Completed));
        });
    }

    [Test]
    public async Task DeliverSm_Receipt_GoesToSinkWithItsStatusAsAnswer()
    {
        RecordingReceiptSink sink = new(CommandStatus.SystemError);
        InboundTestHost host = await StartHostAsync(receiptSink: sink);
        DeliverSm receipt = new()
        {
            SourceAddr = Subscriber,
            DestinationAddr = Number,
            EsmClass = EsmClass.DeliveryReceipt,
            ShortMessage = "id:0A1B2C sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:"u8.ToArray(),
        };

        List<CommandStatus> statuses = await SendAsync([receipt]);

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { CommandStatus.SystemError }));
            Assert.That(sink.Receipts.Single().Carrier, Is.EqualTo(InboundTestHost.CarrierName));
            Assert.That(sink.Receipts.Single().Receipt.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(host.Count("sms_messages"), Is.EqualTo(0));
        });
    }

    private async Task<InboundTestHost> StartHostAsync(RestcommSmppBridge.Receipts.IDeliveryReceiptSink? receiptSink = null,
        Func<IServiceProvider, IInboundStore>? storeOverride = null, IDictionary<string, string?>? settings = null)
    {
        InboundTestHost host = Track(await InboundTestHost.StartAsync(_folder, _simulator, Token, receiptSink: receiptSink,
            storeOverride: storeOverride, settings: settings));
        await _simulator.WaitForReceiverAsync(null, Token);
        return host;
    }

    private async Task<List<CommandStatus>> SendAsync(IEnumerable<SmppRequest> requests)
    {
        SmppSession session = await _simulator.WaitForReceiverAsync(null, Token);
        List<CommandStatus> statuses = [];
        foreach (SmppRequest request in requests)
        {
            SmppResponse response = await session.SendRequestAsync(request, Token);
            statuses.Add(response.CommandStatus);
        }

        return statuses;
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }
}
