using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// The write-ahead log is copied into the file by a background passive checkpoint (the automatic one, which runs
/// inside a commit and stalls its callers, is off), and folded in completely when the store closes.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteCheckpointerTests
{
    [Test]
    public async Task Timer_AfterWrites_CopiesTheLogIntoTheFile()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        for (int i = 0; i < 50; i++)
        {
            await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
        }

        long before = store.Database.Checkpointer.CheckpointCount;
        for (int step = 0; step < 500 && store.Database.Checkpointer.CheckpointCount == before; step++)
        {
            store.Time.Advance(store.Options.CheckpointInterval);
            await Task.Delay(2);
        }

        (long log, long copied) = store.Database.Checkpointer.LastResult;
        Assert.Multiple(() =>
        {
            Assert.That(store.Database.Checkpointer.CheckpointCount, Is.GreaterThan(before), "the timer ran a checkpoint");
            Assert.That(log, Is.GreaterThan(0), "the writes went to the log");
            Assert.That(copied, Is.EqualTo(log), "with no reader holding it back, everything is copied");
        });
    }

    /// <summary>
    /// Under continuous writes the background checkpoint never catches up, SQLite never starts the log again, and it
    /// grew without bound (1.6 GB in one REST load run). The tail checkpoint the writer runs between two batches lets
    /// the next transaction start the log again from its beginning, so later writes reuse the file instead of growing it.
    /// </summary>
    [Test]
    public async Task TailCheckpoint_Requested_LogStartsAgainInsteadOfGrowing()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        string wal = store.Database.FullPath + "-wal";
        await InsertAsync(store, account, 200);

        // The request is served after the next batch: that batch still goes to the end of the log.
        store.Database.Writer.RequestTailCheckpoint();
        await InsertAsync(store, account, 1);
        for (int step = 0; step < 1000 && store.Database.Writer.TailCheckpointCount == 0; step++)
        {
            await Task.Delay(5);
        }

        long grown = new FileInfo(wal).Length;
        await InsertAsync(store, account, 100);
        long afterRestart = new FileInfo(wal).Length;
        await InsertAsync(store, account, 300);
        long withoutCheckpoint = new FileInfo(wal).Length;

        Assert.Multiple(() =>
        {
            Assert.That(store.Database.Writer.TailCheckpointCount, Is.EqualTo(1));
            Assert.That(afterRestart, Is.EqualTo(grown), "100 writes after the tail checkpoint reused the start of the log");
            Assert.That(withoutCheckpoint, Is.GreaterThan(grown), "with no checkpoint since, 300 more writes grew it");
        });
    }

    /// <summary>
    /// Past the limit, the background side leaves the writer little to do: it copies what the writer appended while
    /// it ran, flushes the file system (Linux), and only then asks for the tail checkpoint, which starts the log again.
    /// </summary>
    [Test]
    public async Task Tick_LogPastItsLimit_CatchesUpFlushesAndRestartsTheLog()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        string wal = store.Database.FullPath + "-wal";
        await InsertAsync(store, account, 200);
        SqliteCheckpointer checkpointer = store.Database.Checkpointer;
        checkpointer.RestartLogFrames = 10;

        checkpointer.Tick();
        (long log, long copied) = checkpointer.LastResult;

        // The request is served after the next batch: that batch still goes to the end of the log.
        await InsertAsync(store, account, 1);
        for (int step = 0; step < 1000 && store.Database.Writer.TailCheckpointCount == 0; step++)
        {
            await Task.Delay(5);
        }

        long grown = new FileInfo(wal).Length;
        await InsertAsync(store, account, 50);
        Assert.Multiple(() =>
        {
            Assert.That(log, Is.GreaterThan(10), "200 writes put the log past the limit");
            Assert.That(log - copied, Is.LessThanOrEqualTo(64), "the background side copied all but a small tail");
            Assert.That(checkpointer.FileSystemFlushCount, Is.EqualTo(OperatingSystem.IsLinux() ? 2 : 0), "the bulk, then what came during it");
            Assert.That(store.Database.Writer.TailCheckpointCount, Is.EqualTo(1), "the writer was asked once");
            Assert.That(new FileInfo(wal).Length, Is.EqualTo(grown), "writes after the restart reused the start of the log");
        });
    }

    [Test]
    public async Task Tick_LogUnderItsLimit_DoesNotAskTheWriter()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await InsertAsync(store, account, 20);

        store.Database.Checkpointer.Tick();
        await InsertAsync(store, account, 1);

        Assert.Multiple(() =>
        {
            Assert.That(store.Database.Checkpointer.LastResult.LogFrames, Is.LessThan(new StorageOptions().LogRestartPages));
            Assert.That(store.Database.Checkpointer.FileSystemFlushCount, Is.Zero);
            Assert.That(store.Database.Writer.TailCheckpointCount, Is.Zero);
        });
    }

    [Test]
    public void LinuxCalls_ExistingFolder_FlushesOnLinux()
    {
        bool flushed = LinuxCalls.TryFlushFileSystem(Path.GetTempPath(), out int error);

        Assert.Multiple(() =>
        {
            Assert.That(flushed, Is.EqualTo(OperatingSystem.IsLinux()));
            Assert.That(error, Is.Zero);
        });
    }

    [Test]
    public void LinuxCalls_MissingFolder_ReportsTheErrorWithoutThrowing()
    {
        string missing = Path.Combine(Path.GetTempPath(), "rsb-missing-" + Guid.NewGuid().ToString("N"));

        bool flushed = LinuxCalls.TryFlushFileSystem(missing, out int error);

        Assert.Multiple(() =>
        {
            Assert.That(flushed, Is.False);
            Assert.That(error, OperatingSystem.IsLinux() ? Is.EqualTo(2) : Is.Zero, "ENOENT on Linux");
        });
    }

    private static async Task InsertAsync(TestStore store, Account account, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
        }
    }

    [Test]
    public async Task Close_FoldsTheWholeLogIntoTheFileAndKeepsTheData()
    {
        string folder = TestStore.NewFolder();
        TestStore store = await TestStore.OpenAsync(folder);
        Account account = await store.AddAccountAsync();
        SmsMessage message = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(message, CancellationToken.None);
        await store.CloseAsync();

        string wal = Path.Combine(folder, "db", "bridge.db-wal");
        Assert.That(!File.Exists(wal) || new FileInfo(wal).Length == 0, Is.True, "the log is empty after close");

        await using TestStore reopened = await TestStore.OpenAsync(folder);
        Assert.That(await reopened.Messages.GetAsync(account.Sid, message.Sid, CancellationToken.None), Is.Not.Null);
    }
}
