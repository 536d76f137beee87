using Dapper;
using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// A long message whose outcome is unknown after some parts were accepted, on a real SQLite file: the accepted ids
/// and the concatenation reference are kept, the claim returns the reference, a restart requeues or fails it with
/// the ids kept, and a receipt that beat the write is matched by it.
/// </summary>
[TestFixture]
public sealed class SqliteOutboxPartlySentTests
{
    private static readonly DateTimeOffset T0 = TestStore.T0;

    [Test]
    public async Task RecordPartlySentAsync_Resubmit_QueuedWithReferenceAndClaimReturnsIt()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await ClaimedAsync(store, outbox);

        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: T0.AddSeconds(10), "a1", "a2"),
            CancellationToken.None);
        IReadOnlyList<OutboxMessage> early = await outbox.ClaimAsync(5, T0.AddSeconds(5), CancellationToken.None);
        IReadOnlyList<OutboxMessage> due = await outbox.ClaimAsync(5, T0.AddSeconds(10), CancellationToken.None);
        OutboxPartlySentParts? parts = await outbox.GetPartlySentAsync(message.Sid, CancellationToken.None);
        SmsMessage stored = (await store.Messages.GetAsync(message.AccountSid, message.Sid, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(changes, Is.Empty, "queued again: no callback is owed");
            Assert.That(early, Is.Empty);
            Assert.That(due.Select(c => (c.Message.Sid, c.Attempts, c.ConcatReference)), Is.EqualTo(new[] { (message.Sid, 1, (int?)201) }));
            Assert.That(parts, Is.Not.Null);
            Assert.That(parts!.Carrier, Is.EqualTo("sim"));
            Assert.That(parts.NumSegments, Is.EqualTo(3));
            Assert.That(parts.ConcatReference, Is.EqualTo(201));
            Assert.That(parts.Parts, Is.EqualTo(new[] { new OutboxPart(0, "a1"), new OutboxPart(1, "a2") }));
            Assert.That(stored.NumSegments, Is.EqualTo(3));
            Assert.That(stored.Carrier, Is.EqualTo("sim"));
            Assert.That(stored.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
            {
                MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Queued, MessageStatus.Sending,
            }));
        });
    }

    [Test]
    public async Task ClaimAsync_MessageWithoutPartlySentRecord_NoReferenceAndNoParts()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(message, CancellationToken.None);

        IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(1, T0, CancellationToken.None);
        await outbox.RescheduleAsync(message.Sid, T0, T0, 30001, "throttled", countAttempt: true, CancellationToken.None);
        IReadOnlyList<OutboxMessage> again = await outbox.ClaimAsync(1, T0, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(claimed.Single().ConcatReference, Is.Null);
            Assert.That(again.Single().ConcatReference, Is.Null);
            Assert.That(await outbox.GetPartlySentAsync(message.Sid, CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task RecordPartlySentAsync_Fail_Failed30008WithIdsKeptAndLaterReceiptMatched()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await ClaimedAsync(store, outbox);

        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: null, "a1", "a2"),
            CancellationToken.None);
        OutboxReceiptResult receipt = await outbox.ApplyReceiptAsync(Receipt("a1"), CancellationToken.None);
        SmsMessage stored = (await store.Messages.GetAsync(message.AccountSid, message.Sid, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(c => (c.Status, c.ErrorCode)), Is.EqualTo(new[] { (MessageStatus.Failed, (int?)30008) }));
            Assert.That(stored.Status, Is.EqualTo(MessageStatus.Failed));
            Assert.That(stored.ErrorCode, Is.EqualTo(30008));
            Assert.That(stored.CarrierMessageIds, Is.EqualTo(new string?[] { "a1", "a2", null }));
            Assert.That(receipt.Disposition, Is.EqualTo(OutboxReceiptDisposition.Matched));
            Assert.That(receipt.MessageSid, Is.EqualTo(message.Sid));
            Assert.That(receipt.Changes, Is.Empty, "a final message is never changed by a receipt");
            Assert.That(store.CountRows("outbox_state"), Is.Zero);
        });
    }

    [Test]
    public async Task RecordPartlySentAsync_ReceiptHeldBeforeWrite_MatchedByIt()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await ClaimedAsync(store, outbox);

        OutboxReceiptResult held = await outbox.ApplyReceiptAsync(Receipt("a2"), CancellationToken.None);
        await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: T0.AddSeconds(10), "a1", "a2"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(held.Disposition, Is.EqualTo(OutboxReceiptDisposition.Held));
            Assert.That(store.CountRows("pending_receipts"), Is.Zero);
            Assert.That(PartOutcomes(store, message.Sid), Is.EqualTo(new[] { (1L, "delivered") }));
        });
    }

    [Test]
    public async Task RecordPartlySentAsync_SecondTime_ReplacesIdsWithTheNewSet()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await ClaimedAsync(store, outbox);

        await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: T0, "a1"), CancellationToken.None);
        await outbox.ClaimAsync(1, T0.AddSeconds(1), CancellationToken.None);
        await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: T0, "a1", "a2") with { ConcatReference = 202 }, CancellationToken.None);
        IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(1, T0.AddSeconds(2), CancellationToken.None);
        OutboxPartlySentParts? parts = await outbox.GetPartlySentAsync(message.Sid, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(claimed.Single().Attempts, Is.EqualTo(2));
            Assert.That(claimed.Single().ConcatReference, Is.EqualTo(202));
            Assert.That(parts!.Parts.Select(p => p.CarrierMessageId), Is.EqualTo(new[] { "a1", "a2" }));
        });
    }

    [Test]
    public async Task RecordPartlySentAsync_MessageNotSending_NothingChanges()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(message, CancellationToken.None);

        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: null, "a1"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(changes, Is.Empty);
            Assert.That(store.CountRows("sms_message_segments"), Is.Zero);
        });
    }

    [Test]
    public async Task RecoverSendingAsync_Resubmit_PartlySentRequeuedForMissingPartsWithIdsKept()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await StoppedWhileResumingAsync(store, outbox);

        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecoverSendingAsync(T0.AddMinutes(1), resubmit: true, CancellationToken.None);
        IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(1, T0.AddMinutes(1), CancellationToken.None);
        OutboxPartlySentParts? parts = await outbox.GetPartlySentAsync(message.Sid, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(changes, Is.Empty);
            Assert.That(claimed.Single().ConcatReference, Is.EqualTo(201));
            Assert.That(claimed.Single().Attempts, Is.EqualTo(2));
            Assert.That(parts!.Parts.Select(p => (p.SegmentIndex, p.CarrierMessageId)), Is.EqualTo(new[] { (0, "a1"), (1, "a2") }));
            Assert.That(LastError(store, message.Sid), Is.EqualTo("missing parts resubmitted after a restart"));
        });
    }

    [Test]
    public async Task RecoverSendingAsync_Fail_PartlySentFailed30008WithIdsKept()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await StoppedWhileResumingAsync(store, outbox);

        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecoverSendingAsync(T0.AddMinutes(1), resubmit: false, CancellationToken.None);
        OutboxReceiptResult receipt = await outbox.ApplyReceiptAsync(Receipt("a1"), CancellationToken.None);
        SmsMessage stored = (await store.Messages.GetAsync(message.AccountSid, message.Sid, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(c => (c.Status, c.ErrorCode)), Is.EqualTo(new[] { (MessageStatus.Failed, (int?)30008) }));
            Assert.That(stored.CarrierMessageIds, Is.EqualTo(new string?[] { "a1", "a2", null }));
            Assert.That(stored.Carrier, Is.EqualTo("sim"));
            Assert.That(receipt.Disposition, Is.EqualTo(OutboxReceiptDisposition.Matched));
        });
    }

    [Test]
    public async Task RecoverSendingAsync_Resubmit_NoStoredIds_WholeMessageRequeuedWithoutReference()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SmsMessage message = await ClaimedAsync(store, outbox);

        await outbox.RecoverSendingAsync(T0.AddMinutes(1), resubmit: true, CancellationToken.None);
        IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(1, T0.AddMinutes(1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(claimed.Single().Message.Sid, Is.EqualTo(message.Sid));
            Assert.That(claimed.Single().ConcatReference, Is.Null);
            Assert.That(LastError(store, message.Sid), Is.EqualTo("resubmitted after a restart"));
        });
    }

    /// <summary>A message claimed, partly sent (parts 1–2 of 3, reference 201), then claimed again: a stop now leaves it sending.</summary>
    private static async Task<SmsMessage> StoppedWhileResumingAsync(TestStore store, SqliteOutboxStore outbox)
    {
        SmsMessage message = await ClaimedAsync(store, outbox);
        await outbox.RecordPartlySentAsync(PartlySent(message.Sid, next: T0.AddSeconds(1), "a1", "a2"), CancellationToken.None);
        IReadOnlyList<OutboxMessage> resumed = await outbox.ClaimAsync(1, T0.AddSeconds(1), CancellationToken.None);
        Assert.That(resumed, Has.Count.EqualTo(1));
        return message;
    }

    private static async Task<SmsMessage> ClaimedAsync(TestStore store, SqliteOutboxStore outbox)
    {
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid) with { StatusCallback = "http://127.0.0.1/cb" };
        await store.Messages.InsertAsync(message, CancellationToken.None);
        IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(1, T0, CancellationToken.None);
        Assert.That(claimed, Has.Count.EqualTo(1));
        return message;
    }

    private static OutboxPartlySent PartlySent(string sid, DateTimeOffset? next, params string[] ids) => new()
    {
        MessageSid = sid,
        At = T0.AddSeconds(1),
        Carrier = "sim",
        NumSegments = 3,
        Encoding = "GSM7",
        ConcatReference = 201,
        Parts = [.. ids.Select((id, i) => new OutboxPart(i, id))],
        NextAttemptAt = next,
        ErrorCode = 30008,
        ErrorMessage = "outcome unknown: connection lost",
    };

    private static OutboxReceipt Receipt(string id) => new()
    {
        Carrier = "sim",
        CarrierMessageId = id,
        State = (byte)MessageState.Delivered,
        Outcome = MessageStatus.Delivered,
        At = T0.AddSeconds(2),
    };

    private static (long, string)[] PartOutcomes(TestStore store, string sid)
    {
        using SqliteConnection connection = store.Database.OpenReadConnection();
        return [.. connection.Query<(long, string)>(
            "SELECT segment_index, outcome FROM sms_message_part_receipts WHERE message_sid = @Sid ORDER BY segment_index;", new { Sid = sid })];
    }

    private static string? LastError(TestStore store, string sid)
    {
        using SqliteConnection connection = store.Database.OpenReadConnection();
        return connection.ExecuteScalar<string?>("SELECT last_error FROM outbox_state WHERE message_sid = @Sid;", new { Sid = sid });
    }
}
