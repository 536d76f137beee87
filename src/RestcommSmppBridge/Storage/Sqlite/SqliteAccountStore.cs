using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Dapper;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// <see cref="IAccountStore"/> on SQLite: reads on their own short connection, writes through the writer. Accounts
/// found by <see cref="GetAsync"/> are kept in memory, since the API authenticates every request with one.
/// </summary>
/// <remarks>
/// Why a cache: <see cref="GetAsync"/> runs for every API request, and opening a connection, running its pragmas
/// and compiling the SELECT each time was about a fifth of the daemon's CPU per send under load (REST load run,
/// perf profile). Accounts change only through <see cref="UpsertAsync"/> of this singleton store (configuration
/// seeding at start), so the cache is exact rather than time-limited: an upsert drops the entry once committed,
/// and the next read loads the stored row. A read that raced with an upsert does not put its (possibly older) row
/// back: it only fills the cache when no upsert committed since the read began (<see cref="_generation"/>).
/// Unknown sids are not cached, so guessed user names cannot grow the cache.
/// </remarks>
internal sealed class SqliteAccountStore : IAccountStore
{
    private const string Columns = """
        sid AS Sid, auth_token AS AuthToken, status AS Status, friendly_name AS FriendlyName,
        date_created AS DateCreated, date_updated AS DateUpdated
        """;

    private const string SelectBySid = $"SELECT {Columns} FROM accounts WHERE sid = @Sid;";

    private const string SelectAll = $"SELECT {Columns} FROM accounts ORDER BY date_created, sid;";

    private const string Upsert = """
        INSERT INTO accounts (sid, auth_token, status, friendly_name, date_created, date_updated)
        VALUES (@Sid, @AuthToken, @Status, @FriendlyName, @DateCreated, @DateUpdated)
        ON CONFLICT (sid) DO UPDATE SET
            auth_token = excluded.auth_token,
            status = excluded.status,
            friendly_name = excluded.friendly_name,
            date_updated = excluded.date_updated;
        """;

    private readonly SqliteDatabase _database;
    private readonly ConcurrentDictionary<string, Account> _cache = new(StringComparer.Ordinal);

    // Guards filling the cache against a concurrent upsert: taken only on a miss and on an upsert, never on a hit.
    private readonly Lock _cacheGate = new();
    private long _generation;

    public SqliteAccountStore(SqliteDatabase database)
    {
        _database = database;
    }

    public bool TryGetKnown(string sid, [NotNullWhen(true)] out Account? account)
    {
        ArgumentNullException.ThrowIfNull(sid);
        return _cache.TryGetValue(sid, out account);
    }

    public bool TryGetKnown(ReadOnlySpan<char> sid, [NotNullWhen(true)] out Account? account) =>
        _cache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(sid, out account);

    public async Task<Account?> GetAsync(string sid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sid);
        if (_cache.TryGetValue(sid, out Account? cached))
        {
            return cached;
        }

        long generation = Interlocked.Read(ref _generation);
        AccountRow? row = await _database.ReadAsync(
            new CommandDefinition(SelectBySid, new { Sid = sid }, cancellationToken: cancellationToken),
            static (connection, command) => connection.QuerySingleOrDefaultAsync<AccountRow>(command)).ConfigureAwait(false);
        Account? account = row?.ToModel();

        if (account is not null)
        {
            lock (_cacheGate)
            {
                if (_generation == generation)
                {
                    _cache[sid] = account;
                }
            }
        }

        return account;
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        IEnumerable<AccountRow> rows = await _database.ReadAsync(new CommandDefinition(SelectAll, cancellationToken: cancellationToken),
            static (connection, command) => connection.QueryAsync<AccountRow>(command)).ConfigureAwait(false);
        List<Account> accounts = [];
        foreach (AccountRow row in rows)
        {
            accounts.Add(row.ToModel());
        }

        return accounts;
    }

    public Task UpsertAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!Sids.IsValid(account.Sid, Sids.AccountPrefix))
        {
            throw new ArgumentException($"'{account.Sid}' is not an account sid (AC + 32 lowercase hex digits).", nameof(account));
        }

        ArgumentException.ThrowIfNullOrEmpty(account.AuthToken, nameof(account));
        object parameters = new
        {
            account.Sid,
            account.AuthToken,
            Status = account.Status.ToWireValue(),
            account.FriendlyName,
            DateCreated = SqliteValues.ToTicks(account.DateCreated),
            DateUpdated = SqliteValues.ToTicks(account.DateUpdated),
        };
        return UpsertAndForgetAsync(account.Sid, parameters, cancellationToken);
    }

    private async Task UpsertAndForgetAsync(string sid, object parameters, CancellationToken cancellationToken)
    {
        try
        {
            await _database.Writer.EnqueueAsync(
                parameters,
                static (context, p) => context.Connection.Execute(Upsert, p, context.Transaction),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also when the write failed: whether it reached the file is then unknown, so the next read goes there.
            lock (_cacheGate)
            {
                _generation++;
                _cache.TryRemove(sid, out _);
            }
        }
    }
}
