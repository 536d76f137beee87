namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteMessageStore
{
    private const string MessageColumns = """
        m.sid AS Sid, m.account_sid AS AccountSid, m.sender AS Sender, m.recipient AS Recipient, m.body AS Body,
        m.status AS Status, m.direction AS Direction, m.date_created AS DateCreated, m.date_updated AS DateUpdated,
        m.date_sent AS DateSent, m.price AS Price, m.price_unit AS PriceUnit, m.api_version AS ApiVersion,
        m.error_code AS ErrorCode, m.error_message AS ErrorMessage, m.status_callback AS StatusCallback,
        m.status_callback_method AS StatusCallbackMethod, m.carrier AS Carrier, m.num_segments AS NumSegments,
        m.encoding AS Encoding
        """;

    // The children are read only when the parent matched (the caller stops at a missing first row), so the
    // account check on the parent is enough to keep accounts apart.
    private const string SelectOne = $"""
        SELECT {MessageColumns} FROM sms_messages m
        WHERE m.sid = @Sid AND (@AccountSid IS NULL OR m.account_sid = @AccountSid);
        SELECT segment_index AS SegmentIndex, carrier_message_id AS CarrierMessageId
        FROM sms_message_segments WHERE message_sid = @Sid ORDER BY segment_index;
        SELECT status AS Status, at AS At, carrier AS Carrier, carrier_message_id AS CarrierMessageId, error_code AS ErrorCode
        FROM sms_message_status_changes WHERE message_sid = @Sid ORDER BY seq;
        """;

    // SMSCs reuse ids eventually; the newest message holding the id is the one a receipt is about.
    private const string SelectSegmentMatch = """
        SELECT s.message_sid AS MessageSid, s.segment_index AS SegmentIndex
        FROM sms_message_segments s JOIN sms_messages m ON m.sid = s.message_sid
        WHERE s.carrier = @Carrier AND s.carrier_message_id = @CarrierMessageId
        ORDER BY m.date_created DESC, m.rowid DESC
        LIMIT 1;
        """;

    // restcomm.md 1.8. To/From: suffix match; Body: contains; each a LIKE whose pattern escapes the user's %/_
    // (SqliteValues.LikePattern). Status exact. Dates: [start of StartTime, start of the day after EndTime) in UTC;
    // unbounded ends are bound as long.MinValue/MaxValue so the range stays index-friendly.
    private const string ListFilter = """
        WHERE m.account_sid = @AccountSid
          AND m.date_created >= @Start AND m.date_created < @End
          AND (@To IS NULL OR m.recipient LIKE @To ESCAPE '\')
          AND (@From IS NULL OR m.sender LIKE @From ESCAPE '\')
          AND (@Body IS NULL OR m.body LIKE @Body ESCAPE '\')
          AND (@Status IS NULL OR m.status = @Status)
        """;

    private const string ListSelect = $"SELECT {MessageColumns} FROM sms_messages m {ListFilter}";

    // Restcomm's bug was to apply Status to the page only; here the count uses the very same filter.
    private const string ListCount = $"SELECT COUNT(*) FROM sms_messages m {ListFilter};";

    // The only ORDER BY clauses that can ever be sent: one fixed fragment per (field, direction). The sid breaks
    // ties so paging is stable when many rows share a value.
    private static readonly string[] s_listSql =
    [
        Compose("m.date_created ASC, m.sid ASC"),
        Compose("m.date_created DESC, m.sid DESC"),
        Compose("m.sender ASC, m.sid ASC"),
        Compose("m.sender DESC, m.sid DESC"),
        Compose("m.recipient ASC, m.sid ASC"),
        Compose("m.recipient DESC, m.sid DESC"),
        Compose("m.direction ASC, m.sid ASC"),
        Compose("m.direction DESC, m.sid DESC"),
        Compose("m.status ASC, m.sid ASC"),
        Compose("m.status DESC, m.sid DESC"),
        Compose("m.body ASC, m.sid ASC"),
        Compose("m.body DESC, m.sid DESC"),
        Compose("m.price ASC, m.sid ASC"),
        Compose("m.price DESC, m.sid DESC"),
    ];

    // Positional parameters: bound by SqliteRawStatement (the insert runs once per API send and per MO).
    private const string InsertMessage = """
        INSERT INTO sms_messages (
            sid, account_sid, sender, recipient, body, status, direction, date_created, date_updated, date_sent,
            price, price_unit, api_version, error_code, error_message, status_callback, status_callback_method,
            carrier, num_segments, encoding)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20);
        """;

    private const string InsertFirstChange = """
        INSERT INTO sms_message_status_changes (message_sid, seq, status, at, carrier, carrier_message_id, error_code)
        VALUES (?1, 0, ?2, ?3, ?4, NULL, ?5);
        """;

    // The final statuses are listed here as wire values; they must match StorageWireValues.IsFinal. A message in
    // one of them is left alone, which is what makes "a late intermediate receipt never overwrites a final one"
    // hold no matter in which order receipts arrive.
    private const string UpdateStatus = """
        UPDATE sms_messages SET
            status = @status,
            date_updated = @at,
            date_sent = CASE WHEN @status = 'sent' AND date_sent IS NULL THEN @at ELSE date_sent END,
            carrier = COALESCE(@carrier, carrier),
            error_code = @error_code,
            error_message = @error_message
        WHERE sid = @sid AND status NOT IN ('delivered', 'undelivered', 'failed');
        """;

    private static readonly string[] s_updateStatusParameters = ["@sid", "@status", "@at", "@carrier", "@error_code", "@error_message"];

    private const string AppendChange = """
        INSERT INTO sms_message_status_changes (message_sid, seq, status, at, carrier, carrier_message_id, error_code)
        VALUES (
            @sid,
            (SELECT COALESCE(MAX(seq), -1) + 1 FROM sms_message_status_changes WHERE message_sid = @sid),
            @status, @at, @carrier, @carrier_message_id, @error_code);
        """;

    private static readonly string[] s_appendChangeParameters = ["@sid", "@status", "@at", "@carrier", "@carrier_message_id", "@error_code"];

    private const string UpsertSegment = """
        INSERT INTO sms_message_segments (message_sid, segment_index, carrier, carrier_message_id)
        SELECT @sid, @segment_index, @carrier, @carrier_message_id
        WHERE EXISTS (SELECT 1 FROM sms_messages WHERE sid = @sid)
        ON CONFLICT (message_sid, segment_index) DO UPDATE SET
            carrier = excluded.carrier,
            carrier_message_id = excluded.carrier_message_id;
        """;

    private static readonly string[] s_upsertSegmentParameters = ["@sid", "@segment_index", "@carrier", "@carrier_message_id"];

    private static string ListSql(MessageSortField field, SortDirection direction)
    {
        if (!Enum.IsDefined(field))
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Not a sortable message field.");
        }

        if (!Enum.IsDefined(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Not a sort direction.");
        }

        return s_listSql[((int)field * 2) + (direction == SortDirection.Descending ? 1 : 0)];
    }

    private static string Compose(string orderBy) =>
        string.Concat(ListSelect, " ORDER BY ", orderBy, " LIMIT @Limit OFFSET @Offset; ", ListCount);
}
