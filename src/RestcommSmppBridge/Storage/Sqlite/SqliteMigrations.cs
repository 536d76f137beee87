namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// The schema, as forward-only steps. A released step is never edited: change the schema by appending one.
/// They live in the assembly as constants because the project file (shared) has no EmbeddedResource glob for
/// <c>.sql</c> files; the effect is the same, the schema ships inside the binary.
/// </summary>
/// <remarks>
/// Conventions: times are INTEGER UTC ticks (100 ns since 0001-01-01), which keeps full precision, compares
/// and sorts as numbers and makes the date filters index-friendly. Statuses and directions are stored as their
/// Restcomm wire values. The two child tables are WITHOUT ROWID with the message sid leading their key, so each
/// child row costs one b-tree insert and a message's children sit together.
/// </remarks>
internal static class SqliteMigrations
{
    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new SqliteMigration(1, "initial schema: accounts, numbers, messages, status history, segment ids", """
            CREATE TABLE accounts (
                sid            TEXT    NOT NULL PRIMARY KEY,
                auth_token     TEXT    NOT NULL,
                status         TEXT    NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
                friendly_name  TEXT    NOT NULL,
                date_created   INTEGER NOT NULL,
                date_updated   INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE incoming_phone_numbers (
                sid                  TEXT    NOT NULL PRIMARY KEY,
                account_sid          TEXT    NOT NULL REFERENCES accounts (sid),
                phone_number         TEXT    NOT NULL UNIQUE,
                friendly_name        TEXT    NOT NULL,
                sms_url              TEXT,
                sms_method           TEXT    NOT NULL,
                sms_fallback_url     TEXT,
                sms_fallback_method  TEXT    NOT NULL,
                sms_status_callback  TEXT,
                date_created         INTEGER NOT NULL,
                date_updated         INTEGER NOT NULL
            );

            CREATE INDEX ix_incoming_phone_numbers_account
                ON incoming_phone_numbers (account_sid, date_created, sid);

            CREATE TABLE sms_messages (
                sid                     TEXT    NOT NULL PRIMARY KEY,
                account_sid             TEXT    NOT NULL REFERENCES accounts (sid),
                sender                  TEXT    NOT NULL,
                recipient               TEXT    NOT NULL,
                body                    TEXT    NOT NULL,
                status                  TEXT    NOT NULL,
                direction               TEXT    NOT NULL,
                date_created            INTEGER NOT NULL,
                date_updated            INTEGER NOT NULL,
                date_sent               INTEGER,
                price                   TEXT    NOT NULL,
                price_unit              TEXT    NOT NULL,
                api_version             TEXT    NOT NULL,
                error_code              INTEGER,
                error_message           TEXT,
                status_callback         TEXT,
                status_callback_method  TEXT,
                carrier                 TEXT,
                num_segments            INTEGER NOT NULL,
                encoding                TEXT
            );

            CREATE INDEX ix_sms_messages_account_date
                ON sms_messages (account_sid, date_created, sid);

            CREATE TABLE sms_message_status_changes (
                message_sid         TEXT    NOT NULL REFERENCES sms_messages (sid),
                seq                 INTEGER NOT NULL,
                status              TEXT    NOT NULL,
                at                  INTEGER NOT NULL,
                carrier             TEXT,
                carrier_message_id  TEXT,
                error_code          INTEGER,
                PRIMARY KEY (message_sid, seq)
            ) WITHOUT ROWID;

            CREATE TABLE sms_message_segments (
                message_sid         TEXT    NOT NULL REFERENCES sms_messages (sid),
                segment_index       INTEGER NOT NULL,
                carrier             TEXT    NOT NULL,
                carrier_message_id  TEXT    NOT NULL,
                PRIMARY KEY (message_sid, segment_index)
            ) WITHOUT ROWID;

            CREATE INDEX ix_sms_message_segments_carrier_id
                ON sms_message_segments (carrier, carrier_message_id);
            """),

