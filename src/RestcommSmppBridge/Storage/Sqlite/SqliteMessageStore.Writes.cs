using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteMessageStore
{
    // These run on the writer, inside a batch transaction, and may be replayed if another write of the batch
    // fails (SqliteWriter): they only issue SQL and return their result.

    private static readonly Func<SqliteWriteContext, SmsMessage, bool> s_insert = static (context, m) =>
    {
        SqliteCommand insert = context.Prepared(InsertMessage, s_insertMessageParameters);
        SqliteParameterCollection p = insert.Parameters;
        p[0].Value = m.Sid;
        p[1].Value = m.AccountSid;
        p[2].Value = m.From;
        p[3].Value = m.To;
        p[4].Value = m.Body;
        p[5].Value = m.Status.ToWireValue();
        p[6].Value = m.Direction.ToWireValue();
        p[7].Value = SqliteValues.ToTicks(m.DateCreated);
        p[8].Value = SqliteValues.ToTicks(m.DateUpdated);
        p[9].Value = m.DateSent is DateTimeOffset sent ? SqliteValues.ToTicks(sent) : DBNull.Value;
        p[10].Value = m.Price;
        p[11].Value = m.PriceUnit;
        p[12].Value = m.ApiVersion;
        p[13].Value = m.ErrorCode is int code ? code : DBNull.Value;
        p[14].Value = (object?)m.ErrorMessage ?? DBNull.Value;
        p[15].Value = (object?)m.StatusCallback ?? DBNull.Value;
        p[16].Value = (object?)m.StatusCallbackMethod ?? DBNull.Value;
        p[17].Value = (object?)m.Carrier ?? DBNull.Value;
        p[18].Value = m.NumSegments;
        p[19].Value = (object?)m.Encoding ?? DBNull.Value;
        insert.ExecuteNonQuery();

        // The story starts at insert (architecture.md rule 4): the first status, at the creation time.
        SqliteCommand change = context.Prepared(InsertFirstChange, s_insertFirstChangeParameters);
        SqliteParameterCollection c = change.Parameters;
        c[0].Value = m.Sid;
        c[1].Value = p[5].Value;
        c[2].Value = p[7].Value;
        c[3].Value = p[17].Value;
        c[4].Value = p[13].Value;
        change.ExecuteNonQuery();

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
