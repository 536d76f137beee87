using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Drills;

/// <summary>One stored message as the drill reads it back.</summary>
internal sealed record StoredMessage(string Sid, string Status, long? ErrorCode, string? ErrorMessage);

/// <summary>An inbound message and the state of its webhook row.</summary>
internal sealed record StoredInbound(string Sid, string WebhookState, string? Outcome);

/// <summary>
/// Reads the daemon's SQLite file read-only (a WAL reader never blocks the daemon's writer): final statuses for the
/// reconciliation and queue depths while a drill runs.
/// </summary>
internal sealed class DrillDatabase
{
    private readonly string _connectionString;

    public DrillDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>
    /// Every outbound message of the drill, by the index its body names (<see cref="DrillBodies"/>), streamed so a
    /// soak of a million rows needs no map; <paramref name="onForeign"/> counts rows whose body is not a drill body.
    /// Without <paramref name="withSids"/> the sid is left empty (a soak has no callbacks to join on it).
    /// </summary>
    public void ForEachOutbound(DrillBodies bodies, bool withSids, Action<int, StoredMessage> onMessage, Action onForeign)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT body, sid, status, error_code, error_message FROM sms_messages WHERE direction = 'outbound-api';";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            int index = bodies.IndexOf(reader.GetString(0));
            if (index < 0)
            {
                onForeign();
                continue;
            }

            string status = Status(reader.GetString(2));
            bool failed = status is "failed" or "undelivered";
            onMessage(index, new StoredMessage(withSids ? reader.GetString(1) : string.Empty, status,
                reader.IsDBNull(3) ? null : reader.GetInt64(3), failed && !reader.IsDBNull(4) ? reader.GetString(4) : null));
        }
    }

    /// <summary>Inbound messages by body; a body stored twice (a duplicate the bridge did not recognise) is counted.</summary>
    public Dictionary<string, List<StoredInbound>> Inbound()
    {
        Dictionary<string, List<StoredInbound>> messages = new(StringComparer.Ordinal);
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.body, m.sid, COALESCE(w.state, 'none'), w.outcome
            FROM sms_messages m LEFT JOIN inbound_webhooks w ON w.message_sid = m.sid
            WHERE m.direction = 'inbound';
            """;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            string body = reader.GetString(0);
            if (!messages.TryGetValue(body, out List<StoredInbound>? list))
            {
                list = [];
                messages[body] = list;
            }

            list.Add(new StoredInbound(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return messages;
    }

    /// <summary>Outbound messages not yet handed to a carrier (queued or sending); served by a partial index.</summary>
    public long OutboxDepth() => Scalar("SELECT COUNT(*) FROM sms_messages WHERE status IN ('queued', 'sending');");

    /// <summary>Inbound webhooks still to run; served by a partial index.</summary>
    public long PendingWebhooks() => Scalar("SELECT COUNT(*) FROM inbound_webhooks WHERE state = 'pending';");

    /// <summary>Messages with a status callback still owed (being sent or retried); the bridge keeps this set.</summary>
    public long OwedCallbacks() => Scalar("SELECT COUNT(*) FROM status_callback_owed;");

    /// <summary>Outbound messages without a final status (queued, sending or sent awaiting its receipt); scans the table.</summary>
    public long Unfinished() => Scalar("SELECT COUNT(*) FROM sms_messages WHERE status IN ('queued', 'sending', 'sent');");

    /// <summary>
    /// The story of up to <paramref name="max"/> outbound messages without a final status, one line each: status,
    /// history (status, carrier, carrier ids), stored part ids, and receipts held unmatched for those ids. For a
    /// drill's PROBLEM line, so that a stuck message can be understood from the CI log alone.
    /// </summary>
    public List<string> DescribeUnfinished(int max)
    {
        List<string> lines = [];
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.sid, m.status, m.recipient,
                (SELECT group_concat(c.status || '@' || c.seq || COALESCE(' ' || c.carrier, '') || COALESCE(' ids=' || c.carrier_message_id, '')
                    || COALESCE(' err=' || c.error_code, ''), '; ')
                 FROM sms_message_status_changes c WHERE c.message_sid = m.sid),
                (SELECT group_concat(g.segment_index || ':' || g.carrier || '/' || g.carrier_message_id, ' ')
                 FROM sms_message_segments g WHERE g.message_sid = m.sid),
                (SELECT group_concat(p.carrier_message_id || '=' || p.outcome, ' ')
                 FROM pending_receipts p JOIN sms_message_segments g
                   ON g.message_sid = m.sid AND p.carrier = g.carrier AND p.carrier_message_id = g.carrier_message_id),
                (SELECT count(*) FROM pending_receipts),
                (SELECT 'head ' || h.head_sid || ' sending=' || h.sending FROM outbox_heads h WHERE h.recipient = m.recipient),
                (SELECT 'attempts=' || o.attempts || ' due in ' || ((o.next_attempt_at - $now) / 10000) || ' ms'
                 FROM outbox_state o WHERE o.message_sid = m.sid)
            FROM sms_messages m
            WHERE m.status IN ('queued', 'sending', 'sent')
            ORDER BY m.date_created
            LIMIT $max;
            """;
        command.Parameters.AddWithValue("$max", max);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            // The outbox's own view too: a message the claim cannot see is missing its head, has a head that says
            // sending, or is not due yet.
            lines.Add($"{reader.GetString(0)} {reader.GetString(1)} to {reader.GetString(2)}: history [{Text(reader, 3)}], parts [{Text(reader, 4)}], "
                + $"held receipts for its ids [{Text(reader, 5)}], held receipts in all {reader.GetInt64(6)}; "
                + $"outbox [{Text(reader, 7)}; {Text(reader, 8)}]");
        }

        return lines;

        static string Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? string.Empty : reader.GetString(ordinal);
    }

    // One string per status, not one per row: a soak reads a million of them.
    private static string Status(string status) => status switch
    {
        "queued" => "queued",
        "sending" => "sending",
        "sent" => "sent",
        "delivered" => "delivered",
        "undelivered" => "undelivered",
        "failed" => "failed",
        _ => status,
    };

    private long Scalar(string sql)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteConnection Open()
    {
        SqliteConnection connection = new(_connectionString);
        connection.Open();
        return connection;
    }
}