        new SqliteMigration(2, "outbox: retry state, per-part receipt outcomes, held receipts, status callback progress", """
            CREATE TABLE outbox_state (
                message_sid      TEXT    NOT NULL PRIMARY KEY REFERENCES sms_messages (sid),
                attempts         INTEGER NOT NULL,
                next_attempt_at  INTEGER NOT NULL,
                last_error       TEXT
            ) WITHOUT ROWID;

            CREATE TABLE sms_message_part_receipts (
                message_sid    TEXT    NOT NULL REFERENCES sms_messages (sid),
                segment_index  INTEGER NOT NULL,
                state          INTEGER NOT NULL,
                outcome        TEXT    NOT NULL,
                error_code     INTEGER,
                at             INTEGER NOT NULL,
                PRIMARY KEY (message_sid, segment_index)
            ) WITHOUT ROWID;

            CREATE TABLE pending_receipts (
                id                  INTEGER PRIMARY KEY,
                carrier             TEXT    NOT NULL,
                carrier_message_id  TEXT    NOT NULL,
                state               INTEGER NOT NULL,
                outcome             TEXT    NOT NULL,
                error_code          INTEGER,
                received_at         INTEGER NOT NULL
            );

            CREATE INDEX ix_pending_receipts_key ON pending_receipts (carrier, carrier_message_id);
            CREATE INDEX ix_pending_receipts_received ON pending_receipts (received_at);

            CREATE TABLE status_callback_progress (
                message_sid  TEXT    NOT NULL PRIMARY KEY REFERENCES sms_messages (sid),
                last_seq     INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE INDEX ix_sms_messages_queued ON sms_messages (date_created) WHERE status = 'queued';
            CREATE INDEX ix_sms_messages_in_flight ON sms_messages (recipient, date_created) WHERE status IN ('queued', 'sending');
            """),

        // Inbound (architecture.md rule 1, smpp.md P9, P13). inbound_parts holds every received part of a long
        // message before its deliver_sm_resp is sent, so a crash between parts loses nothing; the parts of a
        // completed message stay (message_sid set) for the duplicate window, so a part the SMSC resends after a lost
        // deliver_sm_resp is recognised instead of starting a phantom message. inbound_dedup does the same for
        // single-part messages by a fingerprint of their user data. inbound_webhooks is the durable queue of the
        // webhook to each message's app, written in the transaction that stores the message.
        new SqliteMigration(3, "inbound: message parts, duplicate window, webhook queue", """
            CREATE TABLE inbound_parts (
                carrier       TEXT    NOT NULL,
                source        TEXT    NOT NULL,
                destination   TEXT    NOT NULL,
                reference     INTEGER NOT NULL,
                total         INTEGER NOT NULL,
                seq           INTEGER NOT NULL,
                data_coding   INTEGER NOT NULL,
                unpacked_gsm  INTEGER NOT NULL,
                payload       BLOB    NOT NULL,
                received_at   INTEGER NOT NULL,
                message_sid   TEXT,
                completed_at  INTEGER,
                PRIMARY KEY (carrier, source, destination, reference, total, seq)
            ) WITHOUT ROWID;

            CREATE INDEX ix_inbound_parts_pending ON inbound_parts (received_at) WHERE message_sid IS NULL;
            CREATE INDEX ix_inbound_parts_completed ON inbound_parts (completed_at) WHERE message_sid IS NOT NULL;

            CREATE TABLE inbound_dedup (
                carrier       TEXT    NOT NULL,
                source        TEXT    NOT NULL,
                destination   TEXT    NOT NULL,
                fingerprint   TEXT    NOT NULL,
                message_sid   TEXT    NOT NULL,
                received_at   INTEGER NOT NULL,
                PRIMARY KEY (carrier, source, destination, fingerprint)
            ) WITHOUT ROWID;

            CREATE INDEX ix_inbound_dedup_received ON inbound_dedup (received_at);

            CREATE TABLE inbound_webhooks (
                message_sid      TEXT    NOT NULL PRIMARY KEY REFERENCES sms_messages (sid),
                url              TEXT    NOT NULL,
                method           TEXT    NOT NULL,
                fallback_url     TEXT,
                fallback_method  TEXT    NOT NULL,
                state            TEXT    NOT NULL CHECK (state IN ('pending', 'completed', 'failed')),
                attempts         INTEGER NOT NULL,
                next_attempt_at  INTEGER NOT NULL,
                created_at       INTEGER NOT NULL,
                completed_at     INTEGER,
                outcome          TEXT
            ) WITHOUT ROWID;

            CREATE INDEX ix_inbound_webhooks_due ON inbound_webhooks (next_attempt_at) WHERE state = 'pending';
            """),

