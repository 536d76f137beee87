using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteWriterTests
{
    [Test]
    public async Task InsertAsync_200Concurrent_AllCommittedInFewerCommits()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        long commitsBefore = store.Database.Writer.CommitCount;
        SmsMessage[] messages = new SmsMessage[200];
        for (int i = 0; i < messages.Length; i++)
        {
            messages[i] = TestStore.NewMessage(account.Sid) with { Body = "m" + i };
        }

        Task[] inserts = new Task[messages.Length];
        for (int i = 0; i < messages.Length; i++)
        {
            SmsMessage message = messages[i];
            inserts[i] = Task.Run(() => store.Messages.InsertAsync(message, CancellationToken.None));
        }

        await Task.WhenAll(inserts);

        long commits = store.Database.Writer.CommitCount - commitsBefore;
        Assert.That(store.CountRows("sms_messages"), Is.EqualTo(200));
        Assert.That(commits, Is.GreaterThan(0).And.LessThan(200), "group commit: several inserts share a transaction");
        foreach (SmsMessage message in messages)
        {
            SmsMessage? read = await store.Messages.GetAsync(account.Sid, message.Sid, CancellationToken.None);
            Assert.That(read?.Body, Is.EqualTo(message.Body));
        }
    }

    [Test]
    public async Task InsertAsync_WritesTricklingInWithinTheCommitInterval_ShareOneCommit()
    {
        await using TestStore store = await TestStore.OpenAsync(options: new StorageOptions
        {
            Path = "db/bridge.db",
            CommitInterval = TimeSpan.FromMilliseconds(100),
        });
        Account account = await store.AddAccountAsync();
        await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
        long commitsBefore = store.Database.Writer.CommitCount;

        // Queued one after another right after a commit: without an interval the writer would wake for the first.
        Task[] inserts = new Task[10];
        for (int i = 0; i < inserts.Length; i++)
        {
            inserts[i] = store.Messages.InsertAsync(TestStore.NewMessage(account.Sid) with { Body = "t" + i }, CancellationToken.None);
        }

        await Task.WhenAll(inserts);

        Assert.Multiple(() =>
        {
            Assert.That(store.Database.Writer.CommitCount - commitsBefore, Is.EqualTo(1));
            Assert.That(store.CountRows("sms_messages"), Is.EqualTo(11));
        });
    }

    [Test]
    public async Task InsertAsync_RightAfterACommit_WaitsOutTheCommitInterval()
    {
        TimeSpan interval = TimeSpan.FromMilliseconds(60);
        await using TestStore store = await TestStore.OpenAsync(options: new StorageOptions { Path = "db/bridge.db", CommitInterval = interval });
        Account account = await store.AddAccountAsync();

        // The first commit starts after this timestamp, and the second no earlier than the interval after the first.
        long before = System.Diagnostics.Stopwatch.GetTimestamp();
        await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
        await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
        TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(before);

        Assert.That(elapsed, Is.GreaterThanOrEqualTo(interval));
    }

    [Test]
    public async Task InsertAsync_Returned_RowVisibleToAFreshConnection()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();

        for (int i = 1; i <= 5; i++)
        {
            await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
            Assert.That(store.CountRows("sms_messages"), Is.EqualTo(i), "committed by the time the call returns");
        }
    }

    [Test]
    public async Task InsertAsync_OneBadWriteInABatch_FailsAloneAndTheOthersCommit()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        SmsMessage existing = TestStore.NewMessage(account.Sid);
        await store.Messages.InsertAsync(existing, CancellationToken.None);

        List<Task> good = [];
        for (int i = 0; i < 50; i++)
        {
            good.Add(store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None));
        }

        // Same sid again: a primary-key violation inside whatever batch it lands in.
        Task duplicate = store.Messages.InsertAsync(existing, CancellationToken.None);
        Task unknownAccount = store.Messages.InsertAsync(TestStore.NewMessage(Sids.NewAccountSid()), CancellationToken.None);
        for (int i = 0; i < 50; i++)
        {
            good.Add(store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None));
        }

        Assert.That(async () => await duplicate, Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>());
        Assert.That(async () => await unknownAccount, Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>(), "foreign keys are on");
        await Task.WhenAll(good);
        Assert.That(store.CountRows("sms_messages"), Is.EqualTo(101));
        Assert.That(store.CountRows("sms_message_status_changes"), Is.EqualTo(101), "a replayed batch writes each history row once");
        Assert.That(store.Logger.Count(4005), Is.EqualTo(2), "WriteFailed, once per bad write");
    }

    [Test]
    public async Task InsertAsync_AfterStop_FailsWithObjectDisposed()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await store.Database.DisposeAsync();

        Assert.That(
            async () => await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None),
            Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Dispose_WithQueuedWrites_CommitsThemBeforeStopping()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        List<Task> inserts = [];
        for (int i = 0; i < 100; i++)
        {
            inserts.Add(store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None));
        }

        await store.Database.DisposeAsync();

        Assert.That(inserts.TrueForAll(t => t.IsCompletedSuccessfully), Is.True);
        Assert.That(store.CountRows("sms_messages"), Is.EqualTo(100));
    }

    [Test]
    public async Task EnqueueAsync_QueueFull_CallerWaitsAndCancellationStopsTheWait()
    {
        // One slot and a writer that never started: the first write takes the slot, the second must wait.
        string folder = TestStore.NewFolder();
        RestcommSmppBridge.Storage.Sqlite.SqliteDatabase database = new(
            new StorageOptions { Path = "db/bridge.db", WriteQueueCapacity = 1 },
            folder,
            TimeProvider.System,
            new ListLogger());
        try
        {
            Task<int> first = database.Writer.EnqueueAsync(0, static (_, s) => s, CancellationToken.None);
            using CancellationTokenSource cancel = new();
            Task<int> second = database.Writer.EnqueueAsync(0, static (_, s) => s, cancel.Token);

            Assert.That(second.IsCompleted, Is.False, "back-pressure: no room, so the caller waits");
            await cancel.CancelAsync();
            Assert.That(async () => await second, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(first.IsCompleted, Is.False);
            await database.DisposeAsync();
            Assert.That(async () => await first, Throws.InstanceOf<ObjectDisposedException>(), "never started: failed, not left hanging");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task InsertAsync_FileLockedByAnotherProcessPastTheBusyTimeout_FailsAsStoreUnavailableThenRecovers()
    {
        await using TestStore store = await TestStore.OpenAsync(options: new StorageOptions
        {
            Path = "db/bridge.db",
            BusyTimeout = TimeSpan.FromMilliseconds(50),
        });
        Account account = await store.AddAccountAsync();
        SmsMessage blocked = TestStore.NewMessage(account.Sid);
        SmsMessage later = TestStore.NewMessage(account.Sid);

        Exception? failure;
        StoreFailure? reported;
        using (Microsoft.Data.Sqlite.SqliteConnection other = store.Database.OpenConnection())
        using (Microsoft.Data.Sqlite.SqliteTransaction holding = other.BeginTransaction(deferred: false))
        {
            // Another process holds the write lock longer than the busy timeout.
            failure = await Assert.CatchAsync(async () => await store.Messages.InsertAsync(blocked, CancellationToken.None));
            reported = store.Database.Writer.LastFailure;
            holding.Rollback();
        }

        await store.Messages.InsertAsync(later, CancellationToken.None);
        StoreFailure? afterCommit = store.Database.Writer.LastFailure;

        Assert.Multiple(async () =>
        {
            Assert.That(failure, Is.InstanceOf<StoreUnavailableException>());
            Assert.That(failure?.InnerException, Is.InstanceOf<Microsoft.Data.Sqlite.SqliteException>()
                .With.Property(nameof(Microsoft.Data.Sqlite.SqliteException.SqliteErrorCode)).EqualTo(5), "SQLITE_BUSY");
            Assert.That(await store.Messages.GetAsync(account.Sid, blocked.Sid, CancellationToken.None), Is.Null, "nothing of it was stored");
            Assert.That(await store.Messages.GetAsync(account.Sid, later.Sid, CancellationToken.None), Is.Not.Null, "the writer recovers");
            Assert.That(reported?.At, Is.EqualTo(TestStore.T0), "the readiness probe sees the failure");
            Assert.That(reported?.Error, Does.Contain("locked"));
            Assert.That(afterCommit, Is.Null, "and forgets it once a write commits");
        });
    }
}
