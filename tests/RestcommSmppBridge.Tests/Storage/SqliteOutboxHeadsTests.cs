using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// outbox_heads (migration 7): the claim reads one head per destination, and the triggers keep the heads equal to
/// what the old claim query derived from sms_messages, whatever path changed a status.
/// </summary>
[TestFixture]
public sealed class SqliteOutboxHeadsTests
{
    private const string A = "+15550000001";
    private const string B = "+15550000002";
    private const string C = "+15550000003";

    private static readonly DateTimeOffset T0 = TestStore.T0;

    // The claim query before migration 7, kept as the oracle: every queued outbound message that is due and has no
    // other queued/sending message to its recipient that is sending or earlier, in (date_created, rowid) order.
    private const string OldSelectDue = """
        SELECT m.sid
        FROM sms_messages m
        LEFT JOIN outbox_state o ON o.message_sid = m.sid
        WHERE m.status = 'queued'
          AND m.direction IN ('outbound-api', 'outbound-call', 'outbound-reply')
          AND COALESCE(o.next_attempt_at, 0) <= @Now
          AND NOT EXISTS (
              SELECT 1 FROM sms_messages e
              WHERE e.recipient = m.recipient
                AND e.status IN ('queued', 'sending')
                AND e.sid <> m.sid
                AND (e.status = 'sending' OR e.date_created < m.date_created
                     OR (e.date_created = m.date_created AND e.rowid < m.rowid)))
        ORDER BY m.date_created, m.rowid
        LIMIT @Max;
        """;

    // What outbox_heads must hold, derived from sms_messages alone (written independently of the migration's text).
    private const string HeadsFromMessages = """
        SELECT m.recipient || '|' || m.sid || '|' || m.date_created || '|' || m.rowid || '|' ||
            EXISTS (SELECT 1 FROM sms_messages s WHERE s.recipient = m.recipient AND s.status = 'sending')
        FROM sms_messages m
        WHERE m.status IN ('queued', 'sending')
          AND NOT EXISTS (
              SELECT 1 FROM sms_messages e
              WHERE e.recipient = m.recipient AND e.status IN ('queued', 'sending')
                AND (e.date_created < m.date_created OR (e.date_created = m.date_created AND e.rowid < m.rowid)))
        ORDER BY m.recipient;
        """;

    private const string HeadsStored = """
        SELECT recipient || '|' || head_sid || '|' || head_date_created || '|' || head_rowid || '|' || sending
        FROM outbox_heads ORDER BY recipient;
        """;

    [Test]
    public async Task ClaimAsync_InsertClaimSentFailedReschedule_OneInFlightPerDestinationInOrder()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage a1 = await InsertAsync(store, account, A, T0);
        SmsMessage a2 = await InsertAsync(store, account, A, T0.AddSeconds(1));
        SmsMessage b1 = await InsertAsync(store, account, B, T0.AddSeconds(2));
        SmsMessage a3 = await InsertAsync(store, account, A, T0.AddSeconds(3));
        DateTimeOffset now = T0.AddSeconds(5);
        List<string> steps = [];

        async Task<string> ClaimAsync(DateTimeOffset at)
        {
            IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(10, at, CancellationToken.None);
            AssertHeadsMatchMessages(store);
            return string.Join(',', claimed.Select(c => Name(c.Message.Sid) + "#" + c.Attempts.ToString(CultureInfo.InvariantCulture)));
        }

        string Name(string sid) => sid == a1.Sid ? "a1" : sid == a2.Sid ? "a2" : sid == a3.Sid ? "a3" : sid == b1.Sid ? "b1" : "?";

        steps.Add(await ClaimAsync(now));
        steps.Add(await ClaimAsync(now));
        await outbox.RecordSentAsync(Sent(a1.Sid, now, "k-a1"), CancellationToken.None);
        steps.Add(await ClaimAsync(now));
        await outbox.RecordFailedAsync(b1.Sid, now, "sim", 30008, "rejected", CancellationToken.None);
        steps.Add(await ClaimAsync(now));
        await outbox.RescheduleAsync(a2.Sid, now, now.AddSeconds(30), 30001, "throttled", countAttempt: true, CancellationToken.None);
        steps.Add(await ClaimAsync(now.AddSeconds(29)));
        steps.Add(await ClaimAsync(now.AddSeconds(30)));
        await outbox.RecordFailedAsync(a2.Sid, now.AddSeconds(31), "sim", 30008, "rejected", CancellationToken.None);
        steps.Add(await ClaimAsync(now.AddSeconds(31)));
        await outbox.RecordSentAsync(Sent(a3.Sid, now.AddSeconds(32), "k-a3"), CancellationToken.None);
        steps.Add(await ClaimAsync(now.AddSeconds(32)));