        // Status callbacks owed (restcomm.md §1.7, architecture.md rule 1): status_callback_owed holds exactly the
        // messages with a StatusCallback and a sent/final history entry not yet marked in status_callback_progress, so
        // the notifier can replay them at start by reading only those rows (oldest first by id) instead of scanning
        // every message. Triggers keep it in step with the history, so no writer has to remember it: a callbackable
        // entry adds the message (once), and progress that passes its last callbackable entry removes it. Both run
        // inside the writer's transaction, so the set and the history never disagree. The last statement fills it
        // from the history already stored (callbacks lost from memory by earlier stops).
        new SqliteMigration(4, "status callbacks owed: replay set kept by triggers", """
            CREATE TABLE status_callback_owed (
                id           INTEGER PRIMARY KEY,
                message_sid  TEXT    NOT NULL UNIQUE REFERENCES sms_messages (sid)
            );

            CREATE TRIGGER tr_status_callback_owed_add
            AFTER INSERT ON sms_message_status_changes
            WHEN NEW.status IN ('sent', 'delivered', 'undelivered', 'failed')
            BEGIN
                INSERT OR IGNORE INTO status_callback_owed (message_sid)
                SELECT m.sid FROM sms_messages m
                WHERE m.sid = NEW.message_sid AND m.status_callback IS NOT NULL AND m.status_callback <> '';
            END;

            CREATE TRIGGER tr_status_callback_owed_done_insert
            AFTER INSERT ON status_callback_progress
            BEGIN
                DELETE FROM status_callback_owed
                WHERE message_sid = NEW.message_sid
                  AND NOT EXISTS (
                      SELECT 1 FROM sms_message_status_changes c
                      WHERE c.message_sid = NEW.message_sid AND c.seq > NEW.last_seq
                        AND c.status IN ('sent', 'delivered', 'undelivered', 'failed'));
            END;

            CREATE TRIGGER tr_status_callback_owed_done_update
            AFTER UPDATE OF last_seq ON status_callback_progress
            BEGIN
                DELETE FROM status_callback_owed
                WHERE message_sid = NEW.message_sid
                  AND NOT EXISTS (
                      SELECT 1 FROM sms_message_status_changes c
                      WHERE c.message_sid = NEW.message_sid AND c.seq > NEW.last_seq
                        AND c.status IN ('sent', 'delivered', 'undelivered', 'failed'));
            END;

            INSERT INTO status_callback_owed (message_sid)
            SELECT m.sid FROM sms_messages m
            WHERE m.status_callback IS NOT NULL AND m.status_callback <> ''
              AND EXISTS (
                  SELECT 1 FROM sms_message_status_changes c
                  WHERE c.message_sid = m.sid
                    AND c.status IN ('sent', 'delivered', 'undelivered', 'failed')
                    AND c.seq > COALESCE((SELECT p.last_seq FROM status_callback_progress p WHERE p.message_sid = m.sid), -1))
            ORDER BY m.date_created, m.rowid;
            """),

        // Inbound webhook claims (architecture.md rule 1): the dispatcher marks a webhook as taken in the writer
        // transaction that picks it, so a row is run by one dispatch only; a listing that read the row while its run
        // was ending used to start it a second time (the end-to-end MO benchmark: 1,507 webhooks for 1,500 MOs).
        // A claim left by a crash or a stop is cleared at the next start, so the webhook runs again (at least once
        // across crashes). The partial index holds only the claimed rows (at most the dispatcher's concurrency), so
        // clearing them at start reads a handful of entries, not the whole table.
        new SqliteMigration(5, "inbound webhook claims: one dispatch per webhook", """
            ALTER TABLE inbound_webhooks ADD COLUMN claimed_at INTEGER;

            CREATE INDEX ix_inbound_webhooks_claimed ON inbound_webhooks (message_sid) WHERE claimed_at IS NOT NULL;
            """),

