using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Benchmarks.Storage;

/// <summary>
/// Committed inserts per second through the group-commit writer: 100,000 messages from 64 concurrent callers,
/// each awaiting its insert (so every counted insert is committed), into a fresh database file per iteration.
/// Run: <c>dotnet run -c Release --project tests/RestcommSmppBridge.Benchmarks -- --filter '*Storage*'</c>.
/// </summary>
[Config(typeof(StorageInsertConfig))]
[MemoryDiagnoser]
public class StorageInsertBenchmarks
{
    private const int MessageCount = 100_000;
    private const int Callers = 64;

    private string _folder = string.Empty;
    private SqliteDatabase? _database;
    private SqliteMessageStore? _store;
    private SmsMessage[] _messages = [];

    /// <summary>The durability mode under test.</summary>
    [Params(StorageSynchronousMode.Normal, StorageSynchronousMode.Full)]
    public StorageSynchronousMode Synchronous { get; set; }

    /// <summary>Fresh file, one account, and the messages built up front so only the store is measured.</summary>
    [IterationSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "bridge-store-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _database = new SqliteDatabase(
            new StorageOptions { Path = "bridge.db", Synchronous = Synchronous },
            _folder,
            TimeProvider.System,
            NullLogger<SqliteDatabase>.Instance);
        _database.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        string accountSid = Sids.NewAccountSid();
        new SqliteAccountStore(_database)
            .UpsertAsync(new Account { Sid = accountSid, AuthToken = "t", DateCreated = now, DateUpdated = now }, CancellationToken.None)
            .GetAwaiter().GetResult();
        _store = new SqliteMessageStore(_database);
        _messages = new SmsMessage[MessageCount];
        for (int i = 0; i < _messages.Length; i++)
        {
            _messages[i] = new SmsMessage
            {
                Sid = Sids.NewMessageSid(),
                AccountSid = accountSid,
                From = "+15550001111",
                To = "+1555" + (2_000_000 + i).ToString(CultureInfo.InvariantCulture),
                Body = "Your verification code is 123456. It expires in 10 minutes.",
                Status = MessageStatus.Sending,
                Direction = MessageDirection.OutboundApi,
                DateCreated = now.AddTicks(i),
                DateUpdated = now.AddTicks(i),
                NumSegments = 1,
                Encoding = "GSM7",
                StatusCallback = "https://app.example/status",
            };
        }
    }

    /// <summary>64 callers share the 100,000 inserts; each awaits its insert before the next.</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public async Task Insert100kFrom64Callers()
    {
        SqliteMessageStore store = _store!;
        SmsMessage[] messages = _messages;
        int next = -1;
        Stopwatch stopwatch = Stopwatch.StartNew();
        Task[] callers = new Task[Callers];
        for (int c = 0; c < callers.Length; c++)
        {
            callers[c] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < messages.Length)
                {
                    await store.InsertAsync(messages[i], CancellationToken.None).ConfigureAwait(false);
                }
            });
        }

        await Task.WhenAll(callers).ConfigureAwait(false);
        stopwatch.Stop();
        long commits = _database!.Writer.CommitCount;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Storage insert synchronous={Synchronous}: {MessageCount:N0} committed inserts from {Callers} callers in {stopwatch.Elapsed.TotalSeconds:F3} s = {MessageCount / stopwatch.Elapsed.TotalSeconds:N0} inserts/s ({commits:N0} commits, {(double)MessageCount / commits:F1} inserts per commit)"));
    }

    /// <summary>Stops the writer and deletes the file.</summary>
    [IterationCleanup]
    public void Cleanup()
    {
        _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class StorageInsertConfig : ManualConfig
    {
        public StorageInsertConfig()
        {
            // Each invocation is 100,000 real inserts into a fresh file: measure a few whole runs, not a
            // pilot-tuned loop of tiny ones.
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
            AddColumn(new InsertsPerSecondColumn());
        }
    }

    /// <summary>Committed inserts per second, from the mean time per insert.</summary>
    private sealed class InsertsPerSecondColumn : IColumn
    {
        public string Id => nameof(InsertsPerSecondColumn);

        public string ColumnName => "Inserts/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Committed inserts per second (1 s / mean time per insert)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return meanNanoseconds is double mean && mean > 0
                ? (1e9 / mean).ToString("N0", CultureInfo.InvariantCulture)
                : "n/a";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