        Assert.Multiple(() =>
        {
            Assert.That(steps, Is.EqualTo(new[] { "a1#0,b1#0", "", "a2#0", "", "", "a2#1", "a3#0", "" }));
            Assert.That(Read(store, HeadsStored), Is.Empty, "nothing queued or sending is left");
        });
    }

    [Test]
    public async Task ClaimAsync_RescheduledHead_StaysHeadAndBlocksLaterMessagesUntilDue()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage a1 = await InsertAsync(store, account, A, T0);
        SmsMessage a2 = await InsertAsync(store, account, A, T0.AddSeconds(1));
        await outbox.ClaimAsync(10, T0.AddSeconds(2), CancellationToken.None);
        await outbox.RescheduleAsync(a1.Sid, T0.AddSeconds(2), T0.AddMinutes(1), 30001, "throttled", countAttempt: true, CancellationToken.None);

        string[] headsWaiting = Read(store, HeadsStored);
        IReadOnlyList<OutboxMessage> early = await outbox.ClaimAsync(10, T0.AddSeconds(59), CancellationToken.None);
        IReadOnlyList<OutboxMessage> due = await outbox.ClaimAsync(10, T0.AddMinutes(1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(headsWaiting, Has.Length.EqualTo(1));
            Assert.That(headsWaiting[0], Does.StartWith(A + "|" + a1.Sid + "|").And.EndWith("|0"));
            Assert.That(early, Is.Empty, "a2 waits behind the head's retry");
            Assert.That(due.Select(c => (c.Message.Sid, c.Attempts)), Is.EqualTo(new[] { (a1.Sid, 1) }));
            Assert.That(a2.Sid, Is.Not.EqualTo(a1.Sid));
        });
        AssertHeadsMatchMessages(store);
    }

    [Test]
    public async Task ClaimAsync_ReceiptsToFinal_NextMessageOfTheDestinationClaimable()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage a1 = await InsertAsync(store, account, A, T0);
        SmsMessage a2 = await InsertAsync(store, account, A, T0.AddSeconds(1));
        SmsMessage a3 = await InsertAsync(store, account, A, T0.AddSeconds(2));
        DateTimeOffset now = T0.AddSeconds(5);

        IReadOnlyList<OutboxMessage> first = await outbox.ClaimAsync(10, now, CancellationToken.None);
        OutboxReceiptResult held = await outbox.ApplyReceiptAsync(Receipt("k-a1", now), CancellationToken.None);
        IReadOnlyList<OutboxStatusChange> sentThenDelivered = await outbox.RecordSentAsync(Sent(a1.Sid, now, "k-a1"), CancellationToken.None);
        AssertHeadsMatchMessages(store);
        IReadOnlyList<OutboxMessage> second = await outbox.ClaimAsync(10, now, CancellationToken.None);
        await outbox.RecordSentAsync(Sent(a2.Sid, now, "k-a2") with { Final = MessageStatus.Undelivered, ErrorCode = 30005 }, CancellationToken.None);
        AssertHeadsMatchMessages(store);
        IReadOnlyList<OutboxMessage> third = await outbox.ClaimAsync(10, now, CancellationToken.None);
        await outbox.RecordSentAsync(Sent(a3.Sid, now, "k-a3"), CancellationToken.None);
        OutboxReceiptResult late = await outbox.ApplyReceiptAsync(Receipt("k-a3", now), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(c => c.Message.Sid), Is.EqualTo(new[] { a1.Sid }));
            Assert.That(held.Disposition, Is.EqualTo(OutboxReceiptDisposition.Held));
            Assert.That(sentThenDelivered.Select(c => c.Status), Is.EqualTo(new[] { MessageStatus.Sent, MessageStatus.Delivered }));
            Assert.That(second.Select(c => c.Message.Sid), Is.EqualTo(new[] { a2.Sid }));
            Assert.That(third.Select(c => c.Message.Sid), Is.EqualTo(new[] { a3.Sid }));
            Assert.That(late.Changes.Select(c => c.Status), Is.EqualTo(new[] { MessageStatus.Delivered }));
            Assert.That(Read(store, HeadsStored), Is.Empty);
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task RecoverSendingAsync_AfterStop_HeadsFollowResubmitOrFailure(bool resubmit)
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        SmsMessage a1 = await InsertAsync(store, account, A, T0);
        SmsMessage a2 = await InsertAsync(store, account, A, T0.AddSeconds(1));
        SmsMessage b1 = await InsertAsync(store, account, B, T0.AddSeconds(2));
        await outbox.ClaimAsync(10, T0.AddSeconds(3), CancellationToken.None);
        DateTimeOffset restart = T0.AddMinutes(5);

        await outbox.RecoverSendingAsync(restart, resubmit, CancellationToken.None);
        AssertHeadsMatchMessages(store);
        IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(10, restart, CancellationToken.None);

        (string, int)[] expected = resubmit ? [(a1.Sid, 1), (b1.Sid, 1)] : [(a2.Sid, 0)];
        Assert.That(claimed.Select(c => (c.Message.Sid, c.Attempts)), Is.EqualTo(expected));
        AssertHeadsMatchMessages(store);
    }

    [Test]
    public async Task ClaimAsync_ManyDestinationsInterleaved_EachRoundOneHeadPerDestinationInDateOrder()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        string[] recipients = ["+15550000101", "+15550000102", "+15550000103", "+15550000104", "+15550000105"];
        List<SmsMessage> inserted = [];
        for (int i = 0; i < 20; i++)
        {
            inserted.Add(await InsertAsync(store, account, recipients[(i * 3) % recipients.Length], T0.AddSeconds(i)));
        }

        DateTimeOffset now = T0.AddMinutes(1);
        List<string> order = [];
        int rounds = 0;
        while (order.Count < inserted.Count && rounds++ < 40)
        {
            string[] oracle = Due(store, OldSelectDue, now, 3);
            IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(3, now, CancellationToken.None);
            Assert.That(claimed.Select(c => c.Message.Sid), Is.EqualTo(oracle), $"round {rounds}");
            Assert.That(claimed.Select(c => c.Message.To).Distinct().Count(), Is.EqualTo(claimed.Count), "one in flight per destination");
            foreach (OutboxMessage message in claimed)
            {
                order.Add(message.Message.Sid);
                await outbox.RecordSentAsync(Sent(message.Message.Sid, now, "k-" + message.Message.Sid), CancellationToken.None);
            }

            AssertHeadsMatchMessages(store);
        }

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EquivalentTo(inserted.Select(m => m.Sid)));
            foreach (string recipient in recipients)
            {
                string[] perDestination = [.. inserted.Where(m => m.To == recipient).Select(m => m.Sid)];
                Assert.That(order.Where(perDestination.Contains), Is.EqualTo(perDestination), recipient);
            }
        });
    }

    [Test]
    public async Task Migration7_FromVersion6WithQueuedAndSendingRows_BackfillsHeadsAndClaimsWhatTheOldQueryDid()
    {
        string folder = TestStore.NewFolder();
        string path = Path.Combine(folder, "db", "bridge.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long now = SqliteValues.ToTicks(T0.AddMinutes(1));
        string[] expected;
        long versionBefore;
        using (SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            versionBefore = SqliteMigrator.Apply(connection, [.. SqliteMigrations.All.Where(m => m.Version <= 6)], path, TimeProvider.System,
                NullLogger.Instance, CancellationToken.None);
            Execute(connection, """
                INSERT INTO accounts (sid, auth_token, status, friendly_name, date_created, date_updated)
                VALUES ('AC00000000000000000000000000000001', 't', 'active', 'a', 0, 0);
                """);
            long t = SqliteValues.ToTicks(T0);
            InsertRow(connection, "SMa0", A, "sending", "outbound-api", t);
            InsertRow(connection, "SMa1", A, "queued", "outbound-api", t + 1);
            InsertRow(connection, "SMb1", B, "queued", "outbound-api", t + 3);
            InsertRow(connection, "SMb2", B, "queued", "outbound-api", t + 4);
            InsertRow(connection, "SMc1", C, "queued", "outbound-api", t + 5);
            InsertRow(connection, "SMc2", C, "queued", "outbound-api", t + 6);
            Execute(connection, $"INSERT INTO outbox_state (message_sid, attempts, next_attempt_at) VALUES ('SMc1', 1, {now + 1});");
            InsertRow(connection, "SMd1", "+15550000004", "sent", "outbound-api", t);
            InsertRow(connection, "SMd2", "+15550000004", "queued", "outbound-api", t + 7);
            InsertRow(connection, "SMe1", "+15550000005", "queued", "outbound-api", t + 8);
            InsertRow(connection, "SMe2", "+15550000005", "sending", "outbound-api", t + 9);
            InsertRow(connection, "SMf0", "+15550000006", "received", "inbound", t);
            InsertRow(connection, "SMf1", "+15550000006", "queued", "outbound-reply", t + 2);
            InsertRow(connection, "SMg2", "+15550000007", "queued", "outbound-call", t + 10);
            InsertRow(connection, "SMg1", "+15550000007", "queued", "outbound-call", t + 10);
            InsertRow(connection, "SMh1", "+15550000008", "failed", "outbound-api", t);
            expected = Due(connection, OldSelectDue, now, 100);
        }

        SqliteConnection.ClearAllPools();
        await using TestStore store = await TestStore.OpenAsync(folder);
        string[] heads = Read(store, HeadsStored);
        string[] derived = Read(store, HeadsFromMessages);
        IReadOnlyList<OutboxMessage> claimed = await new SqliteOutboxStore(store.Database)
            .ClaimAsync(100, SqliteValues.FromTicks(now), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(versionBefore, Is.EqualTo(6));
            Assert.That(expected, Is.EqualTo(new[] { "SMf1", "SMb1", "SMd2", "SMg2" }), "the oracle on the version-6 file");
            Assert.That(heads, Is.EqualTo(derived));
            Assert.That(heads.Select(h => h.Split('|')[1]), Is.EqualTo(new[] { "SMa0", "SMb1", "SMc1", "SMd2", "SMe1", "SMf1", "SMg2" }));
            Assert.That(claimed.Select(c => c.Message.Sid), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task ClaimAsync_RandomOperations_CandidatesEqualTheOldQueryAfterEveryStep()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        Random random = new(20260127);
        string[] recipients = [.. Enumerable.Range(0, 10).Select(i => "+1555000" + (1000 + i).ToString(CultureInfo.InvariantCulture))];
        DateTimeOffset now = T0;
        int claims = 0;
        int claimedMessages = 0;
        for (int step = 0; step < 300; step++)
        {
            int op = random.Next(100);
            if (op < 35)
            {
                // Mostly in order; sometimes earlier than what is queued (a reply dated before a retry), sometimes a tie.
                DateTimeOffset created = random.Next(5) switch
                {
                    0 => now.AddSeconds(-random.Next(60)),
                    1 => T0,
                    _ => now,
                };
                SmsMessage message = TestStore.NewMessage(account.Sid, created) with { To = recipients[random.Next(recipients.Length)] };
                if (random.Next(10) == 0)
                {
                    message = message with { Status = MessageStatus.Received, Direction = MessageDirection.Inbound };
                }
                else if (random.Next(10) == 0)
                {
                    message = message with { Direction = MessageDirection.OutboundReply };
                }

                await store.Messages.InsertAsync(message, CancellationToken.None);
            }
            else if (op < 55)
            {
                IReadOnlyList<OutboxMessage> claimed = await outbox.ClaimAsync(1 + random.Next(4), now, CancellationToken.None);
                claims++;
                claimedMessages += claimed.Count;
            }
            else if (op < 70)
            {
                if (Pick(store, random, "sending") is string sid)
                {
                    await outbox.RecordSentAsync(Sent(sid, now, "k-" + sid), CancellationToken.None);
                }
            }
            else if (op < 78)
            {
                if (Pick(store, random, random.Next(2) == 0 ? "queued" : "sending") is string sid)
                {
                    await outbox.RecordFailedAsync(sid, now, "sim", 30008, "rejected", CancellationToken.None);
                }
            }
            else if (op < 93)
            {
                if (Pick(store, random, "sending") is string sid)
                {
                    await outbox.RescheduleAsync(sid, now, now.AddSeconds(random.Next(20)), 30001, "throttled", countAttempt: true,
                        CancellationToken.None);
                }
            }
            else
            {
                now = now.AddSeconds(1 + random.Next(10));
            }

            foreach ((DateTimeOffset at, int max) in new[] { (now, 1000), (now, 2), (now.AddSeconds(15), 1000) })
            {
                Assert.That(Due(store, SqliteOutboxStore.SelectDue, at, max), Is.EqualTo(Due(store, OldSelectDue, at, max)),
                    $"step {step} (op {op}), at +{(at - T0).TotalSeconds} s, max {max}");
            }

            AssertHeadsMatchMessages(store);
        }

        Assert.Multiple(() =>
        {
            Assert.That(claims, Is.GreaterThan(30), "the walk claimed often");
            Assert.That(claimedMessages, Is.GreaterThan(30), "the walk claimed messages");
        });
    }

    [Test]
    public async Task Triggers_DeleteAndKeyColumnChangesBySql_HeadsStayDerivedFromMessages()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        SmsMessage a1 = await InsertAsync(store, account, A, T0);
        SmsMessage a2 = await InsertAsync(store, account, A, T0.AddSeconds(1));
        SmsMessage b1 = await InsertAsync(store, account, B, T0.AddSeconds(2));
        List<string[]> seen = [];

        using (SqliteConnection connection = store.Database.OpenConnection())
        {
            foreach (string sql in new[]
            {
                $"UPDATE sms_messages SET date_created = date_created + 100000000 WHERE sid = '{a1.Sid}';",
                $"UPDATE sms_messages SET recipient = '{C}' WHERE sid = '{a2.Sid}';",
                $"UPDATE sms_messages SET direction = 'inbound' WHERE sid = '{b1.Sid}';",
                $"UPDATE sms_messages SET status = 'sending' WHERE sid = '{a1.Sid}';",
                $"DELETE FROM sms_message_status_changes WHERE message_sid = '{a1.Sid}'; DELETE FROM sms_messages WHERE sid = '{a1.Sid}';",
                $"UPDATE sms_messages SET direction = 'outbound-api' WHERE sid = '{b1.Sid}';",
            })
            {
                Execute(connection, sql);
                seen.Add(Read(store, HeadsStored));
                Assert.That(seen[^1], Is.EqualTo(Read(store, HeadsFromMessages)), sql);
            }
        }

        Assert.That(seen[^1].Select(h => h.Split('|')[1]), Is.EqualTo(new[] { b1.Sid, a2.Sid }));
    }

    [Test]
    public async Task ClaimAsync_DeepBacklogToOneNumber_ReturnsTheHeadAndThePlanNeverScansMessages()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOutboxStore outbox = new(store.Database);
        Account account = await store.AddAccountAsync();
        long t = SqliteValues.ToTicks(T0);
        using (SqliteConnection connection = store.Database.OpenConnection())
        using (SqliteTransaction transaction = connection.BeginTransaction())
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO sms_messages (sid, account_sid, sender, recipient, body, status, direction, date_created, date_updated,
                    price, price_unit, api_version, num_segments)
                VALUES (@Sid, @Account, '+15550001111', @To, 'hello', 'queued', 'outbound-api', @At, @At, '0', 'USD', '2012-04-24', 1);
                """;
            SqliteParameter sid = insert.Parameters.Add("@Sid", SqliteType.Text);
            SqliteParameter at = insert.Parameters.Add("@At", SqliteType.Integer);
            SqliteParameter to = insert.Parameters.Add("@To", SqliteType.Text);
            insert.Parameters.AddWithValue("@Account", account.Sid);
            for (int i = 0; i < 40_000; i++)
            {
                sid.Value = "SMdeep" + i.ToString("D26", CultureInfo.InvariantCulture);
                at.Value = t + i;
                to.Value = A;
                insert.ExecuteNonQuery();
            }

            sid.Value = "SMother";
            at.Value = t + 50_000;
            to.Value = B;
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        IReadOnlyList<OutboxMessage> first = await outbox.ClaimAsync(32, T0.AddMinutes(1), CancellationToken.None);
        IReadOnlyList<OutboxMessage> whileSending = await outbox.ClaimAsync(32, T0.AddMinutes(1), CancellationToken.None);
        await outbox.RecordSentAsync(Sent(first[0].Message.Sid, T0.AddMinutes(1), "k-deep"), CancellationToken.None);
        IReadOnlyList<OutboxMessage> next = await outbox.ClaimAsync(32, T0.AddMinutes(1), CancellationToken.None);
        string[] plan = Plan(store, SqliteOutboxStore.SelectDue);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(c => c.Message.Sid), Is.EqualTo(new[] { "SMdeep" + 0.ToString("D26", CultureInfo.InvariantCulture), "SMother" }));
            Assert.That(whileSending, Is.Empty);
            Assert.That(next.Select(c => c.Message.Sid), Is.EqualTo(new[] { "SMdeep" + 1.ToString("D26", CultureInfo.InvariantCulture) }));
            Assert.That(plan.Where(p => p.StartsWith("SCAN", StringComparison.Ordinal)), Is.EqualTo(new[] { "SCAN h USING COVERING INDEX ix_outbox_heads_ready" }),
                string.Join(" / ", plan));
            Assert.That(plan, Has.Some.StartsWith("SEARCH m USING INDEX"), string.Join(" / ", plan));
            Assert.That(plan, Has.None.Contains("TEMP B-TREE"), string.Join(" / ", plan));
        });
    }

    private static async Task<SmsMessage> InsertAsync(TestStore store, Account account, string to, DateTimeOffset created)
    {
        SmsMessage message = TestStore.NewMessage(account.Sid, created) with { To = to };
        await store.Messages.InsertAsync(message, CancellationToken.None);
        return message;
    }

    private static void AssertHeadsMatchMessages(TestStore store) =>
        Assert.That(Read(store, HeadsStored), Is.EqualTo(Read(store, HeadsFromMessages)), "outbox_heads is what sms_messages says");

    private static string? Pick(TestStore store, Random random, string status)
    {
        string[] sids = Read(store, $"SELECT sid FROM sms_messages WHERE status = '{status}' ORDER BY sid;");
        return sids.Length == 0 ? null : sids[random.Next(sids.Length)];
    }

    private static string[] Due(TestStore store, string sql, DateTimeOffset now, int max)
    {
        using SqliteConnection connection = store.Database.OpenReadConnection();
        return Due(connection, sql, SqliteValues.ToTicks(now), max);
    }

    private static string[] Due(SqliteConnection connection, string sql, long now, int max) =>
        Strings(connection, sql, column: 0, now, max);

    // The detail column of EXPLAIN QUERY PLAN.
    private static string[] Plan(TestStore store, string sql)
    {
        using SqliteConnection connection = store.Database.OpenReadConnection();
        return Strings(connection, "EXPLAIN QUERY PLAN " + sql, column: 3, now: 0L, max: 32);
    }

    private static string[] Read(TestStore store, string sql)
    {
        using SqliteConnection connection = store.Database.OpenReadConnection();
        return Strings(connection, sql, column: 0, now: null, max: null);
    }

    private static string[] Strings(SqliteConnection connection, string sql, int column, long? now, int? max)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (now is { } nowTicks)
        {
            command.Parameters.AddWithValue("@Now", nowTicks);
        }

        if (max is { } maxRows)
        {
            command.Parameters.AddWithValue("@Max", maxRows);
        }

        List<string> values = [];
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            values.Add(reader.GetString(column));
        }

        return [.. values];
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void InsertRow(SqliteConnection connection, string sid, string recipient, string status, string direction, long created)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sms_messages (sid, account_sid, sender, recipient, body, status, direction, date_created, date_updated,
                price, price_unit, api_version, num_segments)
            VALUES (@Sid, 'AC00000000000000000000000000000001', '+15550001111', @To, 'hello', @Status, @Direction, @At, @At,
                '0', 'USD', '2012-04-24', 1);
            """;
        command.Parameters.AddWithValue("@Sid", sid);
        command.Parameters.AddWithValue("@To", recipient);
        command.Parameters.AddWithValue("@Status", status);
        command.Parameters.AddWithValue("@Direction", direction);
        command.Parameters.AddWithValue("@At", created);
        command.ExecuteNonQuery();
    }

    private static OutboxSent Sent(string sid, DateTimeOffset at, string id) => new()
    {
        MessageSid = sid,
        At = at,
        Carrier = "sim",
        NumSegments = 1,
        Encoding = "GSM7",
        Parts = [new OutboxPart(0, id)],
    };

    private static OutboxReceipt Receipt(string id, DateTimeOffset at) => new()
    {
        Carrier = "sim",
        CarrierMessageId = id,
        State = 2,
        Outcome = MessageStatus.Delivered,
        At = at,
    };
}
