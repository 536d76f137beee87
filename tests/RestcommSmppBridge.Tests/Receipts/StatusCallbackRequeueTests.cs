using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Storage;
using RestcommSmppBridge.Tests.Webhooks;
using RestcommSmppBridge.Webhooks;

using static RestcommSmppBridge.Tests.Receipts.StatusCallbackTestData;

namespace RestcommSmppBridge.Tests.Receipts;

/// <summary>
/// Status callbacks that fail for good are recorded and, once an operator requeues them, sent again: a real SQLite file,
/// the real notifier and webhook client, and a real app on Kestrel that is down (500) at first and answers 200 later.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class StatusCallbackRequeueTests
{
    private const string CallbackPath = "/status";
    private static readonly DateTimeOffset T0 = TestStore.T0;

    private readonly AsyncDisposables _disposables = new();
    private WebhookTestServer _app = null!;
    private ServiceProvider _webhooks = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public async Task StartAsync()
    {
        _app = await WebhookTestServer.StartAsync();
        _webhooks = WebhookTestServices.Create(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), maxAttempts: 2);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _disposables.DisposeAsync();
        await _webhooks.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task FailedForGood_RecordedThenRequeued_SentOnceSignedAndRecordCleared()
    {
        // Down for both attempts of 'sent' (MaxAttempts 2), back for 'delivered' and everything after.
        _app.On(CallbackPath, WebhookTestServer.Status(500), WebhookTestServer.Status(500), WebhookTestServer.Status(200));
        TestStore store = _disposables.Track(await TestStore.OpenAsync());
        SqliteOutboxStore outbox = new(store.Database);
        SqliteStatusCallbackStore failures = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage message = await InsertAsync(store, account);
        StatusCallbackNotifier notifier = _disposables.Track(Notifier(outbox, failures, store));
        await notifier.StartAsync(Token);

        await outbox.ClaimAsync(10, T0.AddSeconds(1), Token);
        await notifier.NotifyAsync(await outbox.RecordSentAsync(Sent(message.Sid, "x1"), Token), Token);
        FailedStatusCallbackPage failed = await WaitForFailedAsync(failures, 1);
        await notifier.NotifyAsync((await outbox.ApplyReceiptAsync(Receipt("x1"), Token)).Changes, Token);
        await WaitUntilAsync(() => _app.RequestsTo(CallbackPath).Count == 3);
        await WaitUntilNothingOwedAsync(outbox, Token);

        int requeued = await failures.RequeueFailedCallbacksAsync(T0.AddHours(1), since: null, messageSid: null, Token);
        notifier.ReplayOwed();
        await WaitUntilAsync(() => _app.RequestsTo(CallbackPath).Count == 4);
        await WaitUntilNothingOwedAsync(outbox, Token);
        await notifier.StopAsync(Token);

        IReadOnlyList<RecordedRequest> requests = _app.RequestsTo(CallbackPath);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Items.Single().MessageSid, Is.EqualTo(message.Sid));
            Assert.That(failed.Items.Single().Status, Is.EqualTo(MessageStatus.Sent));
            Assert.That(failed.Items.Single().FailedAt, Is.EqualTo(store.Time.GetUtcNow()), "dated by the injected clock");
            Assert.That(failed.Items.Single().Error, Does.Contain("500"));
            Assert.That(requeued, Is.EqualTo(1));
            Assert.That(requests.Select(r => Field(r, "MessageStatus")), Is.EqualTo(new[] { "sent", "sent", "delivered", "sent" }),
                "the failed status once more; the delivered one, which the app heard, not again");
            Assert.That(requests[^1].Header("X-Twilio-Signature"), Is.Not.Null.And.Not.Empty, "signed as usual");
            Assert.That(failures.CountFailedCallbacks(), Is.Zero);
        });
        Assert.That((await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token)).Count, Is.Zero);
    }

    [Test]
    public async Task Requeue_WhileNotifierStopped_NextStartSendsIt()
    {
        _app.On(CallbackPath, WebhookTestServer.Status(500), WebhookTestServer.Status(500), WebhookTestServer.Status(200));
        TestStore before = await TestStore.OpenAsync();
        string folder = before.Folder;
        SqliteOutboxStore outbox = new(before.Database);
        SqliteStatusCallbackStore failures = new(before.Database);
        Account account = await before.AddAccountAsync();
        SmsMessage message = await InsertAsync(before, account);
        StatusCallbackNotifier first = _disposables.Track(Notifier(outbox, failures, before));
        await first.StartAsync(Token);
        await outbox.ClaimAsync(10, T0.AddSeconds(1), Token);
        await first.NotifyAsync(await outbox.RecordSentAsync(Sent(message.Sid, "x1"), Token), Token);
        await WaitForFailedAsync(failures, 1);
        await first.StopAsync(Token);

        // The operator requeues while the notifier is down (or the bridge stops right after): the store owes it.
        int requeued = await failures.RequeueFailedCallbacksAsync(T0.AddHours(1), since: null, messageSid: message.Sid, Token);
        await before.CloseAsync();

        TestStore after = _disposables.Track(await TestStore.OpenAsync(folder));
        SqliteOutboxStore reopened = new(after.Database);
        StatusCallbackNotifier second = _disposables.Track(Notifier(reopened, new SqliteStatusCallbackStore(after.Database), after));
        await second.StartAsync(Token);
        await WaitUntilAsync(() => _app.RequestsTo(CallbackPath).Count == 3);
        await WaitUntilNothingOwedAsync(reopened, Token);
        await second.StopAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(requeued, Is.EqualTo(1));
            Assert.That(_app.RequestsTo(CallbackPath).Select(r => Field(r, "MessageStatus")), Is.EqualTo(new[] { "sent", "sent", "sent" }));
        });
    }

    private async Task<SmsMessage> InsertAsync(TestStore store, Account account)
    {
        SmsMessage message = TestStore.NewMessage(account.Sid, T0) with
        {
            StatusCallback = _app.Url(CallbackPath).AbsoluteUri,
            StatusCallbackMethod = "POST",
        };
        await store.Messages.InsertAsync(message, CancellationToken.None);
        return message;
    }

    private StatusCallbackNotifier Notifier(SqliteOutboxStore outbox, SqliteStatusCallbackStore failures, TestStore store) =>
        new(outbox, _webhooks.GetRequiredService<WebhookClient>(), store.Accounts,
            Options.Create(new OutboundOptions { CallbackConcurrency = 1 }), NullLogger<StatusCallbackNotifier>.Instance, failures, store.Time);

    private static async Task<FailedStatusCallbackPage> WaitForFailedAsync(SqliteStatusCallbackStore failures, long count)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            FailedStatusCallbackPage page = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token);
            if (page.Count == count)
            {
                return page;
            }

            await timer.WaitForNextTickAsync(Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            await timer.WaitForNextTickAsync(Token);
        }
    }

}
