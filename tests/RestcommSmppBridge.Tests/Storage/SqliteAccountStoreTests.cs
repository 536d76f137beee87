using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteAccountStoreTests
{
    [Test]
    public async Task UpsertAsync_New_ReadsBackEveryField()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = new()
        {
            Sid = Sids.NewAccountSid(),
            AuthToken = "secret",
            Status = AccountStatus.Suspended,
            FriendlyName = "Acme",
            DateCreated = TestStore.T0,
            DateUpdated = TestStore.T0.AddDays(1),
        };

        await store.Accounts.UpsertAsync(account, CancellationToken.None);

        Assert.That(await store.Accounts.GetAsync(account.Sid, CancellationToken.None), Is.EqualTo(account));
        Assert.That(await store.Accounts.GetAsync(Sids.NewAccountSid(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task GetAsync_AfterUpsertOfCachedAccount_SeesNewTokenAndStatus()
    {
        // Accounts are cached for authentication; an upsert must never leave the old token or status readable.
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync("cached");
        Assert.That((await store.Accounts.GetAsync(account.Sid, CancellationToken.None))!.AuthToken, Is.EqualTo("token-cached"));

        await store.Accounts.UpsertAsync(account with { AuthToken = "rotated", Status = AccountStatus.Suspended }, CancellationToken.None);
        Account? again = await store.Accounts.GetAsync(account.Sid, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(again!.AuthToken, Is.EqualTo("rotated"));
            Assert.That(again.Status, Is.EqualTo(AccountStatus.Suspended));
        });
    }

    [Test]
    public async Task TryGetKnown_OnlyAfterARead_AndNotAfterAnUpsert()
    {
        // The authentication's fast path: a hit costs no read; a miss (never read, or changed since) sends the caller
        // to GetAsync, so a rotated token is never answered from memory.
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync("known");

        // The span form (the one the API uses) is checked beside the string form at every step.
        bool beforeRead = store.Accounts.TryGetKnown(account.Sid, out _);
        bool beforeReadBySpan = store.Accounts.TryGetKnown(account.Sid.AsSpan(), out _);
        Account? read = await store.Accounts.GetAsync(account.Sid, CancellationToken.None);
        bool afterRead = store.Accounts.TryGetKnown(account.Sid, out Account? known);
        bool afterReadBySpan = store.Accounts.TryGetKnown(account.Sid.ToCharArray().AsSpan(), out Account? knownBySpan);
        await store.Accounts.UpsertAsync(account with { AuthToken = "rotated" }, CancellationToken.None);
        bool afterUpsert = store.Accounts.TryGetKnown(account.Sid, out _);
        bool afterUpsertBySpan = store.Accounts.TryGetKnown(account.Sid.AsSpan(), out _);

        Assert.Multiple(() =>
        {
            Assert.That(beforeRead, Is.False);
            Assert.That(beforeReadBySpan, Is.False);
            Assert.That(afterRead, Is.True);
            Assert.That(afterReadBySpan, Is.True);
            Assert.That(known, Is.EqualTo(read));
            Assert.That(knownBySpan, Is.SameAs(known));
            Assert.That(afterUpsert, Is.False);
            Assert.That(afterUpsertBySpan, Is.False);
            Assert.That(store.Accounts.TryGetKnown(Sids.NewAccountSid(), out _), Is.False);
            Assert.That(store.Accounts.TryGetKnown(Sids.NewAccountSid().AsSpan(), out _), Is.False);
        });
    }

    [Test]
    public async Task UpsertAsync_Existing_ReplacesButKeepsDateCreated()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync("first");
        Account changed = account with
        {
            AuthToken = "rotated",
            Status = AccountStatus.Closed,
            FriendlyName = "second",
            DateCreated = TestStore.T0.AddYears(1),
            DateUpdated = TestStore.T0.AddHours(2),
        };

        await store.Accounts.UpsertAsync(changed, CancellationToken.None);

        Assert.That(await store.Accounts.GetAsync(account.Sid, CancellationToken.None), Is.EqualTo(changed with { DateCreated = account.DateCreated }));
        Assert.That(await store.Accounts.ListAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ListAsync_Several_OrderedByCreation()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account later = new() { Sid = Sids.NewAccountSid(), AuthToken = "t", DateCreated = TestStore.T0.AddDays(1), DateUpdated = TestStore.T0 };
        Account earlier = new() { Sid = Sids.NewAccountSid(), AuthToken = "t", DateCreated = TestStore.T0, DateUpdated = TestStore.T0 };
        await store.Accounts.UpsertAsync(later, CancellationToken.None);
        await store.Accounts.UpsertAsync(earlier, CancellationToken.None);

        IReadOnlyList<Account> accounts = await store.Accounts.ListAsync(CancellationToken.None);

        Assert.That(accounts, Is.EqualTo(new[] { earlier, later }));
    }

    [Test]
    public void ToString_Account_DoesNotContainTheToken()
    {
        Account account = new() { Sid = Sids.NewAccountSid(), AuthToken = "very-secret-token" };

        Assert.That(account.ToString(), Does.Not.Contain("very-secret-token").And.Contain(account.Sid));
    }
}
