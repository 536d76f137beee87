using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary><see cref="IPhoneNumberStore"/> on SQLite: reads on their own short connection, writes through the writer.</summary>
internal sealed class SqlitePhoneNumberStore : IPhoneNumberStore
{
    private const string Columns = """
        sid AS Sid, account_sid AS AccountSid, phone_number AS PhoneNumber, friendly_name AS FriendlyName,
        sms_url AS SmsUrl, sms_method AS SmsMethod, sms_fallback_url AS SmsFallbackUrl,
        sms_fallback_method AS SmsFallbackMethod, sms_status_callback AS SmsStatusCallback,
        date_created AS DateCreated, date_updated AS DateUpdated
        """;

    private const string SelectBySid = $"SELECT {Columns} FROM incoming_phone_numbers WHERE sid = @Sid AND account_sid = @AccountSid;";

    private const string SelectByNumber = $"SELECT {Columns} FROM incoming_phone_numbers WHERE phone_number = @PhoneNumber;";

    private const string Filter = """
        WHERE account_sid = @AccountSid
          AND (@PhoneNumber IS NULL OR phone_number LIKE @PhoneNumber ESCAPE '\')
          AND (@FriendlyName IS NULL OR friendly_name LIKE @FriendlyName ESCAPE '\')
        """;

    private const string SelectPage = $"""
        SELECT {Columns} FROM incoming_phone_numbers
        {Filter}
        ORDER BY date_created, sid
        LIMIT @Limit OFFSET @Offset;
        SELECT COUNT(*) FROM incoming_phone_numbers
        {Filter};
        """;

    private const string Insert = """
        INSERT INTO incoming_phone_numbers (
            sid, account_sid, phone_number, friendly_name, sms_url, sms_method, sms_fallback_url,
            sms_fallback_method, sms_status_callback, date_created, date_updated)
        VALUES (
            @Sid, @AccountSid, @PhoneNumber, @FriendlyName, @SmsUrl, @SmsMethod, @SmsFallbackUrl,
            @SmsFallbackMethod, @SmsStatusCallback, @DateCreated, @DateUpdated)
        ON CONFLICT DO NOTHING;
        """;

    private const string ExistsInAccount = "SELECT EXISTS (SELECT 1 FROM incoming_phone_numbers WHERE sid = @Sid AND account_sid = @AccountSid);";

    private const string NumberHeldElsewhere = "SELECT EXISTS (SELECT 1 FROM incoming_phone_numbers WHERE phone_number = @PhoneNumber AND sid <> @Sid);";

    private const string Update = """
        UPDATE incoming_phone_numbers SET
            phone_number = @PhoneNumber, friendly_name = @FriendlyName, sms_url = @SmsUrl, sms_method = @SmsMethod,
            sms_fallback_url = @SmsFallbackUrl, sms_fallback_method = @SmsFallbackMethod,
            sms_status_callback = @SmsStatusCallback, date_updated = @DateUpdated
        WHERE sid = @Sid AND account_sid = @AccountSid;
        """;

    private const string Delete = "DELETE FROM incoming_phone_numbers WHERE sid = @Sid AND account_sid = @AccountSid;";

    private readonly SqliteDatabase _database;

    public SqlitePhoneNumberStore(SqliteDatabase database)
    {
        _database = database;
    }

    public async Task<IncomingPhoneNumber?> GetAsync(string accountSid, string sid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(sid);
        PhoneNumberRow? row = await _database.ReadAsync(
            new CommandDefinition(SelectBySid, new { Sid = sid, AccountSid = accountSid }, cancellationToken: cancellationToken),
            static (connection, command) => connection.QuerySingleOrDefaultAsync<PhoneNumberRow>(command)).ConfigureAwait(false);
        return row?.ToModel();
    }

    public Task<IncomingPhoneNumber?> FindByNumberAsync(string phoneNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phoneNumber);
        cancellationToken.ThrowIfCancellationRequested();