        // Status callbacks that failed for good (restcomm.md §1.7): one row per history entry whose callback still
        // failed after the webhook client's retries, written in the writer transaction that moves the progress past
        // it, so a crash cannot lose the record. An operator's requeue sets requeued_at and puts the message back into
        // status_callback_owed (the replay set of migration 4); the notifier then reads the requeued entries with the
        // owed ones and deletes each row in the write that records its new outcome (or records it failed again). The
        // two progress triggers of migration 4 are recreated so that they keep a message owed while one of its entries
        // is requeued and not yet made, even when the progress passes its last entry: a stop then replays it too.
        // The partial index holds only the failed rows an operator has not requeued: the listing, the count of the
        // metrics gauge and the clean-up by age read it alone.
        new SqliteMigration(6, "status callbacks failed for good: records for an operator requeue", """
            CREATE TABLE status_callback_failures (
                message_sid  TEXT    NOT NULL REFERENCES sms_messages (sid),
                seq          INTEGER NOT NULL,
                status       TEXT    NOT NULL,
                failed_at    INTEGER NOT NULL,
                error        TEXT,
                requeued_at  INTEGER,
                PRIMARY KEY (message_sid, seq)
            ) WITHOUT ROWID;

            CREATE INDEX ix_status_callback_failures_failed ON status_callback_failures (failed_at) WHERE requeued_at IS NULL;

            DROP TRIGGER tr_status_callback_owed_done_insert;
            DROP TRIGGER tr_status_callback_owed_done_update;

            CREATE TRIGGER tr_status_callback_owed_done_insert
            AFTER INSERT ON status_callback_progress
            BEGIN
                DELETE FROM status_callback_owed
                WHERE message_sid = NEW.message_sid
                  AND NOT EXISTS (
                      SELECT 1 FROM sms_message_status_changes c
                      WHERE c.message_sid = NEW.message_sid AND c.seq > NEW.last_seq
                        AND c.status IN ('sent', 'delivered', 'undelivered', 'failed'))
                  AND NOT EXISTS (
                      SELECT 1 FROM status_callback_failures f
                      WHERE f.message_sid = NEW.message_sid AND f.requeued_at IS NOT NULL);
            END;

            CREATE TRIGGER tr_status_callback_owed_done_update
            AFTER UPDATE OF last_seq ON status_callback_progress
            BEGIN
                DELETE FROM status_callback_owed
                WHERE message_sid = NEW.message_sid
                  AND NOT EXISTS (
                      SELECT 1 FROM sms_message_status_changes c
                      WHERE c.message_sid = NEW.message_sid AND c.seq > NEW.last_seq
                        AND c.status IN ('sent', 'delivered', 'undelivered', 'failed'))
                  AND NOT EXISTS (
                      SELECT 1 FROM status_callback_failures f
                      WHERE f.message_sid = NEW.message_sid AND f.requeued_at IS NOT NULL);
            END;
            """),

