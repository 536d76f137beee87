using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Carriers;
using RestcommSmppBridge.Tests.Storage;
using RestcommSmppBridge.Tests.Webhooks;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Inbound;

/// <summary>
/// The webhook dispatcher on a real SQLite file and a real app on Kestrel: each stored MO is run exactly once while
/// the process lives (found by the end-to-end MO benchmark: 1,507 webhooks for 1,500 MOs), a backlog drains without
/// waiting for the poll, and a run left by a crash runs again at start.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class WebhookDispatcherTests
{
    private const string Number = "+15551234567";
    private const string Subscriber = "447700900001";
    private const string ReplyDocument = "<Response><Sms>Thanks!</Sms></Response>";

    private static readonly CarrierProfile s_carrier = CarrierTestKit.Profiles(CarrierTestKit.Options("carrier1"))[0];

    private WebhookTestServer _app = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public async Task StartAsync()
    {
        _app = await WebhookTestServer.StartAsync();
        _app.On("/sms", WebhookTestServer.Status(200, ReplyDocument));
    }

    [TearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Dispatcher_ManyMosWhileRunsFinish_EachWebhookAndReplyExactlyOnce()
    {
        const int Count = 400;
        await using TestStore store = await TestStore.OpenAsync();
        Parts parts = await CreateAsync(store, TimeProvider.System);

        await parts.Dispatcher.StartAsync(Token);
        try
        {
            // MOs arrive while earlier runs finish, so listings overlap runs that end (the race the benchmark hit).
            for (int i = 0; i < Count; i++)
            {
                Assert.That(await parts.Pipeline.AcceptAsync(s_carrier, Subscriber, Number, Single("MO " + i), Token), Is.EqualTo(CommandStatus.Ok));
            }

            await WaitUntilAsync(async () => parts.Replies.Replies.Count >= Count && await parts.Inbound.CountPendingWebhooksAsync(Token) == 0, Token);
        }
        finally
        {
            await parts.Dispatcher.StopAsync(CancellationToken.None);
        }

        Dictionary<string, int> perSid = [];
        foreach (RecordedRequest request in _app.RequestsTo("/sms"))
        {
            string sid = request.Form.Single(p => p.Key == "SmsSid").Value;
            perSid[sid] = perSid.GetValueOrDefault(sid) + 1;
        }

        Assert.Multiple(() =>
        {
            Assert.That(perSid, Has.Count.EqualTo(Count));
            Assert.That(perSid.Values.Where(n => n > 1).ToList(), Is.Empty, "SmsSids sent more than once");
            Assert.That(parts.Replies.Replies, Has.Count.EqualTo(Count));
        });
    }

    [Test]
    public async Task Dispatcher_RowListedWhileItsRunFinishes_RunsOnce()
    {
        await using TestStore store = await TestStore.OpenAsync();
        TaskCompletionSource answerFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.On("/sms", async context =>
        {
            await answerFirst.Task.WaitAsync(Token);
            await WebhookTestServer.Status(200, ReplyDocument)(context);
        });
        SlowListingStore? slow = null;
        Parts parts = await CreateAsync(store, TimeProvider.System, wrap: inner => slow = new SlowListingStore(inner));

        await parts.Dispatcher.StartAsync(Token);
        try
        {
            await parts.Pipeline.AcceptAsync(s_carrier, Subscriber, Number, Single("first"), Token);
            await _app.FirstRequestAsync("/sms");

            // The next listing reads the first row while its run is still going (pending in the snapshot), and only
            // returns once that run recorded its outcome: the window the benchmark's load opened by chance.
            slow!.HoldNextListingUntilFinished(answerFirst);
            await parts.Pipeline.AcceptAsync(s_carrier, Subscriber, Number, Single("second"), Token);
            await WaitUntilAsync(async () => parts.Replies.Replies.Count >= 2 && await parts.Inbound.CountPendingWebhooksAsync(Token) == 0, Token);
        }
        finally
        {
            await parts.Dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.That(_app.RequestsTo("/sms").Select(r => r.Form.Single(p => p.Key == "Body").Value).ToList(),
            Is.EquivalentTo(new[] { "first", "second" }));
    }

    [Test]
    public async Task Dispatcher_BacklogLongerThanOneRead_DrainsWithoutWaitingForThePoll()
    {
        const int Count = 150;
        await using TestStore store = await TestStore.OpenAsync();

        // The dispatcher's clock is frozen, so the 1-second poll never comes: only runs ending can pull the backlog.
        Parts parts = await CreateAsync(store, store.Time, concurrency: 4);
        for (int i = 0; i < Count; i++)
        {
            await parts.Pipeline.AcceptAsync(s_carrier, Subscriber, Number, Single("backlog " + i), Token);
        }

        await parts.Dispatcher.StartAsync(Token);
        try
        {
            await WaitUntilAsync(async () => parts.Replies.Replies.Count >= Count && await parts.Inbound.CountPendingWebhooksAsync(Token) == 0, Token)
                .WaitAsync(TimeSpan.FromSeconds(30), Token);
        }
        finally
        {
            await parts.Dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.That(_app.RequestsTo("/sms"), Has.Count.EqualTo(Count));
    }

    [Test]
    public async Task Dispatcher_RowClaimedByACrashedRun_RunsAgainAtStartOnce()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Parts parts = await CreateAsync(store, store.Time);
        await parts.Pipeline.AcceptAsync(s_carrier, Subscriber, Number, Single("cut short"), Token);

        // What a crash mid-interaction leaves: the row claimed, its outcome never recorded.
        IReadOnlyList<PendingInboundWebhook> claimed = await parts.Inbound.ClaimDueWebhooksAsync(store.Time.GetUtcNow(), 10, Token);
        Assert.That(claimed, Has.Count.EqualTo(1));

        await parts.Dispatcher.StartAsync(Token);
        try
        {
            InboundWebhookRecord record = await WaitForEndAsync(parts.Inbound, claimed[0].MessageSid, Token);
            Assert.That((record.State, record.Attempts), Is.EqualTo((InboundWebhookState.Completed, 1)));
        }
        finally
        {
            await parts.Dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.That(_app.RequestsTo("/sms"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ClaimDueWebhooksAsync_ClaimedRows_ListedAgainOnlyAfterRetryOrRelease()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Parts parts = await CreateAsync(store, store.Time);
        for (int i = 0; i < 3; i++)
        {
            await parts.Pipeline.AcceptAsync(s_carrier, Subscriber, Number, Single("claim " + i), Token);
        }

        DateTimeOffset now = store.Time.GetUtcNow();
        IReadOnlyList<PendingInboundWebhook> first = await parts.Inbound.ClaimDueWebhooksAsync(now, 2, Token);
        IReadOnlyList<PendingInboundWebhook> second = await parts.Inbound.ClaimDueWebhooksAsync(now, 5, Token);
        IReadOnlyList<PendingInboundWebhook> third = await parts.Inbound.ClaimDueWebhooksAsync(now, 5, Token);
        await parts.Inbound.RetryWebhookAsync(first[0].MessageSid, 1, now, "failed: test", Token);
        IReadOnlyList<PendingInboundWebhook> afterRetry = await parts.Inbound.ClaimDueWebhooksAsync(now, 5, Token);
        int released = await parts.Inbound.ReleaseWebhookClaimsAsync(Token);
        IReadOnlyList<PendingInboundWebhook> afterRelease = await parts.Inbound.ClaimDueWebhooksAsync(now, 5, Token);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Has.Count.EqualTo(2));
            Assert.That(second, Has.Count.EqualTo(1));
            Assert.That(second[0].MessageSid, Is.Not.AnyOf(first[0].MessageSid, first[1].MessageSid));
            Assert.That(third, Is.Empty);
            Assert.That(afterRetry.Select(w => (w.MessageSid, w.Attempts)), Is.EqualTo(new[] { (first[0].MessageSid, 1) }));
            Assert.That(released, Is.EqualTo(3));
            Assert.That(afterRelease, Has.Count.EqualTo(3));
            Assert.That(await parts.Inbound.CountPendingWebhooksAsync(Token), Is.EqualTo(3), "a claimed webhook still counts as pending");
        });
    }

    private static async Task<InboundWebhookRecord> WaitForEndAsync(SqliteInboundStore store, string messageSid, CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            InboundWebhookRecord? record = await store.GetWebhookAsync(messageSid, cancellationToken);
            if (record is { State: not InboundWebhookState.Pending })
            {
                return record;
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private async Task<Parts> CreateAsync(TestStore store, TimeProvider dispatcherTime, int concurrency = 16,
        Func<IInboundStore, IInboundStore>? wrap = null)
    {
        Account account = await store.AddAccountAsync();
        await store.Numbers.CreateAsync(new IncomingPhoneNumber
        {
            Sid = Sids.NewPhoneNumberSid(),
            AccountSid = account.Sid,
            PhoneNumber = Number,
            SmsUrl = _app.Url("/sms").ToString(),
            DateCreated = TestStore.T0,
            DateUpdated = TestStore.T0,
        }, Token);
        SqliteInboundStore inbound = new(store.Database);
        InboundWebhookQueue queue = new();
        IOptions<InboundOptions> options = Options.Create(new InboundOptions { WebhookConcurrency = concurrency });
        InboundPipeline pipeline = new(inbound, store.Numbers, queue, options, store.Time, NullLogger<InboundPipeline>.Instance);
        IOptions<RcmlOptions> rcml = Options.Create(new RcmlOptions());
        RecordingReplySender replies = new();
        WebhookClient client = new(new HttpClient(), Options.Create(new WebhookOptions()), TimeProvider.System, NullLogger<WebhookClient>.Instance);
        WebhookDispatcher dispatcher = new(wrap is null ? inbound : wrap(inbound), store.Accounts, client, [replies], new RcmlParser(rcml), rcml, queue, options,
            dispatcherTime, NullLoggerFactory.Instance);
        return new Parts(inbound, queue, pipeline, dispatcher, replies);
    }

    private static InboundUserData Single(string text) =>
        InboundUserData.From(new DeliverSm { DataCoding = 0x03, ShortMessage = System.Text.Encoding.Latin1.GetBytes(text) }, new TextOptions());

    private sealed record Parts(SqliteInboundStore Inbound, InboundWebhookQueue Queue, InboundPipeline Pipeline, WebhookDispatcher Dispatcher,
        RecordingReplySender Replies);

    /// <summary>
    /// A seam on the dispatcher's reads: when armed, the next listing (the claim) reads its rows, then lets the app answer the
    /// run in flight and returns only once that run recorded its outcome.
    /// </summary>
    private sealed class SlowListingStore(IInboundStore inner) : IInboundStore
    {
        private TaskCompletionSource? _release;
        private TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldNextListingUntilFinished(TaskCompletionSource release)
        {
            _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _release, release);
        }

        public async Task<IReadOnlyList<PendingInboundWebhook>> ClaimDueWebhooksAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
        {
            IReadOnlyList<PendingInboundWebhook> due = await inner.ClaimDueWebhooksAsync(now, max, cancellationToken);
            if (Interlocked.Exchange(ref _release, null) is { } release)
            {
                release.TrySetResult();
                await _finished.Task.WaitAsync(cancellationToken);
            }

            return due;
        }

        public async Task FinishWebhookAsync(string messageSid, bool succeeded, int attempts, string outcome, DateTimeOffset at,
            CancellationToken cancellationToken)
        {
            await inner.FinishWebhookAsync(messageSid, succeeded, attempts, outcome, at, cancellationToken);
            _finished.TrySetResult();
        }

        public Task<InboundPartResult> AddPartAsync(InboundPart part, TimeSpan duplicateWindow, CancellationToken cancellationToken) =>
            inner.AddPartAsync(part, duplicateWindow, cancellationToken);

        public Task<InboundStoreOutcome> StoreMessageAsync(InboundMessageWrite write, CancellationToken cancellationToken) =>
            inner.StoreMessageAsync(write, cancellationToken);

        public Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredPartsAsync(DateTimeOffset firstPartBefore, int maxMessages,
            CancellationToken cancellationToken) => inner.ListExpiredPartsAsync(firstPartBefore, maxMessages, cancellationToken);

        public Task DiscardPartsAsync(InboundPartsKey key, CancellationToken cancellationToken) => inner.DiscardPartsAsync(key, cancellationToken);

        public Task PurgeDuplicateKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
            inner.PurgeDuplicateKeysAsync(before, cancellationToken);

        public Task<int> CountPendingWebhooksAsync(CancellationToken cancellationToken) => inner.CountPendingWebhooksAsync(cancellationToken);

        public Task<int> ReleaseWebhookClaimsAsync(CancellationToken cancellationToken) => inner.ReleaseWebhookClaimsAsync(cancellationToken);

        public Task ReleaseWebhookAsync(string messageSid, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
            inner.ReleaseWebhookAsync(messageSid, nextAttemptAt, cancellationToken);

        public Task RetryWebhookAsync(string messageSid, int attempts, DateTimeOffset nextAttemptAt, string lastError,
            CancellationToken cancellationToken) => inner.RetryWebhookAsync(messageSid, attempts, nextAttemptAt, lastError, cancellationToken);

        public Task<InboundWebhookRecord?> GetWebhookAsync(string messageSid, CancellationToken cancellationToken) =>
            inner.GetWebhookAsync(messageSid, cancellationToken);
    }
}
