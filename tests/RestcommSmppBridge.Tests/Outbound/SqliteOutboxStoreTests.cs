using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Storage;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>The outbox store on a real SQLite file: claim order, retries, held receipts and aggregation.</summary>
[TestFixture]
public sealed class SqliteOutboxStoreTests
{
    private static readonly DateTimeOffset T0 = TestStore.T0;

    [Test]
    public async Task ClaimAsync_TwoMessagesToOneDestination_SecondWaitsForFirst()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage first = TestStore.NewMessage(account.Sid, T0);
        SmsMessage second = TestStore.NewMessage(account.Sid, T0.AddSeconds(1));
        SmsMessage other = TestStore.NewMessage(account.Sid, T0.AddSeconds(2)) with { To = "+15550009999" };
        foreach (SmsMessage m in new[] { first, second, other })
        {
            await store.Messages.InsertAsync(m, CancellationToken.None);
        }

        IReadOnlyList<OutboxMessage> claim1 = await outbox.ClaimAsync(10, T0.AddSeconds(5), CancellationToken.None);
        await outbox.RescheduleAsync(first.Sid, T0.AddSeconds(5), T0.AddSeconds(30), 30001, "throttled", countAttempt: true, CancellationToken.None);
        IReadOnlyList<OutboxMessage> claim2 = await outbox.ClaimAsync(10, T0.AddSeconds(6), CancellationToken.None);
        IReadOnlyList<OutboxMessage> claim3 = await outbox.ClaimAsync(10, T0.AddSeconds(31), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(claim1.Select(c => c.Message.Sid), Is.EqualTo(new[] { first.Sid, other.Sid }));
            Assert.That(claim2, Is.Empty, "the retry is not due and the second message keeps its place behind it");
            Assert.That(claim3.Select(c => (c.Message.Sid, c.Attempts)), Is.EqualTo(new[] { (first.Sid, 1) }));
        });
    }

    [Test]
    public async Task ApplyReceiptAsync_BeforeIdStored_HeldThenAppliedWhenRecorded()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid) with { StatusCallback = "http://127.0.0.1/cb" };
        await store.Messages.InsertAsync(message, CancellationToken.None);
        await outbox.ClaimAsync(1, T0, CancellationToken.None);

        OutboxReceiptResult held = await outbox.ApplyReceiptAsync(Receipt("77", MessageState.Delivered, MessageStatus.Delivered), CancellationToken.None);
        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecordSentAsync(Sent(message.Sid, 1, "77"), CancellationToken.None);
        OutboxPendingCallbacks? owed = await outbox.GetPendingCallbacksAsync(message.Sid, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(held.Disposition, Is.EqualTo(OutboxReceiptDisposition.Held));
            Assert.That(changes.Select(c => c.Status), Is.EqualTo(new[] { MessageStatus.Sent, MessageStatus.Delivered }));
            Assert.That(owed!.Entries.Select(e => e.Status), Is.EqualTo(new[] { MessageStatus.Sent, MessageStatus.Delivered }));
        });
    }

    [Test]
    public async Task ExpirePendingReceiptsAsync_OldHeldReceipt_DroppedAndNotAppliedLater()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(message, CancellationToken.None);
        await outbox.ClaimAsync(1, T0, CancellationToken.None);
        await outbox.ApplyReceiptAsync(Receipt("88", MessageState.Delivered, MessageStatus.Delivered), CancellationToken.None);

        int expired = await outbox.ExpirePendingReceiptsAsync(T0.AddMinutes(2), CancellationToken.None);
        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecordSentAsync(Sent(message.Sid, 1, "88"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(expired, Is.EqualTo(1));
            Assert.That(changes.Select(c => c.Status), Is.EqualTo(new[] { MessageStatus.Sent }));
        });
    }

    [Test]
    public async Task ApplyReceiptAsync_Multipart_DeliveredOnlyWhenEveryPartIsAndFailureWins()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage ok = TestStore.NewMessage(account.Sid);
        SmsMessage bad = TestStore.NewMessage(account.Sid, T0.AddSeconds(1)) with { To = "+15550003333" };
        await store.Messages.InsertAsync(ok, CancellationToken.None);
        await store.Messages.InsertAsync(bad, CancellationToken.None);
        await outbox.ClaimAsync(2, T0.AddSeconds(2), CancellationToken.None);
        await outbox.RecordSentAsync(Sent(ok.Sid, 2, "a1", "a2"), CancellationToken.None);
        await outbox.RecordSentAsync(Sent(bad.Sid, 2, "b1", "b2"), CancellationToken.None);

        OutboxReceiptResult firstPart = await outbox.ApplyReceiptAsync(Receipt("a1", MessageState.Delivered, MessageStatus.Delivered), CancellationToken.None);
        OutboxReceiptResult secondPart = await outbox.ApplyReceiptAsync(Receipt("a2", MessageState.Delivered, MessageStatus.Delivered), CancellationToken.None);
        OutboxReceiptResult badPart = await outbox.ApplyReceiptAsync(Receipt("b2", MessageState.Undeliverable, MessageStatus.Undelivered, 30005), CancellationToken.None);
        OutboxReceiptResult lateGood = await outbox.ApplyReceiptAsync(Receipt("b1", MessageState.Delivered, MessageStatus.Delivered), CancellationToken.None);
        SmsMessage? badRead = await store.Messages.GetAsync(account.Sid, bad.Sid, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(firstPart.Changes, Is.Empty);
            Assert.That(secondPart.Changes.Select(c => c.Status), Is.EqualTo(new[] { MessageStatus.Delivered }));
            Assert.That(badPart.Changes.Select(c => (c.Status, c.ErrorCode)), Is.EqualTo(new[] { (MessageStatus.Undelivered, (int?)30005) }));
            Assert.That(lateGood.Changes, Is.Empty);
            Assert.That(badRead!.Status, Is.EqualTo(MessageStatus.Undelivered));
            Assert.That(badRead.ErrorCode, Is.EqualTo(30005));
        });
    }

    private static OutboxReceipt Receipt(string id, MessageState state, MessageStatus outcome, int? errorCode = null) => new()
    {
        Carrier = "sim",
        CarrierMessageId = id,
        State = (byte)state,
        Outcome = outcome,
        ErrorCode = errorCode,
        At = T0.AddMinutes(1),
    };

    private static OutboxSent Sent(string sid, int segments, params string[] ids) => new()
    {
        MessageSid = sid,
        At = T0.AddSeconds(3),
        Carrier = "sim",
        NumSegments = segments,
        Encoding = "GSM7",
        Parts = [.. ids.Select((id, i) => new OutboxPart(i, id))],
    };
}