        // Outbox heads (architecture.md: per-destination order; smpp.md P4). The claim used to walk every queued
        // message in date order and probe each for an older or sending one to the same number, so a deep backlog to
        // one number cost the whole backlog per claim on the writer thread. outbox_heads holds, per recipient with a
        // message queued or sending, the earliest such message (by date_created, then rowid: the claim's order) and
        // whether any of them is sending; the claim reads the ready heads in order from the partial index, so its cost
        // follows the number of destinations with a backlog, never the depth of one. Only outbound messages are ever
        // queued or sending, and like the claim before it the heads do not test the direction (the claim does, for
        // the head it takes): with the direction test in the recomputing subqueries each status change cost about
        // 45 µs more (sqlite3, 200,000 queued to 1,024 numbers; 5 µs without), twice per message on the writer.
        // Triggers keep it in step inside the writing transaction, so no code path has to remember it:
        // - an insert of a queued/sending message upserts its recipient's row, and writes only when it is
        //   the first, earlier than the head, or the first sending one (the API insert stays one primary key probe);
        // - a status change into or out of queued/sending, and a delete of such a row, recompute the one recipient
        //   from ix_sms_messages_in_flight (first entry) and ix_sms_messages_sending (new: a handful of rows), and
        //   drop the row when nothing is left in flight;
        // - a change between queued and sending (a claim, a retry put back) leaves the recipient's in-flight set and
        //   so its head as they were: only the flag is set (claim) or looked up again (retry), one probe instead of
        //   the recompute (a claim is the most frequent status change after the API insert);
        // - a change of recipient or date_created of an in-flight row (no code does it) recomputes both recipients, so
        //   the table stays a function of sms_messages whatever writes it.
        // The last statement fills the table from the rows already queued or sending.
        new SqliteMigration(7, "outbox heads: the first in-flight message per destination, kept by triggers", $$"""
            CREATE TABLE outbox_heads (
                recipient          TEXT    NOT NULL PRIMARY KEY,
                head_sid           TEXT    NOT NULL,
                head_date_created  INTEGER NOT NULL,
                head_rowid         INTEGER NOT NULL,
                sending            INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE INDEX ix_outbox_heads_ready
                ON outbox_heads (head_date_created, head_rowid, head_sid, sending) WHERE sending = 0;

            CREATE INDEX ix_sms_messages_sending ON sms_messages (recipient) WHERE status = 'sending';

            CREATE TRIGGER tr_outbox_heads_insert
            AFTER INSERT ON sms_messages
            WHEN NEW.status IN ('queued', 'sending')
            BEGIN
                INSERT INTO outbox_heads (recipient, head_sid, head_date_created, head_rowid, sending)
                VALUES (NEW.recipient, NEW.sid, NEW.date_created, NEW.rowid, NEW.status = 'sending')
                ON CONFLICT (recipient) DO UPDATE SET
                    head_sid = CASE WHEN (excluded.head_date_created, excluded.head_rowid) < (head_date_created, head_rowid)
                        THEN excluded.head_sid ELSE head_sid END,
                    head_date_created = CASE WHEN (excluded.head_date_created, excluded.head_rowid) < (head_date_created, head_rowid)
                        THEN excluded.head_date_created ELSE head_date_created END,
                    head_rowid = CASE WHEN (excluded.head_date_created, excluded.head_rowid) < (head_date_created, head_rowid)
                        THEN excluded.head_rowid ELSE head_rowid END,
                    sending = sending OR excluded.sending
                WHERE (excluded.head_date_created, excluded.head_rowid) < (head_date_created, head_rowid)
                   OR (excluded.sending AND NOT sending);
            END;

            CREATE TRIGGER tr_outbox_heads_status
            AFTER UPDATE OF status ON sms_messages
            WHEN OLD.status IS NOT NEW.status
             AND (OLD.status IN ('queued', 'sending')) IS NOT (NEW.status IN ('queued', 'sending'))
            BEGIN
            {{V7RecomputeRecipient("NEW")}}
            END;

            CREATE TRIGGER tr_outbox_heads_sending
            AFTER UPDATE OF status ON sms_messages
            WHEN OLD.status IS NOT NEW.status
             AND OLD.status IN ('queued', 'sending') AND NEW.status IN ('queued', 'sending')
            BEGIN
                UPDATE outbox_heads
                SET sending = CASE WHEN NEW.status = 'sending' THEN 1
                    ELSE EXISTS (SELECT 1 FROM sms_messages s WHERE s.recipient = NEW.recipient AND s.status = 'sending') END
                WHERE recipient = NEW.recipient;
            END;

            CREATE TRIGGER tr_outbox_heads_delete
            AFTER DELETE ON sms_messages
            WHEN OLD.status IN ('queued', 'sending')
            BEGIN
            {{V7RecomputeRecipient("OLD")}}
            END;

            CREATE TRIGGER tr_outbox_heads_key
            AFTER UPDATE OF recipient, date_created ON sms_messages
            WHEN (OLD.recipient IS NOT NEW.recipient OR OLD.date_created IS NOT NEW.date_created)
             AND (OLD.status IN ('queued', 'sending') OR NEW.status IN ('queued', 'sending'))
            BEGIN
            {{V7RecomputeRecipient("OLD")}}
            {{V7RecomputeRecipient("NEW")}}
            END;

            INSERT INTO outbox_heads (recipient, head_sid, head_date_created, head_rowid, sending)
            SELECT m.recipient, m.sid, m.date_created, m.rowid,
                EXISTS (SELECT 1 FROM sms_messages s WHERE s.recipient = r.recipient AND s.status = 'sending')
            FROM (
                SELECT DISTINCT recipient FROM sms_messages
                WHERE status IN ('queued', 'sending')) r
            JOIN sms_messages m ON m.rowid = (
                SELECT x.rowid FROM sms_messages x
                WHERE x.recipient = r.recipient AND x.status IN ('queued', 'sending')
                ORDER BY x.date_created, x.rowid
                LIMIT 1);
            """),

