using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary><see cref="IAccountStore"/> on SQLite: reads on their own short connection, writes through the writer.</summary>
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

    public SqliteAccountStore(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<Account?> GetAsync(string sid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sid);
        using SqliteConnection connection = _database.OpenConnection();
        AccountRow? row = await connection.QuerySingleOrDefaultAsync<AccountRow>(
            new CommandDefinition(SelectBySid, new { Sid = sid }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        using SqliteConnection connection = _database.OpenConnection();
        IEnumerable<AccountRow> rows = await connection.QueryAsync<AccountRow>(
            new CommandDefinition(SelectAll, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
        return _database.Writer.EnqueueAsync(
            parameters,
            static (context, p) => context.Connection.Execute(Upsert, p, context.Transaction),
            cancellationToken);
    }
}
