using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>A real SQLite file in its own temp folder, opened like the host opens it; deleted on dispose.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private TestStore(string folder, StorageOptions options, SqliteDatabase database, ListLogger logger, FakeTimeProvider time)
    {
        Time = time;
        Folder = folder;
        Options = options;
        Database = database;
        Logger = logger;
        Accounts = new SqliteAccountStore(database);
        Numbers = new SqlitePhoneNumberStore(database);
        Messages = new SqliteMessageStore(database);
    }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public StorageOptions Options { get; }

    public SqliteDatabase Database { get; }

    public ListLogger Logger { get; }

    public IAccountStore Accounts { get; }

    public IPhoneNumberStore Numbers { get; }

    public IMessageStore Messages { get; }

    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bridge-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Opens (creating if needed) <c>db/bridge.db</c> under <paramref name="folder"/>, which is the content root.</summary>
    public static async Task<TestStore> OpenAsync(string? folder = null, StorageOptions? options = null)
    {
        folder ??= NewFolder();
        options ??= new StorageOptions { Path = "db/bridge.db" };
        ListLogger logger = new();
        FakeTimeProvider time = new(T0);
        SqliteDatabase database = new(options, folder, time, logger);
        await database.InitializeAsync(CancellationToken.None);
        return new TestStore(folder, options, database, logger, time);
    }

    /// <summary>Closes the store but keeps the file (to reopen it).</summary>
    public async Task CloseAsync()
    {
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        Directory.Delete(Folder, recursive: true);
    }

    public async Task<Account> AddAccountAsync(string friendlyName = "test")
    {
        Account account = new()
        {
            Sid = Sids.NewAccountSid(),
            AuthToken = "token-" + friendlyName,
            FriendlyName = friendlyName,
            DateCreated = T0,
            DateUpdated = T0,
        };
        await Accounts.UpsertAsync(account, CancellationToken.None);
        return account;
    }

    public static SmsMessage NewMessage(string accountSid, DateTimeOffset? created = null) => new()
    {
        Sid = Sids.NewMessageSid(),
        AccountSid = accountSid,
        From = "+15550001111",
        To = "+15550002222",
        Body = "hello",
        Status = MessageStatus.Queued,
        Direction = MessageDirection.OutboundApi,
        DateCreated = created ?? T0,
        DateUpdated = created ?? T0,
        NumSegments = 1,
        Encoding = "GSM7",
    };

    /// <summary>A fresh connection that is not the writer's: what another reader (or process) sees.</summary>
    public long CountRows(string table)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = Database.FullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = table switch
        {
            "sms_messages" => "SELECT COUNT(*) FROM sms_messages;",
            "schema_version" => "SELECT COUNT(*) FROM schema_version;",
            "sms_message_status_changes" => "SELECT COUNT(*) FROM sms_message_status_changes;",
            "sms_message_segments" => "SELECT COUNT(*) FROM sms_message_segments;",
            "outbox_state" => "SELECT COUNT(*) FROM outbox_state;",
            "pending_receipts" => "SELECT COUNT(*) FROM pending_receipts;",
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        return (long)command.ExecuteScalar()!;
    }
}

/// <summary>Collects log events so tests can assert on them.</summary>
internal sealed class ListLogger : ILogger<SqliteDatabase>
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));

    public int Count(int eventId) => Entries.Count(e => e.EventId.Id == eventId);
}
