using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Benchmarks.Storage;

/// <summary>
/// One outbox claim (max 32) through the store's writer over a backlog of 40,000 queued messages, either all to one
/// number (the claim may take only that number's head) or spread over 1,024 numbers (it takes 32 heads). Before
/// migration 7 the first case walked the whole backlog per claim; with outbox_heads both read at most the ready heads.
/// Each iteration claims once from the same state: the setup puts the messages the previous claim took back to queued
/// (the triggers move the heads back with them).
/// Run: <c>dotnet run -c Release --project tests/RestcommSmppBridge.Benchmarks -- --filter '*OutboxClaim*'</c>.
/// </summary>
[Config(typeof(OutboxClaimConfig))]
[MemoryDiagnoser]
public class OutboxClaimBenchmarks
{
    private const int Backlog = 40_000;
    private const int Max = 32;

    private string _folder = string.Empty;
    private SqliteDatabase? _database;
    private SqliteOutboxStore? _outbox;
    private DateTimeOffset _now;

    /// <summary>How many numbers the 40,000 queued messages go to (round robin).</summary>
    [Params(1, 1_024)]
    public int Destinations { get; set; }

    /// <summary>A fresh file holding the backlog, written in one transaction.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "bridge-claim-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _database = new SqliteDatabase(new StorageOptions { Path = "bridge.db" }, _folder, TimeProvider.System, NullLogger<SqliteDatabase>.Instance);
        _database.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _outbox = new SqliteOutboxStore(_database);
        DateTimeOffset start = TimeProvider.System.GetUtcNow();
        _now = start.AddHours(1);
        string accountSid = Sids.NewAccountSid();
        new SqliteAccountStore(_database)
            .UpsertAsync(new Account { Sid = accountSid, AuthToken = "t", DateCreated = start, DateUpdated = start }, CancellationToken.None)
            .GetAwaiter().GetResult();

        using SqliteConnection connection = _database.OpenConnection();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO sms_messages (sid, account_sid, sender, recipient, body, status, direction, date_created, date_updated,
                price, price_unit, api_version, num_segments, encoding)
            VALUES (@Sid, @Account, '+15550001111', @To, 'Your verification code is 123456.', 'queued', 'outbound-api', @At, @At,
                '0', 'USD', '2012-04-24', 1, 'GSM7');
            """;
        SqliteParameter sid = insert.Parameters.Add("@Sid", SqliteType.Text);
        SqliteParameter to = insert.Parameters.Add("@To", SqliteType.Text);
        SqliteParameter at = insert.Parameters.Add("@At", SqliteType.Integer);
        insert.Parameters.AddWithValue("@Account", accountSid);
        long startTicks = SqliteValues.ToTicks(start);
        for (int i = 0; i < Backlog; i++)
        {
            sid.Value = Sids.NewMessageSid();
            to.Value = "+1555" + (2_000_000 + (i % Destinations)).ToString(CultureInfo.InvariantCulture);
            at.Value = startTicks + i;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Puts what the last claim took back to queued, so every claim starts from the full backlog.</summary>
    [IterationSetup]
    public void Requeue()
    {
        using SqliteConnection connection = _database!.OpenConnection();
        using SqliteCommand requeue = connection.CreateCommand();
        requeue.CommandText = "UPDATE sms_messages SET status = 'queued' WHERE status = 'sending';";
        requeue.ExecuteNonQuery();
    }

    /// <summary>One claim of up to 32 messages, committed by the writer.</summary>
    [Benchmark]
    public async Task<int> Claim()
    {
        IReadOnlyList<OutboxMessage> claimed = await _outbox!.ClaimAsync(Max, _now, CancellationToken.None).ConfigureAwait(false);
        return claimed.Count;
    }

    /// <summary>Stops the writer and deletes the file.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class OutboxClaimConfig : ManualConfig
    {
        public OutboxClaimConfig()
        {
            // The state is reset before each claim (a claim changes what the next would take), so each iteration is
            // one invocation: measure many of them rather than a pilot-tuned loop.
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(5)
                .WithIterationCount(50)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
        }
    }
}
