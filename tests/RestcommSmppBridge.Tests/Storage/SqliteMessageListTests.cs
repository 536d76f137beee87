using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteMessageListTests
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
    public async Task ListAsync_NoFilter_NewestFirstWithTotal()
    {
        SmsMessage[] messages = await InsertAsync(
            Make(to: "+1000", created: TestStore.T0),
            Make(to: "+1001", created: TestStore.T0.AddMinutes(2)),
            Make(to: "+1002", created: TestStore.T0.AddMinutes(1)));

        MessagePage page = await ListAsync(new MessageQuery());

        Assert.That(page.Total, Is.EqualTo(3));
        Assert.That(Sids(page), Is.EqualTo(new[] { messages[1].Sid, messages[2].Sid, messages[0].Sid }));
        Assert.That(page.Items[0].StatusHistory, Is.Empty, "lists carry no history");
    }

    [TestCase("2222", 2)]
    [TestCase("+15550002222", 1)]
    [TestCase("555", 0)]
    [TestCase("%", 1)]
    [TestCase("_2", 1)]
    [TestCase("\\", 1)]
    public async Task ListAsync_ToFilter_SuffixMatchWithWildcardsLiteral(string filter, int expected)
    {
        await InsertAsync(
            Make(to: "+15550002222"),
            Make(to: "+442222"),
            Make(to: "+1555000222"),
            Make(to: "100%"),
            Make(to: "a_2"),
            Make(to: "back\\"));

        MessagePage page = await ListAsync(new MessageQuery { To = filter });

        Assert.That(page.Total, Is.EqualTo(expected));
        Assert.That(page.Items, Has.Count.EqualTo(expected));
    }

    [Test]
    public async Task ListAsync_FromFilter_SuffixMatch()
    {
        SmsMessage[] messages = await InsertAsync(Make(from: "+15551110000"), Make(from: "+15550001111"));

        MessagePage page = await ListAsync(new MessageQuery { From = "1111" });

        Assert.That(Sids(page), Is.EqualTo(new[] { messages[1].Sid }));
    }

    [TestCase("ell", 2)]
    [TestCase("50%", 1)]
    [TestCase("%", 1)]
    [TestCase("a_b", 1)]
    [TestCase("_", 1)]
    [TestCase("nothing", 0)]
    public async Task ListAsync_BodyFilter_ContainsWithWildcardsLiteral(string filter, int expected)
    {
        await InsertAsync(Make(body: "hello"), Make(body: "yellow"), Make(body: "save 50% now"), Make(body: "a_b"), Make(body: "axb 50 off"));

        MessagePage page = await ListAsync(new MessageQuery { Body = filter });

        Assert.That(page.Total, Is.EqualTo(expected));
    }

    [Test]
    public async Task ListAsync_StatusFilter_LimitsItemsAndTotal()
    {
        await InsertAsync(
            Make(status: MessageStatus.Sent),
            Make(status: MessageStatus.Received),
            Make(status: MessageStatus.Sent),
            Make(status: MessageStatus.Failed));

        MessagePage page = await ListAsync(new MessageQuery { Status = MessageStatus.Sent, PageSize = 1 });

        Assert.That(page.Total, Is.EqualTo(2), "Restcomm counted every status here; we apply the filter to the total too");
        Assert.That(page.Items, Has.Count.EqualTo(1));
        Assert.That(page.Items[0].Status, Is.EqualTo(MessageStatus.Sent));
    }

    [Test]
    public async Task ListAsync_DateRange_InclusiveDaysInUtc()
    {
        DateTimeOffset day1 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        SmsMessage[] messages = await InsertAsync(
            Make(created: day1.AddTicks(-1)),
            Make(created: day1),
            Make(created: day1.AddDays(1).AddHours(23).AddMinutes(59)),
            Make(created: day1.AddDays(2)));

        MessagePage both = await ListAsync(new MessageQuery { StartTime = new DateOnly(2025, 5, 1), EndTime = new DateOnly(2025, 5, 2) });
        MessagePage from = await ListAsync(new MessageQuery { StartTime = new DateOnly(2025, 5, 2) });
        MessagePage until = await ListAsync(new MessageQuery { EndTime = new DateOnly(2025, 4, 30) });

        Assert.That(Sids(both), Is.EquivalentTo(new[] { messages[1].Sid, messages[2].Sid }));
        Assert.That(Sids(from), Is.EquivalentTo(new[] { messages[2].Sid, messages[3].Sid }));
        Assert.That(Sids(until), Is.EquivalentTo(new[] { messages[0].Sid }));
    }

    [Test]
    public async Task ListAsync_FiltersCombine()
    {
        SmsMessage[] messages = await InsertAsync(
            Make(to: "+12", body: "x", status: MessageStatus.Sent),
            Make(to: "+12", body: "x", status: MessageStatus.Failed),
            Make(to: "+13", body: "x", status: MessageStatus.Sent));

        MessagePage page = await ListAsync(new MessageQuery { To = "2", Body = "x", Status = MessageStatus.Sent });

        Assert.That(Sids(page), Is.EqualTo(new[] { messages[0].Sid }));
    }

    [TestCase(MessageSortField.From, SortDirection.Ascending, new[] { 0, 1, 2 })]
    [TestCase(MessageSortField.From, SortDirection.Descending, new[] { 2, 1, 0 })]
    [TestCase(MessageSortField.To, SortDirection.Ascending, new[] { 2, 0, 1 })]
    [TestCase(MessageSortField.Body, SortDirection.Ascending, new[] { 1, 2, 0 })]
    [TestCase(MessageSortField.Status, SortDirection.Ascending, new[] { 2, 1, 0 })]
    [TestCase(MessageSortField.Direction, SortDirection.Descending, new[] { 1, 2, 0 })]
    [TestCase(MessageSortField.Price, SortDirection.Descending, new[] { 0, 2, 1 })]
    [TestCase(MessageSortField.DateCreated, SortDirection.Ascending, new[] { 0, 1, 2 })]
    public async Task ListAsync_SortBy_OrdersByTheField(MessageSortField field, SortDirection direction, int[] expectedOrder)
    {
        SmsMessage[] messages = await InsertAsync(
            Make(from: "a", to: "b", body: "z", status: MessageStatus.Sent, direction: MessageDirection.Inbound, price: "3", created: TestStore.T0),
            Make(from: "b", to: "c", body: "x", status: MessageStatus.Received, direction: MessageDirection.OutboundReply, price: "1", created: TestStore.T0.AddSeconds(1)),
            Make(from: "c", to: "a", body: "y", status: MessageStatus.Failed, direction: MessageDirection.OutboundApi, price: "2", created: TestStore.T0.AddSeconds(2)));

        MessagePage page = await ListAsync(new MessageQuery { SortBy = field, SortDirection = direction });

        Assert.That(Sids(page), Is.EqualTo(Array.ConvertAll(expectedOrder, i => messages[i].Sid)));
    }

    [Test]
    public void ListAsync_SortFieldOutsideWhitelist_Throws()
    {
        Assert.That(
            () => ListAsync(new MessageQuery { SortBy = (MessageSortField)99 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task ListAsync_Paging_WalksEveryItemOnceInOrder()
    {
        List<SmsMessage> made = [];
        for (int i = 0; i < 7; i++)
        {
            made.Add(Make(created: TestStore.T0.AddSeconds(i)));
        }

        await InsertAsync([.. made]);
        List<string> seen = [];
        for (int p = 0; p < 4; p++)
        {
            MessagePage page = await ListAsync(new MessageQuery { Page = p, PageSize = 2, SortDirection = SortDirection.Ascending });
            Assert.That(page.Total, Is.EqualTo(7));
            Assert.That(page.Page, Is.EqualTo(p));
            Assert.That(page.PageSize, Is.EqualTo(2));
            seen.AddRange(Sids(page));
        }

        Assert.That(seen, Is.EqualTo(made.ConvertAll(m => m.Sid)));
        Assert.That((await ListAsync(new MessageQuery { Page = 9, PageSize = 2 })).Items, Is.Empty);
    }

    [TestCase(-1, 10)]
    [TestCase(0, 0)]
    public void ListAsync_BadPage_Throws(int page, int pageSize)
    {
        Assert.That(
            () => ListAsync(new MessageQuery { Page = page, PageSize = pageSize }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task ListAsync_OtherAccountsMessages_NeverListedOrCounted()
    {
        Account other = await _store.AddAccountAsync("b");
        await InsertAsync(Make(), Make());
        await _store.Messages.InsertAsync(TestStore.NewMessage(other.Sid), CancellationToken.None);

        MessagePage mine = await ListAsync(new MessageQuery());
        MessagePage theirs = await _store.Messages.ListAsync(other.Sid, new MessageQuery(), CancellationToken.None);

        Assert.That(mine.Total, Is.EqualTo(2));
        Assert.That(mine.Items, Has.All.Property(nameof(SmsMessage.AccountSid)).EqualTo(_account.Sid));
        Assert.That(theirs.Total, Is.EqualTo(1));
    }

    private static string[] Sids(MessagePage page) => page.Items.Select(m => m.Sid).ToArray();

    private SmsMessage Make(
        string from = "+15550001111",
        string to = "+15550002222",
        string body = "hello",
        MessageStatus status = MessageStatus.Sent,
        MessageDirection direction = MessageDirection.OutboundApi,
        string price = "0",
        DateTimeOffset? created = null) =>
        TestStore.NewMessage(_account.Sid, created) with
        {
            From = from,
            To = to,
            Body = body,
            Status = status,
            Direction = direction,
            Price = price,
        };

    private async Task<SmsMessage[]> InsertAsync(params SmsMessage[] messages)
    {
        foreach (SmsMessage message in messages)
        {
            await _store.Messages.InsertAsync(message, CancellationToken.None);
        }

        return messages;
    }

    private Task<MessagePage> ListAsync(MessageQuery query) => _store.Messages.ListAsync(_account.Sid, query, CancellationToken.None);
}