        // Carrier pauses (admin endpoint) outlive a restart: one row per paused carrier, written before the pause
        // is answered and read at start before any bind comes up. The name is the configured one; NOCASE matches
        // the case-insensitive carrier names exactly, since the validator allows ASCII letters, digits, '-', '_'
        // and '.' only. A row whose carrier is no longer configured stays, so the pause applies again if the
        // carrier comes back.
        new SqliteMigration(8, "carrier pauses: an operator's pause survives a restart", """
            CREATE TABLE carrier_pauses (
                carrier    TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
                paused_at  INTEGER NOT NULL
            );
            """),

        // A long message whose bind dropped after some parts were accepted keeps the concatenation reference its
        // parts carry (UDH IE 0x00/0x08 or sar_msg_ref_num), so the next attempt sends only the parts with no carrier
        // id, composed with the same reference, and the handset joins them to the ones it has (GSM 03.40
        // §9.2.3.24.1). Null for every other message: the claim reads it through the LEFT JOIN it already makes.
        new SqliteMigration(9, "outbox: the concatenation reference of a partly sent long message", """
            ALTER TABLE outbox_state ADD COLUMN concat_reference INTEGER;
            """),

        // ix_sms_messages_queued (migration 2) served the claim's search for due queued messages. Since migration 7
        // the claim reads outbox_heads, and the outbox depth reads ix_sms_messages_in_flight: nothing reads it, yet
        // every queued message paid an insert into it and a delete from it when it left queued.
        new SqliteMigration(10, "drop the queued-message index that nothing reads since the outbox heads", """
            DROP INDEX ix_sms_messages_queued;
            """),
    ];

    // Part of migration 7 (released text: never edit). Recomputes one recipient's outbox_heads row from its in-flight
    // messages: the first by (date_created, rowid) from ix_sms_messages_in_flight, and whether one is sending from
    // ix_sms_messages_sending; the upsert writes only when something changed, and the delete drops the row when
    // nothing is in flight any more. For the row a trigger names NEW or OLD.
    private static string V7RecomputeRecipient(string row) => $"""
        INSERT INTO outbox_heads (recipient, head_sid, head_date_created, head_rowid, sending)
        SELECT m.recipient, m.sid, m.date_created, m.rowid,
            EXISTS (SELECT 1 FROM sms_messages s WHERE s.recipient = {row}.recipient AND s.status = 'sending')
        FROM sms_messages m
        WHERE m.recipient = {row}.recipient AND m.status IN ('queued', 'sending')
        ORDER BY m.date_created, m.rowid
        LIMIT 1
        ON CONFLICT (recipient) DO UPDATE SET
            head_sid = excluded.head_sid,
            head_date_created = excluded.head_date_created,
            head_rowid = excluded.head_rowid,
            sending = excluded.sending
        WHERE head_sid IS NOT excluded.head_sid OR head_date_created IS NOT excluded.head_date_created
           OR head_rowid IS NOT excluded.head_rowid OR sending IS NOT excluded.sending;

        DELETE FROM outbox_heads
        WHERE recipient = {row}.recipient
          AND NOT EXISTS (
              SELECT 1 FROM sms_messages m WHERE m.recipient = {row}.recipient AND m.status IN ('queued', 'sending'));
        """;
}
