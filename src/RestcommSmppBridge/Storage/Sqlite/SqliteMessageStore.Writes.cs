using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteMessageStore
{
    // These run on the writer, inside a batch transaction, and may be replayed if another write of the batch
    // fails (SqliteWriter): they only issue SQL and return their result.

    private static readonly Func<SqliteWriteContext, SmsMessage, bool> s_insert = static (context, m) =>
    {
        string status = m.Status.ToWireValue();
        long created = SqliteValues.ToTicks(m.DateCreated);
        long? errorCode = m.ErrorCode;
        context.Raw(InsertMessage)
            .Text(1, m.Sid)
            .Text(2, m.AccountSid)
            .Text(3, m.From)
            .Text(4, m.To)
            .Text(5, m.Body)
            .Text(6, status)
            .Text(7, m.Direction.ToWireValue())
            .Int64(8, created)
            .Int64(9, SqliteValues.ToTicks(m.DateUpdated))
            .Int64(10, m.DateSent is DateTimeOffset sent ? SqliteValues.ToTicks(sent) : null)
            .Text(11, m.Price)
            .Text(12, m.PriceUnit)
            .Text(13, m.ApiVersion)
            .Int64(14, errorCode)
            .Text(15, m.ErrorMessage)
            .Text(16, m.StatusCallback)
            .Text(17, m.StatusCallbackMethod)
            .Text(18, m.Carrier)
            .Int64(19, m.NumSegments)
            .Text(20, m.Encoding)
            .Execute();

        // The story starts at insert (architecture.md rule 4): the first status, at the creation time.
        context.Raw(InsertFirstChange)
            .Text(1, m.Sid)
            .Text(2, status)
            .Int64(3, created)
            .Text(4, m.Carrier)
            .Int64(5, errorCode)
            .Execute();

        IReadOnlyList<string?> ids = m.CarrierMessageIds;
        for (int i = 0; i < ids.Count; i++)
        {
            if (ids[i] is string id)
            {
                UpsertSegmentId(context, m.Sid, i, m.Carrier!, id);
            }
        }

        return true;
    };

    private static readonly Func<SqliteWriteContext, MessageStatusUpdate, bool> s_updateStatus = static (context, u) =>
    {
        string status = u.Status.ToWireValue();
        object at = SqliteValues.ToTicks(u.At);
        object carrier = (object?)u.Carrier ?? DBNull.Value;
        object errorCode = u.ErrorCode is int code ? code : DBNull.Value;

        SqliteCommand update = context.Prepared(UpdateStatus, s_updateStatusParameters);
        SqliteParameterCollection p = update.Parameters;
        p[0].Value = u.MessageSid;
        p[1].Value = status;
        p[2].Value = at;
        p[3].Value = carrier;
        p[4].Value = errorCode;
        p[5].Value = (object?)u.ErrorMessage ?? DBNull.Value;
        if (update.ExecuteNonQuery() == 0)
        {
            // Unknown sid, or already final: nothing changes, and no history entry claims it did.
            return false;
        }

        SqliteCommand append = context.Prepared(AppendChange, s_appendChangeParameters);
        SqliteParameterCollection a = append.Parameters;
        a[0].Value = u.MessageSid;
        a[1].Value = status;
        a[2].Value = at;
        a[3].Value = carrier;
        a[4].Value = (object?)u.CarrierMessageId ?? DBNull.Value;
        a[5].Value = errorCode;
        append.ExecuteNonQuery();
        return true;
    };

    private static readonly Func<SqliteWriteContext, SegmentId, bool> s_recordCarrierMessageId = static (context, s) =>
        UpsertSegmentId(context, s.MessageSid, s.SegmentIndex, s.Carrier, s.CarrierMessageId);

    private static bool UpsertSegmentId(SqliteWriteContext context, string messageSid, int segmentIndex, string carrier, string carrierMessageId)
    {
        SqliteCommand upsert = context.Prepared(UpsertSegment, s_upsertSegmentParameters);
        SqliteParameterCollection p = upsert.Parameters;
        p[0].Value = messageSid;
        p[1].Value = segmentIndex;
        p[2].Value = carrier;
        p[3].Value = carrierMessageId;
        return upsert.ExecuteNonQuery() == 1;
    }
}
