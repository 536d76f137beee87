using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// <see cref="IStatusCallbackStore"/> on SQLite (table <c>status_callback_failures</c>, migration 6). Every change runs
/// on the single writer; the progress write and the failure records of one message commit together.
/// </summary>
/// <remarks>
/// The write functions may run twice when the writer replays a batch after another request failed; each is an upsert
/// or a delete by key, so a replay gives the same result.
/// </remarks>
internal sealed class SqliteStatusCallbackStore : IStatusCallbackStore
{
    /// <summary>Longest error text kept per record: a reason, not a response body.</summary>
    internal const int MaxErrorLength = 500;

    private const string DeleteRequeued = """
        DELETE FROM status_callback_failures WHERE message_sid = @Sid AND seq = @Seq AND requeued_at IS NOT NULL;
        """;

    // A callback requeued and failed again is recorded anew: failed now, waiting for the next requeue.
    private const string UpsertFailure = """
        INSERT INTO status_callback_failures (message_sid, seq, status, failed_at, error, requeued_at)
        VALUES (@Sid, @Seq, @Status, @FailedAt, @Error, NULL)
        ON CONFLICT (message_sid, seq) DO UPDATE SET
            status = excluded.status, failed_at = excluded.failed_at, error = excluded.error, requeued_at = NULL;
        """;

    // Filters are bound parameters; a null one matches every row (no SQL is assembled from input).
    private const string FailedFilter = """
        requeued_at IS NULL
          AND (@Since IS NULL OR failed_at >= @Since)
          AND (@MessageSid IS NULL OR message_sid = @MessageSid)
        """;

    private const string CountFailed = "SELECT COUNT(*) FROM status_callback_failures WHERE requeued_at IS NULL;";

    private const string CountMatching = $"SELECT COUNT(*) FROM status_callback_failures WHERE {FailedFilter};";

    private const string SelectMatching = $"""
        SELECT message_sid AS MessageSid, seq AS Seq, status AS Status, failed_at AS FailedAt, error AS Error
        FROM status_callback_failures
        WHERE {FailedFilter}
        ORDER BY failed_at DESC, message_sid DESC, seq DESC
        LIMIT @Max;
        """;

    // The messages go back into the replay set of migration 4 in the order their oldest callback failed, before their
    // rows are flagged; the triggers of migration 6 keep them there until every requeued entry is made.
    private const string OweAgain = $"""
        INSERT OR IGNORE INTO status_callback_owed (message_sid)
        SELECT message_sid FROM status_callback_failures
        WHERE {FailedFilter}
        GROUP BY message_sid
        ORDER BY MIN(failed_at), message_sid;
        """;

    private const string FlagRequeued = $"""
        UPDATE status_callback_failures SET requeued_at = @Now WHERE {FailedFilter};
        """;

    private const string DeleteFailedBefore = """
        DELETE FROM status_callback_failures
        WHERE requeued_at IS NULL AND failed_at < @Before AND (@MessageSid IS NULL OR message_sid = @MessageSid);
        """;

    private static readonly Func<SqliteWriteContext, Outcomes, bool> s_record = static (context, outcomes) =>
    {
        // The records first, then the progress: its triggers look at the requeued records to decide whether the
        // message stays owed.
        foreach (StatusCallbackAttempt attempt in outcomes.Attempts)
        {
            if (attempt.Requeued)
            {
                context.Prepared(DeleteRequeued).Set("@Sid", outcomes.Sid).Set("@Seq", (long)attempt.Sequence).ExecuteNonQuery();
            }

            if (attempt.Error is { } error)
            {
                context.Prepared(UpsertFailure)
                    .Set("@Sid", outcomes.Sid)
                    .Set("@Seq", (long)attempt.Sequence)
                    .Set("@Status", attempt.Status.ToWireValue())
                    .Set("@FailedAt", outcomes.At)
                    .Set("@Error", error.Length > MaxErrorLength ? error[..MaxErrorLength] : error)
                    .ExecuteNonQuery();
            }
        }

        return context.Prepared(SqliteOutboxStore.UpsertCallbackProgress).Set("@Sid", outcomes.Sid).Set("@Seq", outcomes.Seq).ExecuteNonQuery() > 0;
    };

    private static readonly Func<SqliteWriteContext, Filter, int> s_requeue = static (context, filter) =>
    {
        object parameters = new { Since = filter.Since, MessageSid = filter.MessageSid, Now = filter.Now };
        context.Connection.Execute(OweAgain, parameters, context.Transaction);
        return context.Connection.Execute(FlagRequeued, parameters, context.Transaction);
    };

    private static readonly Func<SqliteWriteContext, Filter, int> s_delete = static (context, filter) =>
        context.Connection.Execute(DeleteFailedBefore, new { Before = filter.Now, filter.MessageSid }, context.Transaction);

    private readonly SqliteDatabase _database;

    public SqliteStatusCallbackStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public Task RecordCallbacksMadeAsync(string messageSid, int sequence, IReadOnlyList<StatusCallbackAttempt> attempts, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        ArgumentNullException.ThrowIfNull(attempts);
        return _database.Writer.EnqueueAsync(new Outcomes(messageSid, sequence, attempts, SqliteValues.ToTicks(at)), s_record, cancellationToken);
    }

    public long CountFailedCallbacks() =>
        _database.Read(0, static (connection, _) => connection.ExecuteScalar<long>(CountFailed));

    public async Task<FailedStatusCallbackPage> ListFailedCallbacksAsync(FailedStatusCallbackQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Max);
        object parameters = new
        {
            Since = query.Since is { } since ? SqliteValues.ToTicks(since) : (long?)null,
            query.MessageSid,
            query.Max,
        };
        return await _database.ReadAsync((parameters, cancellationToken), static async (connection, s) =>
        {
            // One read transaction, so the count and the page are the same snapshot.
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            long count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountMatching, s.parameters, transaction,
                cancellationToken: s.cancellationToken)).ConfigureAwait(false);
            List<FailedStatusCallback> items = [];
            foreach (FailureRow row in await connection.QueryAsync<FailureRow>(new CommandDefinition(SelectMatching, s.parameters, transaction,
                cancellationToken: s.cancellationToken)).ConfigureAwait(false))
            {
                items.Add(new FailedStatusCallback(row.MessageSid, checked((int)row.Seq),
                    SqliteValues.ParseMessageStatus(row.Status, row.MessageSid), SqliteValues.FromTicks(row.FailedAt), row.Error));
            }

            return new FailedStatusCallbackPage(count, items);
        }).ConfigureAwait(false);
    }

    public Task<int> RequeueFailedCallbacksAsync(DateTimeOffset now, DateTimeOffset? since, string? messageSid, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(
            new Filter(SqliteValues.ToTicks(now), since is { } value ? SqliteValues.ToTicks(value) : null, messageSid), s_requeue, cancellationToken);

    public Task<int> DeleteFailedCallbacksAsync(DateTimeOffset failedBefore, string? messageSid, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(new Filter(SqliteValues.ToTicks(failedBefore), null, messageSid), s_delete, cancellationToken);

    private sealed record Outcomes(string Sid, long Seq, IReadOnlyList<StatusCallbackAttempt> Attempts, long At);

    /// <summary><see cref="Now"/> is the requeue time, or the cut of a delete.</summary>
    private sealed record Filter(long Now, long? Since, string? MessageSid);

    private sealed class FailureRow
    {
        public string MessageSid { get; set; } = string.Empty;

        public long Seq { get; set; }

        public string Status { get; set; } = string.Empty;

        public long FailedAt { get; set; }

        public string? Error { get; set; }
    }
}