        // Up to three times per MO (the number as sent, then with and without '+'): a pooled read connection whose
        // statement stays prepared.
        return Task.FromResult(_database.Reads.Read(phoneNumber, s_findByNumber));
    }

    private static readonly Func<SqliteWriteContext, string, IncomingPhoneNumber?> s_findByNumber = static (context, phoneNumber) =>
        context.Prepared(SelectByNumber).Set("@PhoneNumber", phoneNumber).FirstOrDefault<PhoneNumberRow>()?.ToModel();

    public async Task<PhoneNumberPage> ListAsync(string accountSid, PhoneNumberQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Page, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.PageSize, nameof(query));

        object parameters = new
        {
            AccountSid = accountSid,
            PhoneNumber = SqliteValues.LikePattern(query.PhoneNumber, leadingWildcard: true, trailingWildcard: true),
            FriendlyName = SqliteValues.LikePattern(query.FriendlyName, leadingWildcard: true, trailingWildcard: true),
            Limit = query.PageSize,
            Offset = (long)query.Page * query.PageSize,
        };
        return await _database.ReadAsync((parameters, query, cancellationToken), static async (connection, s) =>
        {
            // One read transaction: the page and the count come from the same snapshot (WAL).
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            using SqlMapper.GridReader grid = await connection.QueryMultipleAsync(
                new CommandDefinition(SelectPage, s.parameters, transaction, cancellationToken: s.cancellationToken)).ConfigureAwait(false);
            List<IncomingPhoneNumber> items = [];
            foreach (PhoneNumberRow row in await grid.ReadAsync<PhoneNumberRow>().ConfigureAwait(false))
            {
                items.Add(row.ToModel());
            }

            long total = await grid.ReadSingleAsync<long>().ConfigureAwait(false);
            return new PhoneNumberPage(items, checked((int)total), s.query.Page, s.query.PageSize);
        }).ConfigureAwait(false);
    }

    public Task<PhoneNumberWriteResult> CreateAsync(IncomingPhoneNumber number, CancellationToken cancellationToken)
    {
        object parameters = ToParameters(number);
        return _database.Writer.EnqueueAsync(
            parameters,
            static (context, p) => context.Connection.Execute(Insert, p, context.Transaction) == 1
                ? PhoneNumberWriteResult.Applied
                : PhoneNumberWriteResult.Conflict,
            cancellationToken);
    }

    public Task<PhoneNumberWriteResult> UpdateAsync(IncomingPhoneNumber number, CancellationToken cancellationToken)
    {
        object parameters = ToParameters(number);
        return _database.Writer.EnqueueAsync(
            parameters,
            static (context, p) =>
            {
                // Safe as check-then-act: the single writer runs this whole function inside one transaction.
                if (!context.Connection.ExecuteScalar<bool>(ExistsInAccount, p, context.Transaction))
                {
                    return PhoneNumberWriteResult.NotFound;
                }

                if (context.Connection.ExecuteScalar<bool>(NumberHeldElsewhere, p, context.Transaction))
                {
                    return PhoneNumberWriteResult.Conflict;
                }

                context.Connection.Execute(Update, p, context.Transaction);
                return PhoneNumberWriteResult.Applied;
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string accountSid, string sid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(sid);
        return _database.Writer.EnqueueAsync(
            new { Sid = sid, AccountSid = accountSid },
            static (context, p) => context.Connection.Execute(Delete, p, context.Transaction) == 1,
            cancellationToken);
    }

    private static object ToParameters(IncomingPhoneNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (!Sids.IsValid(number.Sid, Sids.PhoneNumberPrefix))
        {
            throw new ArgumentException($"'{number.Sid}' is not a phone number sid (PN + 32 lowercase hex digits).", nameof(number));
        }

        ArgumentException.ThrowIfNullOrEmpty(number.AccountSid, nameof(number));
        ArgumentException.ThrowIfNullOrEmpty(number.PhoneNumber, nameof(number));
        return new
        {
            number.Sid,
            number.AccountSid,
            number.PhoneNumber,
            number.FriendlyName,
            number.SmsUrl,
            number.SmsMethod,
            number.SmsFallbackUrl,
            number.SmsFallbackMethod,
            number.SmsStatusCallback,
            DateCreated = SqliteValues.ToTicks(number.DateCreated),
            DateUpdated = SqliteValues.ToTicks(number.DateUpdated),
        };
    }
}
