using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqlitePhoneNumberStoreTests
{
    private TestStore _store = null!;
    private Account _a = null!;
    private Account _b = null!;

    [SetUp]
    public async Task SetUp()
    {
        _store = await TestStore.OpenAsync();
        _a = await _store.AddAccountAsync("a");
        _b = await _store.AddAccountAsync("b");
    }

    [TearDown]
    public async Task TearDown() => await _store.DisposeAsync();

    [Test]
    public async Task CreateAsync_EveryField_ReadsBackByAccountAndByNumber()
    {
        IncomingPhoneNumber number = Number(_a, "+15550001000") with
        {
            FriendlyName = "support",
            SmsUrl = "https://app.example/sms",
            SmsMethod = "GET",
            SmsFallbackUrl = "https://fallback.example/sms",
            SmsFallbackMethod = "GET",
            SmsStatusCallback = "https://app.example/status",
            DateUpdated = TestStore.T0.AddHours(1),
        };

        PhoneNumberWriteResult result = await _store.Numbers.CreateAsync(number, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PhoneNumberWriteResult.Applied));
        Assert.That(await _store.Numbers.GetAsync(_a.Sid, number.Sid, CancellationToken.None), Is.EqualTo(number));
        Assert.That(await _store.Numbers.FindByNumberAsync("+15550001000", CancellationToken.None), Is.EqualTo(number));
        Assert.That(await _store.Numbers.FindByNumberAsync("15550001000", CancellationToken.None), Is.Null, "exact match only");
    }

    [Test]
    public async Task CreateAsync_NumberHeldByAnyAccount_Conflict()
    {
        await _store.Numbers.CreateAsync(Number(_a, "+1555"), CancellationToken.None);

        PhoneNumberWriteResult sameAccount = await _store.Numbers.CreateAsync(Number(_a, "+1555"), CancellationToken.None);
        PhoneNumberWriteResult otherAccount = await _store.Numbers.CreateAsync(Number(_b, "+1555"), CancellationToken.None);

        Assert.That(sameAccount, Is.EqualTo(PhoneNumberWriteResult.Conflict));
        Assert.That(otherAccount, Is.EqualTo(PhoneNumberWriteResult.Conflict));
        Assert.That((await _store.Numbers.ListAsync(_b.Sid, new PhoneNumberQuery(), CancellationToken.None)).Total, Is.Zero);
    }

    [Test]
    public async Task GetUpdateDelete_OtherAccount_NeverSeesOrTouchesIt()
    {
        IncomingPhoneNumber number = Number(_a, "+1666");
        await _store.Numbers.CreateAsync(number, CancellationToken.None);

        Assert.That(await _store.Numbers.GetAsync(_b.Sid, number.Sid, CancellationToken.None), Is.Null);
        Assert.That(await _store.Numbers.UpdateAsync(number with { AccountSid = _b.Sid, FriendlyName = "x" }, CancellationToken.None), Is.EqualTo(PhoneNumberWriteResult.NotFound));
        Assert.That(await _store.Numbers.DeleteAsync(_b.Sid, number.Sid, CancellationToken.None), Is.False);
        Assert.That(await _store.Numbers.GetAsync(_a.Sid, number.Sid, CancellationToken.None), Is.EqualTo(number));
    }

    [Test]
    public async Task UpdateAsync_Existing_ReplacesFieldsButKeepsDateCreated()
    {
        IncomingPhoneNumber number = Number(_a, "+1777");
        await _store.Numbers.CreateAsync(number, CancellationToken.None);
        IncomingPhoneNumber changed = number with
        {
            PhoneNumber = "+1778",
            SmsUrl = "https://new.example/",
            DateCreated = TestStore.T0.AddYears(1),
            DateUpdated = TestStore.T0.AddMinutes(5),
        };

        PhoneNumberWriteResult result = await _store.Numbers.UpdateAsync(changed, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PhoneNumberWriteResult.Applied));
        Assert.That(await _store.Numbers.GetAsync(_a.Sid, number.Sid, CancellationToken.None), Is.EqualTo(changed with { DateCreated = number.DateCreated }));
        Assert.That(await _store.Numbers.FindByNumberAsync("+1777", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task UpdateAsync_ToANumberHeldElsewhere_ConflictAndUnchanged()
    {
        IncomingPhoneNumber mine = Number(_a, "+1888");
        await _store.Numbers.CreateAsync(mine, CancellationToken.None);
        await _store.Numbers.CreateAsync(Number(_b, "+1999"), CancellationToken.None);

        PhoneNumberWriteResult result = await _store.Numbers.UpdateAsync(mine with { PhoneNumber = "+1999" }, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PhoneNumberWriteResult.Conflict));
        Assert.That((await _store.Numbers.GetAsync(_a.Sid, mine.Sid, CancellationToken.None))?.PhoneNumber, Is.EqualTo("+1888"));
    }

    [Test]
    public async Task DeleteAsync_Existing_RemovesItAndFreesTheNumber()
    {
        IncomingPhoneNumber number = Number(_a, "+1222");
        await _store.Numbers.CreateAsync(number, CancellationToken.None);

        bool deleted = await _store.Numbers.DeleteAsync(_a.Sid, number.Sid, CancellationToken.None);

        Assert.That(deleted, Is.True);
        Assert.That(await _store.Numbers.FindByNumberAsync("+1222", CancellationToken.None), Is.Null);
        Assert.That(await _store.Numbers.CreateAsync(Number(_b, "+1222"), CancellationToken.None), Is.EqualTo(PhoneNumberWriteResult.Applied));
    }

    [Test]
    public async Task ListAsync_PagesAndFilters_WithinTheAccountOnly()
    {
        for (int i = 0; i < 5; i++)
        {
            await _store.Numbers.CreateAsync(Number(_a, "+100" + i, TestStore.T0.AddSeconds(i)) with { FriendlyName = i % 2 == 0 ? "even_%" : "odd" }, CancellationToken.None);
        }

        await _store.Numbers.CreateAsync(Number(_b, "+1009"), CancellationToken.None);

        PhoneNumberPage second = await _store.Numbers.ListAsync(_a.Sid, new PhoneNumberQuery { Page = 1, PageSize = 2 }, CancellationToken.None);
        PhoneNumberPage even = await _store.Numbers.ListAsync(_a.Sid, new PhoneNumberQuery { FriendlyName = "n_%" }, CancellationToken.None);
        PhoneNumberPage byNumber = await _store.Numbers.ListAsync(_a.Sid, new PhoneNumberQuery { PhoneNumber = "003" }, CancellationToken.None);

        Assert.That(second.Total, Is.EqualTo(5));
        Assert.That(second.Items.Select(n => n.PhoneNumber), Is.EqualTo(new[] { "+1002", "+1003" }));
        Assert.That(even.Total, Is.EqualTo(3), "'_' and '%' are literal");
        Assert.That(byNumber.Items.Select(n => n.PhoneNumber), Is.EqualTo(new[] { "+1003" }));
    }

    [Test]
    public void CreateAsync_UnknownAccount_Fails()
    {
        IncomingPhoneNumber number = Number(_a, "+1333") with { AccountSid = RestcommSmppBridge.Storage.Sids.NewAccountSid() };

        Assert.That(async () => await _store.Numbers.CreateAsync(number, CancellationToken.None), Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>());
    }

    private static IncomingPhoneNumber Number(Account account, string phoneNumber, DateTimeOffset? created = null) => new()
    {
        Sid = RestcommSmppBridge.Storage.Sids.NewPhoneNumberSid(),
        AccountSid = account.Sid,
        PhoneNumber = phoneNumber,
        DateCreated = created ?? TestStore.T0,
        DateUpdated = created ?? TestStore.T0,
    };
}
