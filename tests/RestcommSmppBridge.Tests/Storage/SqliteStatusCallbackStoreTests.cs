using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// The records of status callbacks that failed for good (migration 6) on a real SQLite file: written with the progress,
/// listed, requeued into the owed set, cleared when made, deleted by age.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteStatusCallbackStoreTests
{
    private static readonly DateTimeOffset T0 = TestStore.T0;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task RecordCallbacksMadeAsync_FailureForGood_ListedCountedAndNoLongerOwed()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (SqliteOutboxStore outbox, SqliteStatusCallbackStore failures) = Stores(store);
        SmsMessage message = await SentAndDeliveredAsync(store, outbox, "a1");
        OutboxPendingCallbacks owed = (await outbox.GetPendingCallbacksAsync(message.Sid, Token))!;

        await failures.RecordCallbacksMadeAsync(message.Sid, owed.Entries[^1].Sequence,
            [new StatusCallbackAttempt(owed.Entries[0].Sequence, MessageStatus.Sent, Requeued: false, "HTTP 500 after 2 attempt(s)")],
            T0.AddMinutes(5), Token);

        FailedStatusCallbackPage page = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token);
        OutboxPendingCallbacks? after = await outbox.GetPendingCallbacksAsync(message.Sid, Token);
        Assert.Multiple(() =>
        {
            Assert.That(page.Count, Is.EqualTo(1));
            Assert.That(page.Items.Single(), Is.EqualTo(new FailedStatusCallback(message.Sid, owed.Entries[0].Sequence, MessageStatus.Sent,
                T0.AddMinutes(5), "HTTP 500 after 2 attempt(s)")));
            Assert.That(failures.CountFailedCallbacks(), Is.EqualTo(1));
            Assert.That(after!.Entries, Is.Empty, "the progress passed both entries in the same write");
        });
        Assert.That(await outbox.ListOwedCallbacksAsync(0, 10, Token), Is.Empty);
    }

    [Test]
    public async Task RequeueFailedCallbacksAsync_ThenMade_OwedOnceFlaggedThenClearedAndNotOwed()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (SqliteOutboxStore outbox, SqliteStatusCallbackStore failures) = Stores(store);
        SmsMessage message = await SentAndDeliveredAsync(store, outbox, "a1");
        OutboxPendingCallbacks owed = (await outbox.GetPendingCallbacksAsync(message.Sid, Token))!;
        int sent = owed.Entries[0].Sequence;
        await failures.RecordCallbacksMadeAsync(message.Sid, owed.Entries[^1].Sequence,
            [new StatusCallbackAttempt(sent, MessageStatus.Sent, Requeued: false, "refused")], T0.AddMinutes(5), Token);

        int requeued = await failures.RequeueFailedCallbacksAsync(T0.AddHours(1), since: null, messageSid: null, Token);
        int again = await failures.RequeueFailedCallbacksAsync(T0.AddHours(1), since: null, messageSid: null, Token);
        OutboxPendingCallbacks pending = (await outbox.GetPendingCallbacksAsync(message.Sid, Token))!;
        IReadOnlyList<OutboxOwedCallback> owedSet = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        long listedWhileRequeued = failures.CountFailedCallbacks();

        // The plain progress write (another change's callback) must not drop the requeued entry from the owed set.
        await outbox.MarkCallbackDoneAsync(message.Sid, owed.Entries[^1].Sequence, Token);
        IReadOnlyList<OutboxOwedCallback> afterPlainMark = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        await failures.RecordCallbacksMadeAsync(message.Sid, sent, [new StatusCallbackAttempt(sent, MessageStatus.Sent, Requeued: true, null)],
            T0.AddHours(2), Token);

        Assert.Multiple(() =>
        {
            Assert.That(requeued, Is.EqualTo(1));
            Assert.That(again, Is.Zero, "a requeued callback is owed once");
            Assert.That(pending.Entries, Has.Count.EqualTo(1), "only the failed status, not the delivered one that was made");
            Assert.That(pending.Entries[0].Sequence, Is.EqualTo(sent));
            Assert.That(pending.Entries[0].Status, Is.EqualTo(MessageStatus.Sent));
            Assert.That(pending.Entries[0].Requeued, Is.True);
            Assert.That(owedSet.Select(o => o.MessageSid), Is.EqualTo(new[] { message.Sid }));
            Assert.That(listedWhileRequeued, Is.Zero, "a requeued callback is no longer listed as failed");
            Assert.That(afterPlainMark.Select(o => o.MessageSid), Is.EqualTo(new[] { message.Sid }));
        });
        Assert.That((await outbox.GetPendingCallbacksAsync(message.Sid, Token))!.Entries, Is.Empty);
        Assert.That(await outbox.ListOwedCallbacksAsync(0, 10, Token), Is.Empty);
        Assert.That((await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token)).Count, Is.Zero);
    }

    [Test]
    public async Task RecordCallbacksMadeAsync_RequeuedFailsAgain_ListedAgainWithNewTimeAndNotOwed()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (SqliteOutboxStore outbox, SqliteStatusCallbackStore failures) = Stores(store);
        SmsMessage message = await SentAndDeliveredAsync(store, outbox, "a1");
        OutboxPendingCallbacks owed = (await outbox.GetPendingCallbacksAsync(message.Sid, Token))!;
        int delivered = owed.Entries[^1].Sequence;
        await failures.RecordCallbacksMadeAsync(message.Sid, delivered,
            [new StatusCallbackAttempt(delivered, MessageStatus.Delivered, Requeued: false, "first")], T0.AddMinutes(5), Token);
        await failures.RequeueFailedCallbacksAsync(T0.AddHours(1), since: null, messageSid: null, Token);

        await failures.RecordCallbacksMadeAsync(message.Sid, delivered,
            [new StatusCallbackAttempt(delivered, MessageStatus.Delivered, Requeued: true, "second")], T0.AddHours(2), Token);

        FailedStatusCallbackPage page = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token);
        Assert.That(page.Items.Select(f => (f.Status, f.FailedAt, f.Error)),
            Is.EqualTo(new[] { (MessageStatus.Delivered, T0.AddHours(2), (string?)"second") }));
        Assert.That(await outbox.ListOwedCallbacksAsync(0, 10, Token), Is.Empty);
    }

    [Test]
    public async Task RequeueAndList_SinceAndMessageFilters_OnlyMatchingRows()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (SqliteOutboxStore outbox, SqliteStatusCallbackStore failures) = Stores(store);
        SmsMessage early = await SentAndDeliveredAsync(store, outbox, "e1", index: 1);
        SmsMessage late = await SentAndDeliveredAsync(store, outbox, "l1", index: 2);
        SmsMessage other = await SentAndDeliveredAsync(store, outbox, "o1", index: 3);
        await FailAllAsync(outbox, failures, early, T0.AddHours(1));
        await FailAllAsync(outbox, failures, late, T0.AddHours(3));
        await FailAllAsync(outbox, failures, other, T0.AddHours(3).AddMinutes(1));

        FailedStatusCallbackPage all = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery { Max = 2 }, Token);
        FailedStatusCallbackPage recent = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery { Since = T0.AddHours(2) }, Token);
        int bySince = await failures.RequeueFailedCallbacksAsync(T0.AddHours(4), since: T0.AddHours(3).AddSeconds(30), messageSid: null, Token);
        int byMessage = await failures.RequeueFailedCallbacksAsync(T0.AddHours(4), since: null, messageSid: late.Sid, Token);
        IReadOnlyList<OutboxOwedCallback> owed = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        FailedStatusCallbackPage left = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token);

        Assert.Multiple(() =>
        {
            Assert.That(all.Count, Is.EqualTo(6), "sent and delivered of three messages");
            Assert.That(all.Items.Select(f => f.MessageSid), Is.EqualTo(new[] { other.Sid, other.Sid }), "most recent first, at most Max");
            Assert.That(recent.Count, Is.EqualTo(4));
            Assert.That(bySince, Is.EqualTo(2));
            Assert.That(byMessage, Is.EqualTo(2));
            Assert.That(owed.Select(o => o.MessageSid), Is.EqualTo(new[] { other.Sid, late.Sid }), "owed in the order requeued");
            Assert.That(left.Items.Select(f => f.MessageSid).Distinct(), Is.EqualTo(new[] { early.Sid }));
        });
    }

    [Test]
    public async Task DeleteFailedCallbacksAsync_Before_OnlyOlderNotRequeuedRows()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (SqliteOutboxStore outbox, SqliteStatusCallbackStore failures) = Stores(store);
        SmsMessage old = await SentAndDeliveredAsync(store, outbox, "o1", index: 1);
        SmsMessage requeued = await SentAndDeliveredAsync(store, outbox, "r1", index: 2);
        SmsMessage recent = await SentAndDeliveredAsync(store, outbox, "n1", index: 3);
        await FailAllAsync(outbox, failures, old, T0.AddDays(1));
        await FailAllAsync(outbox, failures, requeued, T0.AddDays(1));
        await FailAllAsync(outbox, failures, recent, T0.AddDays(9));
        await failures.RequeueFailedCallbacksAsync(T0.AddDays(10), since: null, messageSid: requeued.Sid, Token);

        int deleted = await failures.DeleteFailedCallbacksAsync(T0.AddDays(5), messageSid: null, Token);

        FailedStatusCallbackPage left = await failures.ListFailedCallbacksAsync(new FailedStatusCallbackQuery(), Token);
        OutboxPendingCallbacks stillOwed = (await outbox.GetPendingCallbacksAsync(requeued.Sid, Token))!;
        Assert.Multiple(() =>
        {
            Assert.That(deleted, Is.EqualTo(2));
            Assert.That(left.Items.Select(f => f.MessageSid).Distinct(), Is.EqualTo(new[] { recent.Sid }));
            Assert.That(stillOwed.Entries.Select(e => e.Requeued), Is.EqualTo(new[] { true, true }), "requeued callbacks are not deleted");
        });
    }

    [Test]
    public async Task Migration6_FromVersion5_OwedSetKeptTriggersReplacedAndRerunChangesNothing()
    {
        string folder = TestStore.NewFolder();
        string path = Path.Combine(folder, "db", "bridge.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (SqliteConnection connection = new($"Data Source={path};Pooling=False"))
        {
            // A file written by the build before migration 6: SM1 owes its sent callback, SM2's are done.
            connection.Open();
            SqliteMigrator.Apply(connection, [.. SqliteMigrations.All.Where(m => m.Version <= 5)], path, TimeProvider.System,
                NullLogger.Instance, CancellationToken.None);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO accounts VALUES ('AC1', 't', 'active', 'a', 0, 0);
                INSERT INTO sms_messages (sid, account_sid, sender, recipient, body, status, direction, date_created, date_updated,
                    price, price_unit, api_version, status_callback, num_segments)
                VALUES
                    ('SM1', 'AC1', '+1', '+2', 'b', 'sent', 'outbound-api', 1, 1, '0', 'USD', 'v', 'http://app/s', 1),
                    ('SM2', 'AC1', '+1', '+2', 'b', 'delivered', 'outbound-api', 2, 2, '0', 'USD', 'v', 'http://app/s', 1);
                INSERT INTO sms_message_status_changes (message_sid, seq, status, at) VALUES
                    ('SM1', 0, 'queued', 1), ('SM1', 1, 'sent', 1),
                    ('SM2', 0, 'queued', 2), ('SM2', 1, 'sent', 2), ('SM2', 2, 'delivered', 2);
                INSERT INTO status_callback_progress VALUES ('SM2', 2);
                """;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        TestStore migrated = await TestStore.OpenAsync(folder);
        (SqliteOutboxStore outbox, SqliteStatusCallbackStore failures) = Stores(migrated);
        IReadOnlyList<OutboxOwedCallback> owedAfterMigration = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        await failures.RecordCallbacksMadeAsync("SM1", 1, [new StatusCallbackAttempt(1, MessageStatus.Sent, Requeued: false, "down")],
            T0, Token);
        IReadOnlyList<OutboxOwedCallback> owedAfterFailure = await outbox.ListOwedCallbacksAsync(0, 10, Token);
        long versions = migrated.CountRows("schema_version");
        await migrated.CloseAsync();

        await using TestStore reopened = await TestStore.OpenAsync(folder);
        (_, SqliteStatusCallbackStore again) = Stores(reopened);
        Assert.Multiple(() =>
        {
            Assert.That(owedAfterMigration.Select(o => o.MessageSid), Is.EqualTo(new[] { "SM1" }));
            Assert.That(owedAfterFailure, Is.Empty, "the recreated progress trigger still clears the owed set");
            Assert.That(versions, Is.EqualTo(SqliteMigrations.All.Count), "every step from 6 on was applied");
            Assert.That(reopened.CountRows("schema_version"), Is.EqualTo(SqliteMigrations.All.Count), "a second start applies nothing");
            Assert.That(again.CountFailedCallbacks(), Is.EqualTo(1), "the record survives the restart");
        });
    }

    private static (SqliteOutboxStore Outbox, SqliteStatusCallbackStore Failures) Stores(TestStore store) =>
        (new SqliteOutboxStore(store.Database), new SqliteStatusCallbackStore(store.Database));

    /// <summary>Records both owed callbacks of <paramref name="message"/> as failed at <paramref name="at"/>.</summary>
    private static async Task FailAllAsync(SqliteOutboxStore outbox, SqliteStatusCallbackStore failures, SmsMessage message, DateTimeOffset at)
    {
        OutboxPendingCallbacks owed = (await outbox.GetPendingCallbacksAsync(message.Sid, Token))!;
        List<StatusCallbackAttempt> attempts = [];
        foreach (OutboxCallbackEntry entry in owed.Entries)
        {
            attempts.Add(new StatusCallbackAttempt(entry.Sequence, entry.Status, Requeued: false, "down"));
        }

        await failures.RecordCallbacksMadeAsync(message.Sid, owed.Entries[^1].Sequence, attempts, at, Token);
    }

    /// <summary>A message with a StatusCallback, claimed, sent and delivered: it owes two callbacks.</summary>
    private static async Task<SmsMessage> SentAndDeliveredAsync(TestStore store, SqliteOutboxStore outbox, string carrierId, int index = 0)
    {
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid, T0.AddMilliseconds(index)) with
        {
            To = "+1555000" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
            StatusCallback = "http://127.0.0.1:9/status",
            StatusCallbackMethod = "POST",
        };
        await store.Messages.InsertAsync(message, Token);
        await outbox.ClaimAsync(10, T0.AddSeconds(1), Token);
        await outbox.RecordSentAsync(new OutboxSent
        {
            MessageSid = message.Sid,
            At = T0.AddSeconds(2),
            Carrier = "sim",
            NumSegments = 1,
            Encoding = "GSM7",
            Parts = [new OutboxPart(0, carrierId)],
        }, Token);
        await outbox.ApplyReceiptAsync(new OutboxReceipt
        {
            Carrier = "sim",
            CarrierMessageId = carrierId,
            State = (byte)MessageState.Delivered,
            Outcome = MessageStatus.Delivered,
            At = T0.AddMinutes(1),
        }, Token);
        return message;
    }
}
