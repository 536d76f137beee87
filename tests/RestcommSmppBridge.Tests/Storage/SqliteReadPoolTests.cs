using System.Data;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteReadPoolTests
{
    private const string CountAccounts = "SELECT COUNT(*) FROM accounts;";

    [Test]
    public async Task Rent_AfterReturn_SameConnectionWithItsPreparedStatement()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteReadPool pool = store.Database.Reads;

        SqliteWriteContext first = pool.Rent();
        Microsoft.Data.Sqlite.SqliteCommand prepared = first.Prepared(CountAccounts);
        pool.Return(first);
        SqliteWriteContext second = pool.Rent();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(second.Prepared(CountAccounts), Is.SameAs(prepared), "the statement is not compiled again");
            Assert.That(second.Connection.State, Is.EqualTo(ConnectionState.Open));
        });
        pool.Return(second);
    }

    [Test]
    public async Task Return_Broken_ConnectionClosedAndNotHandedOutAgain()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteReadPool pool = store.Database.Reads;

        SqliteWriteContext used = pool.Rent();
        pool.Return(used, broken: true);
        SqliteWriteContext next = pool.Rent();

        Assert.Multiple(() =>
        {
            Assert.That(used.Connection.State, Is.EqualTo(ConnectionState.Closed));
            Assert.That(next, Is.Not.SameAs(used));
        });
        pool.Return(next);
    }

    [Test]
    public async Task Return_MoreThanMaxIdle_ExtraConnectionsClosed()
    {
        await using TestStore store = await TestStore.OpenAsync();
        using SqliteReadPool pool = new(store.Database, maxIdle: 2);
        SqliteWriteContext[] rented = [pool.Rent(), pool.Rent(), pool.Rent()];

        foreach (SqliteWriteContext context in rented)
        {
            pool.Return(context);
        }

        Assert.That(rented.Count(c => c.Connection.State == ConnectionState.Open), Is.EqualTo(2));
    }

    [Test]
    public async Task Dispose_IdleAndLaterReturnedConnectionsClosed()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteReadPool pool = new(store.Database, maxIdle: 4);
        SqliteWriteContext idle = pool.Rent();
        SqliteWriteContext inUse = pool.Rent();
        pool.Return(idle);

        pool.Dispose();
        pool.Return(inUse);

        Assert.Multiple(() =>
        {
            Assert.That(idle.Connection.State, Is.EqualTo(ConnectionState.Closed));
            Assert.That(inUse.Connection.State, Is.EqualTo(ConnectionState.Closed));
        });
    }
}
