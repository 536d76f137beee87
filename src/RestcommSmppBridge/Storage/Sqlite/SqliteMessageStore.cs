using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// <see cref="IMessageStore"/> on SQLite. Reads use their own short connection (a WAL snapshot); writes go through
/// the single writer. The write paths that run per message (insert, status update, carrier id) bind values into
/// commands prepared once per batch instead of going through Dapper, since they run tens of thousands of times a
/// second under load.
/// </summary>
internal sealed partial class SqliteMessageStore : IMessageStore
{
    private readonly SqliteDatabase _database;

    public SqliteMessageStore(SqliteDatabase database)
    {
        _database = database;
    }

    public Task InsertAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Sids.IsValid(message.Sid, Sids.MessagePrefix))
        {
            throw new ArgumentException($"'{message.Sid}' is not a message sid (SM + 32 lowercase hex digits).", nameof(message));
        }

        ArgumentException.ThrowIfNullOrEmpty(message.AccountSid, nameof(message));
        ArgumentNullException.ThrowIfNull(message.From, nameof(message));
        ArgumentNullException.ThrowIfNull(message.To, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Body, nameof(message));
        ArgumentOutOfRangeException.ThrowIfNegative(message.NumSegments, nameof(message));
        if (message.Carrier is null)
        {
            foreach (string? id in message.CarrierMessageIds)
            {
                if (id is not null)
                {
                    throw new ArgumentException("A message with carrier message ids needs its Carrier.", nameof(message));
                }
            }
        }

        return _database.Writer.EnqueueAsync(message, s_insert, cancellationToken);
    }

    public Task<bool> UpdateStatusAsync(MessageStatusUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.MessageSid, nameof(update));
        return _database.Writer.EnqueueAsync(update, s_updateStatus, cancellationToken);
    }

    public Task<bool> RecordCarrierMessageIdAsync(
        string messageSid,
        int segmentIndex,
        string carrier,
        string carrierMessageId,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        ArgumentOutOfRangeException.ThrowIfNegative(segmentIndex);
        ArgumentException.ThrowIfNullOrEmpty(carrier);
        ArgumentException.ThrowIfNullOrEmpty(carrierMessageId);
        return _database.Writer.EnqueueAsync(
            new SegmentId(messageSid, segmentIndex, carrier, carrierMessageId),
            s_recordCarrierMessageId,
            cancellationToken);
    }

    public async Task<SmsMessage?> GetAsync(string accountSid, string sid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(sid);
        return await _database.ReadAsync((accountSid, sid, cancellationToken), static async (connection, s) =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            return await LoadAsync(connection, transaction, s.sid, s.accountSid, s.cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async Task<CarrierMessageMatch?> FindByCarrierMessageIdAsync(string carrier, string carrierMessageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        ArgumentNullException.ThrowIfNull(carrierMessageId);
        return await _database.ReadAsync((carrier, carrierMessageId, cancellationToken), static async (connection, s) =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            SegmentMatchRow? match = await connection.QuerySingleOrDefaultAsync<SegmentMatchRow>(new CommandDefinition(
                SelectSegmentMatch,
                new { Carrier = s.carrier, CarrierMessageId = s.carrierMessageId },
                transaction,
                cancellationToken: s.cancellationToken)).ConfigureAwait(false);
            if (match is null)
            {
                return null;
            }

            SmsMessage? message = await LoadAsync(connection, transaction, match.MessageSid, accountSid: null, s.cancellationToken)
                .ConfigureAwait(false);
            return message is null ? null : new CarrierMessageMatch(message, checked((int)match.SegmentIndex));
        }).ConfigureAwait(false);
    }

    public async Task<MessagePage> ListAsync(string accountSid, MessageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Page, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.PageSize, nameof(query));
        string sql = ListSql(query.SortBy, query.SortDirection);

        object parameters = new
        {
            AccountSid = accountSid,
            To = SqliteValues.LikePattern(query.To, leadingWildcard: true, trailingWildcard: false),
            From = SqliteValues.LikePattern(query.From, leadingWildcard: true, trailingWildcard: false),
            Body = SqliteValues.LikePattern(query.Body, leadingWildcard: true, trailingWildcard: true),
            Status = query.Status?.ToWireValue(),
            Start = SqliteValues.StartOfDayTicks(query.StartTime),
            End = SqliteValues.EndOfDayExclusiveTicks(query.EndTime),
            Limit = query.PageSize,
            Offset = (long)query.Page * query.PageSize,
        };

        return await _database.ReadAsync((sql, parameters, query, cancellationToken), static async (connection, s) =>
        {
            // The page and the total come from one snapshot, and the same WHERE (Status included) limits both.
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            using SqlMapper.GridReader grid = await connection.QueryMultipleAsync(
                new CommandDefinition(s.sql, s.parameters, transaction, cancellationToken: s.cancellationToken)).ConfigureAwait(false);
            List<SmsMessage> items = [];
            foreach (MessageRow row in await grid.ReadAsync<MessageRow>().ConfigureAwait(false))
            {
                items.Add(row.ToModel([], []));
            }

            long total = await grid.ReadSingleAsync<long>().ConfigureAwait(false);
            return new MessagePage(items, checked((int)total), s.query.Page, s.query.PageSize);
        }).ConfigureAwait(false);
    }

    private static async Task<SmsMessage?> LoadAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sid,
        string? accountSid,
        CancellationToken cancellationToken)
    {
        using SqlMapper.GridReader grid = await connection.QueryMultipleAsync(new CommandDefinition(
            SelectOne,
            new { Sid = sid, AccountSid = accountSid },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        MessageRow? row = await grid.ReadSingleOrDefaultAsync<MessageRow>().ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        List<SegmentRow> segments = (await grid.ReadAsync<SegmentRow>().ConfigureAwait(false)).AsList();
        List<StatusChangeRow> changes = (await grid.ReadAsync<StatusChangeRow>().ConfigureAwait(false)).AsList();

        string?[] ids = [];
        if (segments.Count > 0)
        {
            long length = Math.Max(row.NumSegments, segments[^1].SegmentIndex + 1);
            ids = new string?[checked((int)length)];
            foreach (SegmentRow segment in segments)
            {
                ids[segment.SegmentIndex] = segment.CarrierMessageId;
            }
        }

        MessageStatusChange[] history = new MessageStatusChange[changes.Count];
        for (int i = 0; i < changes.Count; i++)
        {
            StatusChangeRow change = changes[i];
            history[i] = new MessageStatusChange(
                SqliteValues.ParseMessageStatus(change.Status, sid),
                SqliteValues.FromTicks(change.At),
                change.Carrier,
                change.CarrierMessageId,
                SqliteValues.ToInt32(change.ErrorCode));
        }

        return row.ToModel(ids, history);
    }

    private sealed record SegmentId(string MessageSid, int SegmentIndex, string Carrier, string CarrierMessageId);
}
