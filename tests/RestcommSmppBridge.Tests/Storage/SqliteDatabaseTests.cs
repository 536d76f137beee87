using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteDatabaseTests
{
    [Test]
    public async Task Initialize_NewFile_CreatesFolderAppliesEachMigrationOnceAndLogsIt()
    {
        await using TestStore store = await TestStore.OpenAsync();

        Assert.That(File.Exists(Path.Combine(store.Folder, "db", "bridge.db")), Is.True);
        Assert.That(store.CountRows("schema_version"), Is.EqualTo(SqliteMigrations.All.Count));
        Assert.That(store.Logger.Count(4000), Is.EqualTo(SqliteMigrations.All.Count), "one MigrationApplied line per applied migration");
        Assert.That(store.Logger.Count(4001), Is.EqualTo(1), "StoreReady");
    }

    [Test]
    public async Task Reads_FileGoneUnderTheStore_FailAsStoreUnavailableWithSqlitesError()
    {
        // Every read of every store: a failure of the file (here: it cannot be opened) is the store's "try again",
        // with SQLite's error inside. The API turns it into 503 with Retry-After; the background services (receipt
        // matching, the MO number lookup, callbacks, webhooks, reassembly) log it and retry; the metrics leave the
        // gauge out of the scrape.
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        SqliteOperationsStore operations = new(store.Database);
        SqliteStatusCallbackStore callbacks = new(store.Database);
        SqliteInboundStore inbound = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(message, CancellationToken.None);
        File.Delete(store.Database.FullPath);
        Directory.CreateDirectory(store.Database.FullPath);
        SqliteConnection.ClearAllPools();

        Func<Task>[] reads =
        [
            () => store.Messages.GetAsync(account.Sid, message.Sid, CancellationToken.None),
            () => store.Messages.ListAsync(account.Sid, new MessageQuery(), CancellationToken.None),
            () => store.Numbers.GetAsync(account.Sid, Sids.NewPhoneNumberSid(), CancellationToken.None),
            () => store.Numbers.ListAsync(account.Sid, new PhoneNumberQuery(), CancellationToken.None),
            () => store.Accounts.GetAsync(Sids.NewAccountSid(), CancellationToken.None),
            () => store.Accounts.ListAsync(CancellationToken.None),
            () => store.Numbers.FindByNumberAsync("+15550001234", CancellationToken.None),
            () => store.Messages.FindByCarrierMessageIdAsync("demo", "0a1b", CancellationToken.None),
            () => outbox.GetPendingCallbacksAsync(message.Sid, CancellationToken.None),
            () => outbox.GetPartlySentAsync(message.Sid, CancellationToken.None),
            () => outbox.ListOwedCallbacksAsync(0, 10, CancellationToken.None),
            () => Task.FromResult(operations.CountOutbox()),
            () => operations.GetCarrierPausesAsync(CancellationToken.None),
            () => Task.FromResult(callbacks.CountFailedCallbacks()),
            () => callbacks.ListFailedCallbacksAsync(new FailedStatusCallbackQuery { Max = 10 }, CancellationToken.None),
            () => inbound.ListExpiredPartsAsync(TestStore.T0, 10, CancellationToken.None),
            () => inbound.CountPendingWebhooksAsync(CancellationToken.None),
            () => inbound.GetWebhookAsync(message.Sid, CancellationToken.None),
        ];

        foreach (Func<Task> read in reads)
        {
            StoreUnavailableException? failure = await Assert.CatchAsync<StoreUnavailableException>(async () => await read());
            Assert.That(failure?.InnerException, Is.InstanceOf<SqliteException>().With.Property(nameof(SqliteException.SqliteErrorCode)).EqualTo(14));
        }
    }

    [Test]
    public async Task ReadFailure_FileGoneThenBack_ReportedToReadinessUntilAReadSucceeds()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(message, CancellationToken.None);
        IStoreHealth health = store.Database;
        string aside = store.Database.FullPath + ".aside";
        File.Move(store.Database.FullPath, aside);
        Directory.CreateDirectory(store.Database.FullPath);
        SqliteConnection.ClearAllPools();

        Assert.That(async () => await store.Messages.GetAsync(account.Sid, message.Sid, CancellationToken.None),
            Throws.InstanceOf<StoreUnavailableException>());
        StoreFailure? failed = health.LastReadFailure;
        Directory.Delete(store.Database.FullPath);
        File.Move(aside, store.Database.FullPath);
        SmsMessage? read = await store.Messages.GetAsync(account.Sid, message.Sid, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failed?.At, Is.EqualTo(store.Time.GetUtcNow()));
            Assert.That(failed?.Error, Does.Contain("unable to open database file"));
            Assert.That(read?.Sid, Is.EqualTo(message.Sid), "the file is back");
            Assert.That(health.LastReadFailure, Is.Null, "a read that succeeds clears it");
            Assert.That(health.LastFailure, Is.Null, "no write failed");
        });
    }

    [Test]
    public async Task Initialize_Restart_AppliesNothingAgainAndKeepsData()
    {
        string folder = TestStore.NewFolder();
        TestStore first = await TestStore.OpenAsync(folder);
        Account account = await first.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await first.Messages.InsertAsync(message, CancellationToken.None);
        await first.CloseAsync();

        await using TestStore second = await TestStore.OpenAsync(folder);

        Assert.That(second.Logger.Count(4000), Is.Zero, "no migration is applied twice");
        Assert.That(second.CountRows("schema_version"), Is.EqualTo(SqliteMigrations.All.Count));
        SmsMessage? read = await second.Messages.GetAsync(account.Sid, message.Sid, CancellationToken.None);
        Assert.That(read?.Body, Is.EqualTo("hello"), "the committed row survives a close and reopen of the file");
    }

    [Test]
    public async Task Initialize_CalledTwice_ReturnsTheSameWork()
    {
        await using TestStore store = await TestStore.OpenAsync();

        await store.Database.InitializeAsync(CancellationToken.None);

        Assert.That(store.Logger.Count(4001), Is.EqualTo(1));
    }

    [Test]
    public async Task Initialize_FileFromNewerBuild_RefusesWithClearMessage()
    {
        string folder = TestStore.NewFolder();
        TestStore first = await TestStore.OpenAsync(folder);
        string path = first.Database.FullPath;
        await first.CloseAsync();
        using (SqliteConnection connection = new($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', 'x');";
            command.ExecuteNonQuery();
        }

        Assert.That(
            async () => await TestStore.OpenAsync(folder),
            Throws.InvalidOperationException.With.Message.Contain("schema version 99").And.Message.Contain("newer version"));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task Open_File_IsInWalMode()
    {
        await using TestStore store = await TestStore.OpenAsync();
        using SqliteConnection connection = store.Database.OpenConnection();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }

    [TestCase(StorageSynchronousMode.Normal, 1L)]
    [TestCase(StorageSynchronousMode.Full, 2L)]
    public async Task OpenConnection_Options_AppliesPerConnectionPragmas(StorageSynchronousMode mode, long expectedSynchronous)
    {
        await using TestStore store = await TestStore.OpenAsync(options: new StorageOptions
        {
            Path = "db/bridge.db",
            Synchronous = mode,
            BusyTimeout = TimeSpan.FromMilliseconds(1234),
        });
        using SqliteConnection connection = store.Database.OpenConnection();
        using SqliteCommand command = connection.CreateCommand();

        command.CommandText = "PRAGMA synchronous;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(expectedSynchronous));
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(1234L));
        command.CommandText = "PRAGMA foreign_keys;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(1L));
    }

    [TestCase(5, true)]
    [TestCase(13, true)]
    [TestCase(10 | (12 << 8), true)]
    [TestCase(19, false)]
    [TestCase(1, false)]
    public void IsEnvironmental_SqliteCodes_FileErrorsNotWriteErrors(int code, bool expected)
    {
        Assert.That(SqliteDatabase.IsEnvironmental(new SqliteException("x", code)), Is.EqualTo(expected));
    }
}
