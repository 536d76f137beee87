using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteMessageStoreTests
{
    private TestStore _store = null!;
    private Account _account = null!;

    [SetUp]
    public async Task SetUp()
    {
        _store = await TestStore.OpenAsync();
        _account = await _store.AddAccountAsync("a");
    }

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task InsertAsync_EveryField_ReadsBackEqual()
    {
        DateTimeOffset created = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(-5));
        SmsMessage message = new()
        {
            Sid = Sids.NewMessageSid(),
            AccountSid = _account.Sid,
            From = "+15551230000",
            To = "+4479460000",
            Body = "héllo € 😀 ' \" ; --",
            Status = MessageStatus.Sent,
            Direction = MessageDirection.OutboundReply,
            DateCreated = created.AddTicks(1),
            DateUpdated = created.AddSeconds(1),
            DateSent = created.AddSeconds(2),
            Price = "0.00",
            PriceUnit = "EUR",
            ApiVersion = "2010-04-01",
            ErrorCode = 30003,
            ErrorMessage = "Unreachable destination handset",
            StatusCallback = "https://app.example/status",
            StatusCallbackMethod = "GET",
            Carrier = "carrier-a",
            NumSegments = 3,
            Encoding = "UCS2",
            CarrierMessageIds = ["id-0", null, "id-2"],
        };

        await _store.Messages.InsertAsync(message, CancellationToken.None);
        SmsMessage? read = await _store.Messages.GetAsync(_account.Sid, message.Sid, CancellationToken.None);

        Assert.That(read, Is.Not.Null);
        Assert.That(read! with { CarrierMessageIds = [], StatusHistory = [] }, Is.EqualTo(message with { CarrierMessageIds = [], StatusHistory = [] }));
        Assert.That(read.DateCreated.UtcTicks, Is.EqualTo(message.DateCreated.UtcTicks), "full tick precision");
        Assert.That(read.CarrierMessageIds, Is.EqualTo(new[] { "id-0", null, "id-2" }));
        Assert.That(read.StatusHistory, Is.EqualTo(new[]
        {
            new MessageStatusChange(MessageStatus.Sent, message.DateCreated, "carrier-a", null, 30003),
        }));
    }

    [Test]
    public async Task InsertAsync_Defaults_ReadBackWithNullsAndEmptyLists()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { Encoding = null, NumSegments = 0 };

        await _store.Messages.InsertAsync(message, CancellationToken.None);
        SmsMessage? read = await _store.Messages.GetAsync(_account.Sid, message.Sid, CancellationToken.None);

        Assert.That(read!.DateSent, Is.Null);
        Assert.That(read.ErrorCode, Is.Null);
        Assert.That(read.Carrier, Is.Null);
        Assert.That(read.Encoding, Is.Null);
        Assert.That(read.Price, Is.EqualTo("0"));
        Assert.That(read.PriceUnit, Is.EqualTo("USD"));
        Assert.That(read.ApiVersion, Is.EqualTo("2012-04-24"));
        Assert.That(read.CarrierMessageIds, Is.Empty);
        Assert.That(read.StatusHistory, Has.Count.EqualTo(1));
    }

    [Test]
    public void InsertAsync_BadSid_ThrowsBeforeQueueing()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { Sid = "SM123" };

        Assert.That(() => _store.Messages.InsertAsync(message, CancellationToken.None), Throws.ArgumentException);
    }

    [Test]
    public async Task GetAsync_OtherAccount_ReturnsNull()
    {
        Account other = await _store.AddAccountAsync("b");
        SmsMessage message = TestStore.NewMessage(_account.Sid);
        await _store.Messages.InsertAsync(message, CancellationToken.None);

        Assert.That(await _store.Messages.GetAsync(other.Sid, message.Sid, CancellationToken.None), Is.Null);
        Assert.That(await _store.Messages.GetAsync(_account.Sid, Sids.NewMessageSid(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task UpdateStatusAsync_OutboundStory_RecordsEveryStepInOrder()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { Status = MessageStatus.Sending };
        await _store.Messages.InsertAsync(message, CancellationToken.None);
        DateTimeOffset sentAt = TestStore.T0.AddSeconds(1);
        DateTimeOffset deliveredAt = TestStore.T0.AddSeconds(9);

        bool sent = await _store.Messages.UpdateStatusAsync(new MessageStatusUpdate
        {
            MessageSid = message.Sid,
            Status = MessageStatus.Sent,
            At = sentAt,
            Carrier = "c1",
            CarrierMessageId = "abc",
        }, CancellationToken.None);
        bool delivered = await _store.Messages.UpdateStatusAsync(new MessageStatusUpdate
        {
            MessageSid = message.Sid,
            Status = MessageStatus.Delivered,
            At = deliveredAt,
            CarrierMessageId = "abc",
        }, CancellationToken.None);
        SmsMessage? read = await _store.Messages.GetAsync(_account.Sid, message.Sid, CancellationToken.None);

        Assert.That(sent, Is.True);
        Assert.That(delivered, Is.True);
        Assert.That(read!.Status, Is.EqualTo(MessageStatus.Delivered));
        Assert.That(read.DateSent, Is.EqualTo(sentAt), "set on the first change to sent");
        Assert.That(read.DateUpdated, Is.EqualTo(deliveredAt));
        Assert.That(read.Carrier, Is.EqualTo("c1"), "kept when a later update names no carrier");
        Assert.That(read.StatusHistory, Is.EqualTo(new[]
        {
            new MessageStatusChange(MessageStatus.Sending, TestStore.T0),
            new MessageStatusChange(MessageStatus.Sent, sentAt, "c1", "abc"),
            new MessageStatusChange(MessageStatus.Delivered, deliveredAt, null, "abc"),
        }));
    }

    [TestCase(MessageStatus.Delivered, MessageStatus.Sent)]
    [TestCase(MessageStatus.Undelivered, MessageStatus.Sent)]
    [TestCase(MessageStatus.Failed, MessageStatus.Sending)]
    [TestCase(MessageStatus.Delivered, MessageStatus.Undelivered)]
    [TestCase(MessageStatus.Undelivered, MessageStatus.Delivered)]
    public async Task UpdateStatusAsync_AfterFinal_IsRefusedAndChangesNothing(MessageStatus final, MessageStatus late)
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { Status = MessageStatus.Sent };
        await _store.Messages.InsertAsync(message, CancellationToken.None);
        await _store.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = message.Sid, Status = final, At = TestStore.T0.AddSeconds(5), ErrorCode = 30005 },
            CancellationToken.None);

        bool applied = await _store.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = message.Sid, Status = late, At = TestStore.T0.AddSeconds(6) },
            CancellationToken.None);
        SmsMessage? read = await _store.Messages.GetAsync(_account.Sid, message.Sid, CancellationToken.None);

        Assert.That(applied, Is.False);
        Assert.That(read!.Status, Is.EqualTo(final));
        Assert.That(read.ErrorCode, Is.EqualTo(30005));
        Assert.That(read.DateUpdated, Is.EqualTo(TestStore.T0.AddSeconds(5)));
        Assert.That(read.StatusHistory, Has.Count.EqualTo(2), "a refused change leaves no history entry");
    }

    [Test]
    public async Task UpdateStatusAsync_IntermediateAfterIntermediate_Applies()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { Status = MessageStatus.Sent };
        await _store.Messages.InsertAsync(message, CancellationToken.None);

        bool applied = await _store.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = message.Sid, Status = MessageStatus.Sent, At = TestStore.T0.AddSeconds(3) },
            CancellationToken.None);

        Assert.That(applied, Is.True);
    }

    [Test]
    public async Task UpdateStatusAsync_UnknownMessage_ReturnsFalse()
    {
        bool applied = await _store.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = Sids.NewMessageSid(), Status = MessageStatus.Sent, At = TestStore.T0 },
            CancellationToken.None);

        Assert.That(applied, Is.False);
    }

    [Test]
    public async Task UpdateStatusAsync_ErrorThenSuccess_ReplacesTheError()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { Status = MessageStatus.Sending };
        await _store.Messages.InsertAsync(message, CancellationToken.None);
        await _store.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = message.Sid, Status = MessageStatus.Sending, At = TestStore.T0.AddSeconds(1), ErrorCode = 30001, ErrorMessage = "Queue overflow" },
            CancellationToken.None);
        await _store.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = message.Sid, Status = MessageStatus.Sent, At = TestStore.T0.AddSeconds(2) },
            CancellationToken.None);

        SmsMessage? read = await _store.Messages.GetAsync(_account.Sid, message.Sid, CancellationToken.None);

        Assert.That(read!.ErrorCode, Is.Null);
        Assert.That(read.ErrorMessage, Is.Null);
        Assert.That(read.StatusHistory[1].ErrorCode, Is.EqualTo(30001), "the history keeps it");
    }

    [Test]
    public async Task FindByCarrierMessageIdAsync_RecordedSegment_FindsMessageAndSegment()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid) with { NumSegments = 2, Carrier = "c1" };
        await _store.Messages.InsertAsync(message, CancellationToken.None);

        bool first = await _store.Messages.RecordCarrierMessageIdAsync(message.Sid, 0, "c1", "0a1b", CancellationToken.None);
        bool second = await _store.Messages.RecordCarrierMessageIdAsync(message.Sid, 1, "c1", "0a1c", CancellationToken.None);
        CarrierMessageMatch? match = await _store.Messages.FindByCarrierMessageIdAsync("c1", "0a1c", CancellationToken.None);

        Assert.That(first && second, Is.True);
        Assert.That(match, Is.Not.Null);
        Assert.That(match!.Message.Sid, Is.EqualTo(message.Sid));
        Assert.That(match.SegmentIndex, Is.EqualTo(1));
        Assert.That(match.Message.CarrierMessageIds, Is.EqualTo(new[] { "0a1b", "0a1c" }));
        Assert.That(match.Message.StatusHistory, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task FindByCarrierMessageIdAsync_OtherCarrierOrUnknownId_ReturnsNull()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid);
        await _store.Messages.InsertAsync(message, CancellationToken.None);
        await _store.Messages.RecordCarrierMessageIdAsync(message.Sid, 0, "c1", "42", CancellationToken.None);

        Assert.That(await _store.Messages.FindByCarrierMessageIdAsync("c2", "42", CancellationToken.None), Is.Null);
        Assert.That(await _store.Messages.FindByCarrierMessageIdAsync("c1", "43", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task FindByCarrierMessageIdAsync_IdReused_ReturnsNewestMessage()
    {
        SmsMessage old = TestStore.NewMessage(_account.Sid, TestStore.T0);
        SmsMessage recent = TestStore.NewMessage(_account.Sid, TestStore.T0.AddDays(3));
        await _store.Messages.InsertAsync(recent, CancellationToken.None);
        await _store.Messages.InsertAsync(old, CancellationToken.None);
        await _store.Messages.RecordCarrierMessageIdAsync(recent.Sid, 0, "c1", "7", CancellationToken.None);
        await _store.Messages.RecordCarrierMessageIdAsync(old.Sid, 0, "c1", "7", CancellationToken.None);

        CarrierMessageMatch? match = await _store.Messages.FindByCarrierMessageIdAsync("c1", "7", CancellationToken.None);

        Assert.That(match!.Message.Sid, Is.EqualTo(recent.Sid));
    }

    [Test]
    public async Task RecordCarrierMessageIdAsync_SameSegmentAgain_ReplacesTheId()
    {
        SmsMessage message = TestStore.NewMessage(_account.Sid);
        await _store.Messages.InsertAsync(message, CancellationToken.None);
        await _store.Messages.RecordCarrierMessageIdAsync(message.Sid, 0, "c1", "old", CancellationToken.None);

        await _store.Messages.RecordCarrierMessageIdAsync(message.Sid, 0, "c2", "new", CancellationToken.None);

        Assert.That(await _store.Messages.FindByCarrierMessageIdAsync("c1", "old", CancellationToken.None), Is.Null);
        Assert.That((await _store.Messages.FindByCarrierMessageIdAsync("c2", "new", CancellationToken.None))?.Message.Sid, Is.EqualTo(message.Sid));
    }

    [Test]
    public async Task RecordCarrierMessageIdAsync_UnknownMessage_ReturnsFalse()
    {
        bool recorded = await _store.Messages.RecordCarrierMessageIdAsync(Sids.NewMessageSid(), 0, "c1", "1", CancellationToken.None);

        Assert.That(recorded, Is.False);
    }
}
