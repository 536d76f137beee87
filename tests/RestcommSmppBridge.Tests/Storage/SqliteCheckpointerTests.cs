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

    [Test]
    public void LinuxCalls_IdleScheduling_PutsOnlyTheCallingThreadInTheIdleClass()
    {
        (bool entered, int error, int policy) = (false, -1, -1);
        Thread thread = new(() =>
        {
            entered = LinuxCalls.TryIdleThreadScheduling(out error);
            policy = OperatingSystem.IsLinux() ? SchedulingPolicy("/proc/thread-self/stat") : -1;
        });
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(10)), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(entered, Is.EqualTo(OperatingSystem.IsLinux()));
            Assert.That(error, Is.Zero);
            if (OperatingSystem.IsLinux())
            {
                Assert.That(policy, Is.EqualTo(SchedIdle), "sched_setscheduler applied SCHED_IDLE to that thread");
                Assert.That(SchedulingPolicy("/proc/thread-self/stat"), Is.Zero, "the test's own thread stays SCHED_OTHER");
            }
        });
    }

    [Test]
    public async Task Start_CheckpointThreadRunsInTheIdleClassOnLinux()
    {
        Assume.That(OperatingSystem.IsLinux(), "scheduling classes are Linux's");
        await using TestStore store = await TestStore.OpenAsync();

        // Every store of this test process names its thread so; each one lowers its own.
        int[] policies = [.. Directory.GetDirectories("/proc/self/task")
            .Where(task => File.Exists(Path.Combine(task, "comm"))
                && File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == "SQLite checkpoi")
            .Select(task => SchedulingPolicy(Path.Combine(task, "stat")))];

        Assert.Multiple(() =>
        {
            Assert.That(policies, Is.Not.Empty, "the checkpoint thread runs");
            Assert.That(policies, Has.All.EqualTo(SchedIdle));
            Assert.That(store.Logger.Count(4035) + store.Logger.Count(4010), Is.Zero, "no fallback was needed");
        });
    }

    /// <summary>
    /// The background checkpoint runs only on a core nothing else wants; on a machine kept busy it may not run at all.
    /// The writer then bounds the log itself: past four times the restart limit with no restart asked for, it copies
    /// the log into the file between two batches, says so, and the log starts again instead of growing.
    /// </summary>
    [Test]
    public async Task Writer_LogFarPastItsLimitWithNoCheckpoint_CopiesItItselfAndWarns()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        string wal = store.Database.FullPath + "-wal";
        SqliteWriter writer = store.Database.Writer;

        // The fake clock never ticks the background checkpoint here: it stands for one starved of CPU.
        Assert.That(writer.LogBackstopFrames, Is.EqualTo(4L * store.Options.LogRestartPages), "four times the restart limit");
        writer.LogBackstopFrames = 64;
        for (int i = 0; i < 500 && writer.BackstopCheckpointCount == 0; i++)
        {
            await InsertAsync(store, account, 1);
        }

        long afterBackstop = new FileInfo(wal).Length;
        await InsertAsync(store, account, 5);

        Assert.Multiple(() =>
        {
            Assert.That(writer.BackstopCheckpointCount, Is.EqualTo(1), "the writer checkpointed once, unasked");
            Assert.That(writer.TailCheckpointCount, Is.EqualTo(1));
            Assert.That(store.Database.Checkpointer.CheckpointCount, Is.Zero, "the background side never ran");
            Assert.That(store.Logger.Count(4034), Is.EqualTo(1), "a warning says why writes waited");
            Assert.That(new FileInfo(wal).Length, Is.EqualTo(afterBackstop), "writes after it reused the start of the log");
        });
    }

    [Test]
    public async Task Writer_BackgroundSideKeepsUp_NeverCopiesUnasked()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        SqliteWriter writer = store.Database.Writer;
        SqliteCheckpointer checkpointer = store.Database.Checkpointer;
        checkpointer.RestartLogFrames = 16;
        writer.LogBackstopFrames = 200;

        // Each round writes more than the limit and less than the backstop (ten rounds write more than it), then the
        // background side asks for a restart, which the writer serves after its next batch (after answering it).
        for (int round = 1; round <= 10; round++)
        {
            await InsertAsync(store, account, 4);
            checkpointer.Tick();
            await InsertAsync(store, account, 1);
            for (int step = 0; step < 1000 && writer.TailCheckpointCount < round; step++)
            {
                await Task.Delay(5);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(writer.TailCheckpointCount, Is.EqualTo(10), "one restart asked for per round");
            Assert.That(writer.BackstopCheckpointCount, Is.Zero);
            Assert.That(store.Logger.Count(4034), Is.Zero);
        });
    }

    /// <summary>
    /// A tick that fell due while the background side was catching up used to run right after it asked for the tail
    /// checkpoint, and held SQLite's checkpoint lock when the writer ran its own. Now ticks wait for the writer.
    /// </summary>
    [Test]
    public async Task Tick_TailCheckpointStillAskedFor_WaitsForTheWriter()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await InsertAsync(store, account, 5);
        SqliteCheckpointer checkpointer = store.Database.Checkpointer;
        long before = checkpointer.CheckpointCount;

        store.Database.Writer.RequestTailCheckpoint();
        checkpointer.Tick();
        long whilePending = checkpointer.CheckpointCount;
        await InsertAsync(store, account, 1);
        for (int step = 0; step < 1000 && store.Database.Writer.TailCheckpointCount == 0; step++)
        {
            await Task.Delay(5);
        }

        checkpointer.Tick();
        Assert.Multiple(() =>
        {
            Assert.That(whilePending, Is.EqualTo(before), "no copy while the writer's is asked for");
            Assert.That(store.Database.Writer.TailCheckpointCount, Is.EqualTo(1));
            Assert.That(checkpointer.CheckpointCount, Is.EqualTo(before + 1), "ticks copy again once it ran");
        });
    }

    /// <summary>
    /// A passive checkpoint never waits: while another connection holds SQLite's checkpoint lock it answers busy and
    /// copies nothing. The writer used to count that as done (the log then never started again until the background
    /// side asked once more); now it tries again after a later batch. The lock is held here by an open-file-description
    /// lock on its byte of the shared-memory file, which SQLite's own locks from this process see as another holder.
    /// </summary>
    [Test]
    public async Task TailCheckpoint_FoundBusy_IsTriedAgainAfterALaterBatch()
    {
        Assume.That(OperatingSystem.IsLinux(), "open-file-description locks are Linux's");
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await InsertAsync(store, account, 5);
        SqliteWriter writer = store.Database.Writer;

        using (FileStream shm = new(store.Database.FullPath + "-shm", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            Assert.That(LockByte(shm, CheckpointLockByte), Is.Zero, "took the checkpoint lock");
            writer.RequestTailCheckpoint();
            await InsertAsync(store, account, 1);
            for (int step = 0; step < 1000 && writer.BusyTailCheckpointCount == 0; step++)
            {
                await Task.Delay(5);
            }

            Assert.Multiple(() =>
            {
                Assert.That(writer.BusyTailCheckpointCount, Is.GreaterThanOrEqualTo(1), "SQLite answered busy");
                Assert.That(writer.TailCheckpointCount, Is.Zero, "a busy checkpoint is not counted as done");
                Assert.That(writer.TailCheckpointPending, Is.True, "and stays asked for");
            });
        }

        // The lock went with the file's descriptor; the next batch after the retry delay runs it.
        for (int step = 0; step < 200 && writer.TailCheckpointCount == 0; step++)
        {
            await InsertAsync(store, account, 1);
            await Task.Delay(2);
        }

        Assert.Multiple(() =>
        {
            Assert.That(writer.TailCheckpointCount, Is.EqualTo(1));
            Assert.That(writer.TailCheckpointPending, Is.False);
        });
    }

    // The checkpoint lock's byte in the -shm file: SQLite's WAL locks start at byte 120, the checkpoint lock is the second.
    private const long CheckpointLockByte = 121;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct FileLock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int descriptor, int command, ref FileLock fileLock);

    /// <summary>An open-file-description write lock (F_OFD_SETLK) on one byte; 0 or the errno.</summary>
    private static int LockByte(FileStream file, long offset)
    {
        const int OfdSetLock = 37;
        const short WriteLock = 1;
        FileLock fileLock = new() { Type = WriteLock, Whence = 0, Start = offset, Length = 1, Pid = 0 };
        int result = Fcntl((int)file.SafeFileHandle.DangerousGetHandle(), OfdSetLock, ref fileLock);
        return result == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }

    private const int SchedIdle = 5;

    /// <summary>The scheduling policy field (41st) of a <c>/proc/…/stat</c> file; the name before it may hold spaces.</summary>
    private static int SchedulingPolicy(string statPath)
    {
        string stat = File.ReadAllText(statPath);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[41 - 3], System.Globalization.CultureInfo.InvariantCulture);
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
