using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// Bridge:Storage:MessageRetention on a real SQLite file: which messages a sweep deletes (ended, old enough, nothing
/// owed), that everything stored about them goes with them and nothing else does, and the sweep service's batches.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class MessageRetentionTests
{
    private static readonly DateTimeOffset Now = TestStore.T0;
    private static readonly DateTimeOffset Old = Now.AddDays(-40);
    private static readonly DateTimeOffset Cutoff = Now.AddDays(-30);

    // Every table whose rows name a message.
    private static readonly string[] DependentTables =
    [
        "sms_message_status_changes", "sms_message_segments", "sms_message_part_receipts", "outbox_state",
        "status_callback_progress", "status_callback_failures", "inbound_webhooks", "status_callback_owed",
    ];

    [Test]
    public async Task DeleteEndedAsync_OldEndedMessages_GoWithEveryRowAboutThemAndNothingElseDoes()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync("a");
        Account other = await store.AddAccountAsync("b");

        // Deleted: ended before the cutoff, nothing owed.
        SmsMessage delivered = await InsertAsync(store, account, MessageStatus.Delivered, Old, carrierId: "c-1");
        SmsMessage failed = await InsertAsync(store, account, MessageStatus.Failed, Old.AddMinutes(1));
        SmsMessage sentNeverReceipted = await InsertAsync(store, account, MessageStatus.Sent, Old.AddMinutes(2), carrierId: "c-2");
        SmsMessage receivedAnswered = await InsertAsync(store, account, MessageStatus.Received, Old.AddMinutes(3));
        SmsMessage callbacksDone = await InsertAsync(store, account, MessageStatus.Undelivered, Old.AddMinutes(4), callback: true);
        using (SqliteConnection connection = store.Database.OpenConnection())
        {
            AddInboundWebhook(connection, receivedAnswered.Sid, "completed");
            connection.Execute("INSERT INTO status_callback_progress (message_sid, last_seq) VALUES (@Sid, 0);", new { callbacksDone.Sid });
            connection.Execute("""
                INSERT INTO status_callback_failures (message_sid, seq, status, failed_at, error) VALUES (@Sid, 0, 'undelivered', 1, 'gone');
                INSERT INTO sms_message_part_receipts (message_sid, segment_index, state, outcome, at) VALUES (@Sid, 0, 2, 'delivered', 1);
                INSERT INTO outbox_state (message_sid, attempts, next_attempt_at) VALUES (@Sid, 1, 0);
                """, new { delivered.Sid });
        }

        // Kept: still in the outbox, something owed, too young, or another account's.
        SmsMessage queued = await InsertAsync(store, account, MessageStatus.Queued, Old);
        SmsMessage sending = await InsertAsync(store, account, MessageStatus.Sending, Old);
        SmsMessage callbackOwed = await InsertAsync(store, account, MessageStatus.Delivered, Old, callback: true);
        SmsMessage receivedPending = await InsertAsync(store, account, MessageStatus.Received, Old);
        SmsMessage young = await InsertAsync(store, account, MessageStatus.Delivered, Cutoff.AddSeconds(1));
        SmsMessage otherAccount = await InsertAsync(store, other, MessageStatus.Delivered, Old);
        using (SqliteConnection connection = store.Database.OpenConnection())
        {
            AddInboundWebhook(connection, receivedPending.Sid, "pending");
        }

        string[] deleted = [delivered.Sid, failed.Sid, sentNeverReceipted.Sid, receivedAnswered.Sid, callbacksDone.Sid];
        string[] kept = [queued.Sid, sending.Sid, callbackOwed.Sid, receivedPending.Sid, young.Sid, otherAccount.Sid];
        Dictionary<string, long> rowsOfKept = DependentRows(store, kept);

        int count = await store.Messages.DeleteEndedAsync(account.Sid, Cutoff, 100, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(deleted.Length));
            Assert.That(MessageSids(store), Is.EquivalentTo(kept));
            Assert.That(DependentRows(store, deleted).Where(t => t.Value > 0), Is.Empty, "no row names a deleted message");
            Assert.That(DependentRows(store, kept), Is.EqualTo(rowsOfKept), "the kept messages' rows are untouched");
            Assert.That(ForeignKeyProblems(store), Is.Empty);
        });
    }

    [Test]
    public async Task DeleteEndedAsync_MoreThanMax_DeletesTheOldestFirstAndSaysWhenNoneAreLeft()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        List<SmsMessage> messages = [];
        for (int i = 0; i < 5; i++)
        {
            messages.Add(await InsertAsync(store, account, MessageStatus.Delivered, Old.AddMinutes(i)));
        }

        int first = await store.Messages.DeleteEndedAsync(account.Sid, Cutoff, 2, CancellationToken.None);
        string[] afterFirst = MessageSids(store);
        int second = await store.Messages.DeleteEndedAsync(account.Sid, Cutoff, 2, CancellationToken.None);
        int third = await store.Messages.DeleteEndedAsync(account.Sid, Cutoff, 2, CancellationToken.None);
        int fourth = await store.Messages.DeleteEndedAsync(account.Sid, Cutoff, 2, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { first, second, third, fourth }, Is.EqualTo(new[] { 2, 2, 1, 0 }));
            Assert.That(afterFirst, Is.EquivalentTo(messages.Skip(2).Select(m => m.Sid)), "the two oldest went first");
            Assert.That(store.CountRows("sms_messages"), Is.Zero);
        });
    }

    [Test]
    public async Task EndedBefore_Plan_ReadsTheAccountsDateRangeInOrderWithoutScanningOrSorting()
    {
        await using TestStore store = await TestStore.OpenAsync();
        using SqliteConnection connection = store.Database.OpenConnection();
        using SqliteCommand explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + RestcommSmppBridge.Storage.Sqlite.SqliteMessageStore.EndedBefore;
        explain.Parameters.AddWithValue("@Account", "AC0");
        explain.Parameters.AddWithValue("@Before", 0L);
        explain.Parameters.AddWithValue("@Max", 200);
        List<string> plan = [];
        using (SqliteDataReader reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(plan, Has.Some.Contains("SEARCH m USING INDEX ix_sms_messages_account_date (account_sid=? AND date_created<?)"), string.Join(" / ", plan));
            Assert.That(plan, Has.None.StartsWith("SCAN"), string.Join(" / ", plan));
            Assert.That(plan, Has.None.Contains("TEMP B-TREE"), string.Join(" / ", plan));
        });
    }

    [Test]
    public async Task SweepAsync_EveryAccountInBatches_DeletesWhatIsOlderThanTheRetention()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync("a");
        Account other = await store.AddAccountAsync("b");
        for (int i = 0; i < 5; i++)
        {
            await InsertAsync(store, account, MessageStatus.Delivered, Old.AddMinutes(i));
        }

        await InsertAsync(store, other, MessageStatus.Failed, Old);
        SmsMessage young = await InsertAsync(store, account, MessageStatus.Delivered, Now.AddDays(-29));
        MessageRetentionService service = NewService(store, TimeSpan.FromDays(30), new EventLog());

        long deleted = await service.SweepAsync(Now, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(deleted, Is.EqualTo(6));
            Assert.That(MessageSids(store), Is.EqualTo(new[] { young.Sid }));
        });
    }

    [Test]
    public async Task Service_RetentionOn_SweepsAtEachIntervalAndLogsWhatItDeleted()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await InsertAsync(store, account, MessageStatus.Delivered, Old);
        await InsertAsync(store, account, MessageStatus.Delivered, Old.AddMinutes(1));
        EventLog log = new();
        MessageRetentionService service = NewService(store, TimeSpan.FromDays(30), log);
        using CancellationTokenSource stop = new();

        await service.StartAsync(stop.Token);

        // ExecuteAsync runs in the background: its timer may not exist yet at the first advance, so advance until the
        // sweep has run (bounded by the fixture's time limit).
        while (!await log.WaitForAsync(4032, TimeSpan.FromMilliseconds(100)))
        {
            store.Time.Advance(service.SweepInterval);
        }

        await service.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(log.Ids, Does.Contain(4031), "retention on, said at start");
            Assert.That(log.Messages.Single(m => m.Id == 4032).Text, Does.StartWith("Deleted 2 ended messages created before 2025-02-1"));
            Assert.That(store.CountRows("sms_messages"), Is.Zero);
        });
    }

    [Test]
    public async Task Service_RetentionOff_SaysSoAndDeletesNothing()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await InsertAsync(store, account, MessageStatus.Delivered, Old.AddYears(-5));
        EventLog log = new();
        MessageRetentionService service = NewService(store, TimeSpan.Zero, log);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;
        store.Time.Advance(TimeSpan.FromDays(1));

        Assert.Multiple(() =>
        {
            Assert.That(log.Ids, Is.EqualTo(new[] { 4030 }));
            Assert.That(store.CountRows("sms_messages"), Is.EqualTo(1));
        });
    }

    private static MessageRetentionService NewService(TestStore store, TimeSpan retention, EventLog log) =>
        new(store.Messages, store.Accounts, Options.Create(new StorageOptions { MessageRetention = retention }), store.Time, log)
        {
            BatchSize = 2,
            BatchPause = TimeSpan.Zero,
        };

    private static async Task<SmsMessage> InsertAsync(TestStore store, Account account, MessageStatus status, DateTimeOffset created,
        string? carrierId = null, bool callback = false)
    {
        SmsMessage message = TestStore.NewMessage(account.Sid, created) with
        {
            Status = status,
            Direction = status == MessageStatus.Received ? MessageDirection.Inbound : MessageDirection.OutboundApi,
            Carrier = carrierId is null ? null : "sim",
            CarrierMessageIds = carrierId is null ? [] : [carrierId],
            StatusCallback = callback ? "http://127.0.0.1:9/status" : null,
        };
        await store.Messages.InsertAsync(message, CancellationToken.None);
        return message;
    }

    private static void AddInboundWebhook(SqliteConnection connection, string sid, string state) =>
        connection.Execute("""
            INSERT INTO inbound_webhooks (message_sid, url, method, fallback_method, state, attempts, next_attempt_at, created_at)
            VALUES (@Sid, 'http://127.0.0.1:9/sms', 'POST', 'POST', @State, 1, 0, 0);
            """, new { Sid = sid, State = state });

    private static string[] MessageSids(TestStore store)
    {
        using SqliteConnection connection = store.Database.OpenConnection();
        return [.. connection.Query<string>("SELECT sid FROM sms_messages ORDER BY date_created, sid;")];
    }

    private static Dictionary<string, long> DependentRows(TestStore store, string[] sids)
    {
        using SqliteConnection connection = store.Database.OpenConnection();
        Dictionary<string, long> rows = [];
        foreach (string table in DependentTables)
        {
            // Table names come from the constant list above, never from input.
            rows[table] = connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table} WHERE message_sid IN @Sids;", new { Sids = sids });
        }

        return rows;
    }

    private static string[] ForeignKeyProblems(TestStore store)
    {
        using SqliteConnection connection = store.Database.OpenConnection();
        return [.. connection.Query<string>("SELECT \"table\" FROM pragma_foreign_key_check;")];
    }

    /// <summary>Collects the service's log events.</summary>
    private sealed class EventLog : ILogger<MessageRetentionService>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(int Id, string Text)> _messages = new();
        private readonly SemaphoreSlim _logged = new(0);

        public IEnumerable<(int Id, string Text)> Messages => _messages;

        public int[] Ids => [.. _messages.Select(m => m.Id)];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            _messages.Enqueue((eventId.Id, formatter(state, exception)));
            _logged.Release();
        }

        /// <summary>True once event <paramref name="id"/> is logged; false when <paramref name="limit"/> passes first.</summary>
        public async Task<bool> WaitForAsync(int id, TimeSpan limit)
        {
            long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
            while (!_messages.Any(m => m.Id == id))
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !await _logged.WaitAsync(TimeSpan.FromMilliseconds(left)))
                {
                    return _messages.Any(m => m.Id == id);
                }
            }

            return true;
        }
    }
}
