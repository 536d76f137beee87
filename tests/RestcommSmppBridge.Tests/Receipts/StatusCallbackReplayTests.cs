using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
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
/// Status callbacks owed when the bridge stops are sent after the next start: the owed set in the store (migration 4)
/// and the notifier's replay, on a real SQLite file reopened as a restarted host would, with a real callback receiver.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class StatusCallbackReplayTests
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
        _webhooks = WebhookTestServices.Create(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(25), maxAttempts: 2);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _disposables.DisposeAsync();
        await _webhooks.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task ListOwedCallbacksAsync_StatusesAndProgress_OnlyOwedMessagesOldestFirstInPages()
    {
        TestStore store = _disposables.Track(await TestStore.OpenAsync());
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage first = await InsertAsync(store, account, 1);
        SmsMessage silent = await InsertAsync(store, account, 2, withCallback: false);
        SmsMessage second = await InsertAsync(store, account, 3);
        SmsMessage queued = await InsertAsync(store, account, 4);
        await outbox.ClaimAsync(10, T0.AddSeconds(1), Token);
        await outbox.RecordSentAsync(Sent(first.Sid, "a1"), Token);
        await outbox.RecordSentAsync(Sent(silent.Sid, "b1"), Token);
        await outbox.RecordSentAsync(Sent(second.Sid, "c1"), Token);
        await outbox.RescheduleAsync(queued.Sid, T0.AddSeconds(2), T0.AddHours(1), null, "later", countAttempt: true, Token);

        IReadOnlyList<OutboxOwedCallback> all = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        IReadOnlyList<OutboxOwedCallback> page1 = await outbox.ListOwedCallbacksAsync(0, 1, Token);
        IReadOnlyList<OutboxOwedCallback> page2 = await outbox.ListOwedCallbacksAsync(page1[0].Position, 1, Token);
        IReadOnlyList<OutboxOwedCallback> page3 = await outbox.ListOwedCallbacksAsync(page2[0].Position, 1, Token);

        // The first one's sent callback is made, then it is delivered: owed again, now behind the second.
        OutboxPendingCallbacks owedFirst = (await outbox.GetPendingCallbacksAsync(first.Sid, Token))!;
        await outbox.MarkCallbackDoneAsync(first.Sid, owedFirst.Entries[^1].Sequence, Token);
        IReadOnlyList<OutboxOwedCallback> afterMark = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        await outbox.ApplyReceiptAsync(Receipt("a1"), Token);
        IReadOnlyList<OutboxOwedCallback> afterReceipt = await outbox.ListOwedCallbacksAsync(0, 10, Token);

        // Marking an earlier entry than the last owed one keeps the message owed.
        OutboxPendingCallbacks owedAgain = (await outbox.GetPendingCallbacksAsync(first.Sid, Token))!;
        await outbox.MarkCallbackDoneAsync(first.Sid, owedAgain.Entries[0].Sequence - 1, Token);
        IReadOnlyList<OutboxOwedCallback> afterEarlierMark = await outbox.ListOwedCallbacksAsync(0, 10, Token);

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(o => o.MessageSid), Is.EqualTo(new[] { first.Sid, second.Sid }));
            Assert.That(page1.Select(o => o.MessageSid), Is.EqualTo(new[] { first.Sid }));
            Assert.That(page2.Select(o => o.MessageSid), Is.EqualTo(new[] { second.Sid }));
            Assert.That(page3, Is.Empty);
            Assert.That(afterMark.Select(o => o.MessageSid), Is.EqualTo(new[] { second.Sid }));
            Assert.That(afterReceipt.Select(o => o.MessageSid), Is.EqualTo(new[] { second.Sid, first.Sid }));
            Assert.That(owedAgain.Entries.Select(e => e.Status), Is.EqualTo(new[] { MessageStatus.Delivered }));
            Assert.That(afterEarlierMark.Select(o => o.MessageSid), Is.EqualTo(new[] { second.Sid, first.Sid }));
        });
    }

    [Test]
    public async Task Migration4_StoreWithLostCallbacks_OwedSetFilledFromHistory()
    {
        string folder = TestStore.NewFolder();
        string path = Path.Combine(folder, "db", "bridge.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (SqliteConnection connection = new($"Data Source={path};Pooling=False"))
        {
            // A file written by the build before migration 4: two messages owe callbacks, one is done, one has none.
            connection.Open();
            SqliteMigrator.Apply(connection, [.. SqliteMigrations.All.Where(m => m.Version <= 3)], path, TimeProvider.System,
                NullLogger.Instance, CancellationToken.None);
            Execute(connection, """
                INSERT INTO accounts VALUES ('AC1', 't', 'active', 'a', 0, 0);
                INSERT INTO sms_messages (sid, account_sid, sender, recipient, body, status, direction, date_created, date_updated,
                    price, price_unit, api_version, status_callback, num_segments)
                VALUES
                    ('SM2', 'AC1', '+1', '+2', 'b', 'delivered', 'outbound-api', 2, 2, '0', 'USD', 'v', 'http://app/s', 1),
                    ('SM1', 'AC1', '+1', '+2', 'b', 'sent', 'outbound-api', 1, 1, '0', 'USD', 'v', 'http://app/s', 1),
                    ('SM3', 'AC1', '+1', '+2', 'b', 'delivered', 'outbound-api', 3, 3, '0', 'USD', 'v', 'http://app/s', 1),
                    ('SM4', 'AC1', '+1', '+2', 'b', 'delivered', 'outbound-api', 4, 4, '0', 'USD', 'v', NULL, 1);
                INSERT INTO sms_message_status_changes (message_sid, seq, status, at) VALUES
                    ('SM1', 0, 'queued', 1), ('SM1', 1, 'sending', 1), ('SM1', 2, 'sent', 1),
                    ('SM2', 0, 'queued', 2), ('SM2', 1, 'sent', 2), ('SM2', 2, 'delivered', 2),
                    ('SM3', 0, 'queued', 3), ('SM3', 1, 'sent', 3), ('SM3', 2, 'delivered', 3),
                    ('SM4', 0, 'queued', 4), ('SM4', 1, 'sent', 4);
                INSERT INTO status_callback_progress VALUES ('SM2', 1), ('SM3', 2);
                """);
        }

        SqliteConnection.ClearAllPools();
        TestStore store = _disposables.Track(await TestStore.OpenAsync(folder));
        IReadOnlyList<OutboxOwedCallback> owed = await new SqliteOutboxStore(store.Database).ListOwedCallbacksAsync(0, 10, Token);

        Assert.That(owed.Select(o => o.MessageSid), Is.EqualTo(new[] { "SM1", "SM2" }), "oldest first; SM3 is done and SM4 has no callback");
    }

    [Test]
    public async Task Replay_StatusesStoredWhileNotifierStopped_NewNotifierOnSameFileCallsEachOnceInOrder()
    {
        _app.On(CallbackPath, WebhookTestServer.Status(200));
        TestStore before = await TestStore.OpenAsync();
        string folder = before.Folder;
        SqliteOutboxStore outbox = new(before.Database);
        Account account = await before.AddAccountAsync();
        List<SmsMessage> messages = [];
        for (int i = 0; i < 5; i++)
        {
            messages.Add(await InsertAsync(before, account, i));
        }

        SmsMessage silent = await InsertAsync(before, account, 10, withCallback: false);
        SmsMessage done = await InsertAsync(before, account, 11);
        await outbox.ClaimAsync(20, T0.AddSeconds(1), Token);
        for (int i = 0; i < messages.Count; i++)
        {
            await outbox.RecordSentAsync(Sent(messages[i].Sid, "m" + i), Token);
        }

        await outbox.RecordSentAsync(Sent(silent.Sid, "s"), Token);
        await outbox.RecordSentAsync(Sent(done.Sid, "d"), Token);
        for (int i = 0; i < messages.Count - 1; i++)
        {
            await outbox.ApplyReceiptAsync(Receipt("m" + i), Token);
        }

        // This one's callback was made before the stop.
        OutboxPendingCallbacks doneOwed = (await outbox.GetPendingCallbacksAsync(done.Sid, Token))!;
        await outbox.MarkCallbackDoneAsync(done.Sid, doneOwed.Entries[^1].Sequence, Token);
        await before.CloseAsync();

        // The restarted host: a new store on the same file and a new notifier, one worker so the order is global.
        TestStore after = _disposables.Track(await TestStore.OpenAsync(folder));
        SqliteOutboxStore reopened = new(after.Database);
        StatusCallbackNotifier notifier = _disposables.Track(Notifier(reopened, after.Accounts, pageSize: 2));
        await notifier.StartAsync(Token);
        await WaitUntilNothingOwedAsync(reopened, Token);
        await notifier.StopAsync(Token);

        List<(string, string)> expected = [];
        for (int i = 0; i < messages.Count; i++)
        {
            expected.Add((messages[i].Sid, "sent"));
            if (i < messages.Count - 1)
            {
                expected.Add((messages[i].Sid, "delivered"));
            }
        }

        Assert.That(Callbacks(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Replay_StoppedWhileAppHangs_OwedCallbacksSentOnceAfterRestart()
    {
        // The app hangs on the first callback (down, from the bridge's point of view) and answers later ones.
        _app.On(CallbackPath, WebhookTestServer.Hang(), WebhookTestServer.Status(200));
        TestStore before = await TestStore.OpenAsync();
        string folder = before.Folder;
        SqliteOutboxStore outbox = new(before.Database);
        Account account = await before.AddAccountAsync();
        SmsMessage message = await InsertAsync(before, account, 1);
        StatusCallbackNotifier first = _disposables.Track(Notifier(outbox, before.Accounts));
        await first.StartAsync(Token);
        await outbox.ClaimAsync(10, T0.AddSeconds(1), Token);
        await first.NotifyAsync(await outbox.RecordSentAsync(Sent(message.Sid, "x1"), Token), Token);
        await _app.FirstRequestAsync(CallbackPath);
        await first.NotifyAsync((await outbox.ApplyReceiptAsync(Receipt("x1"), Token)).Changes, Token);
        await first.StopAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        await before.CloseAsync();

        TestStore after = _disposables.Track(await TestStore.OpenAsync(folder));
        SqliteOutboxStore reopened = new(after.Database);
        StatusCallbackNotifier second = _disposables.Track(Notifier(reopened, after.Accounts));
        await second.StartAsync(Token);
        await WaitUntilNothingOwedAsync(reopened, Token);
        await second.StopAsync(Token);

        Assert.That(Callbacks(), Is.EqualTo(new[]
        {
            (message.Sid, "sent"), // the one left hanging by the stop: not marked, so owed
            (message.Sid, "sent"),
            (message.Sid, "delivered"),
        }));
    }

    [Test]
    public async Task NotifyAsync_DuringReplay_WaitsUntilOwedAreQueuedAndEachStatusIsCalledOnce()
    {
        _app.On(CallbackPath, WebhookTestServer.Status(200));
        TestStore store = _disposables.Track(await TestStore.OpenAsync());
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage old = await InsertAsync(store, account, 1);
        SmsMessage fresh = await InsertAsync(store, account, 2);
        await outbox.ClaimAsync(10, T0.AddSeconds(1), Token);
        await outbox.RecordSentAsync(Sent(old.Sid, "o1"), Token);

        // The replay's first read waits for the test; everything else is the real store.
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Mock<IOutboxStore> gated = new(MockBehavior.Strict);
        gated.Setup(s => s.ListOwedCallbacksAsync(It.IsAny<long>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(async (long after, int max, CancellationToken cancellationToken) =>
            {
                await release.Task.WaitAsync(cancellationToken);
                return await outbox.ListOwedCallbacksAsync(after, max, cancellationToken);
            });
        gated.Setup(s => s.GetPendingCallbacksAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string sid, CancellationToken cancellationToken) => outbox.GetPendingCallbacksAsync(sid, cancellationToken));
        gated.Setup(s => s.MarkCallbackDoneAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string sid, int seq, CancellationToken cancellationToken) => outbox.MarkCallbackDoneAsync(sid, seq, cancellationToken));
        StatusCallbackNotifier notifier = _disposables.Track(Notifier(gated.Object, store.Accounts));
        await notifier.StartAsync(Token);

        IReadOnlyList<OutboxStatusChange> freshSent = await outbox.RecordSentAsync(Sent(fresh.Sid, "f1"), Token);
        ValueTask notify = notifier.NotifyAsync(freshSent, Token);
        bool waitedForReplay = !notify.IsCompleted;
        release.SetResult();
        await notify;
        await WaitUntilNothingOwedAsync(outbox, Token);
        await notifier.StopAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(waitedForReplay, Is.True, "a new change waits while the replay is queueing");
            Assert.That(Callbacks(), Is.EqualTo(new[] { (old.Sid, "sent"), (fresh.Sid, "sent") }));
        });
    }

    private async Task<SmsMessage> InsertAsync(TestStore store, Account account, int index, bool withCallback = true)
    {
        SmsMessage message = TestStore.NewMessage(account.Sid, T0.AddMilliseconds(index)) with
        {
            To = "+1555000" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
            StatusCallback = withCallback ? _app.Url(CallbackPath).AbsoluteUri : null,
            StatusCallbackMethod = withCallback ? "POST" : null,
        };
        await store.Messages.InsertAsync(message, CancellationToken.None);
        return message;
    }

    private StatusCallbackNotifier Notifier(IOutboxStore outbox, IAccountStore accounts, int pageSize = 256) =>
        new(outbox, _webhooks.GetRequiredService<WebhookClient>(), accounts,
            Options.Create(new OutboundOptions { CallbackConcurrency = 1 }), NullLogger<StatusCallbackNotifier>.Instance)
        {
            ReplayPageSize = pageSize,
        };

    private List<(string Sid, string Status)> Callbacks() =>
        [.. _app.RequestsTo(CallbackPath).Select(r => (Field(r, "MessageSid"), Field(r, "MessageStatus")))];

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

}
