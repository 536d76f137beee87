using Dapper;
using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>
/// A long message whose bind drops after parts 1–2 were accepted and before part 3 was answered (smpp.md P7): under
/// Resubmit only part 3 is sent again, after the rebind, with the same concatenation reference, so the handset gets
/// every part once and can join them; under Fail the message fails with 30008 and parts 1–2's ids stay matchable.
/// Real simulator on 127.0.0.1:0, real SQLite file, real dispatcher.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class PartlySentResumeTests
{
    private const int Parts = 3;

    // 400 GSM 03.38 characters: three parts of at most 153 with the concatenation UDH (GSM 03.40 §9.2.3.24.1).
    private static readonly string s_longText = string.Concat(Enumerable.Repeat("resumed long message part text ", 14))[..400];

    private readonly AsyncDisposables _disposables = new();

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task Dispatch_BindDropsBeforeThirdPartAnswered_OnlyThirdPartResentWithSameReferenceThenDelivered()
    {
        OutboundHarness h = await Start(OutboundHarness.FastRetries(maxAttempts: 10, UnknownOutcomePolicy.Resubmit));

        SmsMessage queued = await h.QueueAsync(s_longText);
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        AcceptedMessage[] bySequence = [.. accepted.OrderBy(a => a.Part?.Sequence)];
        string[] partIds = [.. bySequence.Select(a => MessageIdNormalizer.SubmitKey(a.MessageId, h.Carrier.MessageIds))];
        Assert.Multiple(() =>
        {
            Assert.That(h.Simulator.Counters.Drops, Is.EqualTo(1));
            Assert.That(accepted.Select(a => a.Part?.Sequence), Is.EquivalentTo(new byte?[] { 1, 2, 3 }), "each part accepted once");
            Assert.That(accepted.Select(a => a.Part?.Reference).Distinct().Count(), Is.EqualTo(1), "one reference: the parts join");
            Assert.That(accepted.Select(a => a.Part?.Total), Is.All.EqualTo((byte)Parts));
            Assert.That(bySequence[2].SessionName, Is.Not.EqualTo(bySequence[0].SessionName), "part 3 went again after the rebind");
            Assert.That(bySequence[1].SessionName, Is.EqualTo(bySequence[0].SessionName));
            Assert.That(string.Concat(bySequence.Select(a => a.Text)), Is.EqualTo(s_longText));
            Assert.That(h.Outbox.PartlySentRecords, Is.EqualTo(1));
            Assert.That(delivered.NumSegments, Is.EqualTo(Parts));
            Assert.That(delivered.CarrierMessageIds, Is.EqualTo(partIds));
            Assert.That(delivered.ErrorCode, Is.Null);
            Assert.That(delivered.StatusHistory.Select(c => c.Status).Take(4), Is.EqualTo(new[]
            {
                MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Queued, MessageStatus.Sending,
            }));
            Assert.That(delivered.StatusHistory.Select(c => c.Status).TakeLast(2), Is.EqualTo(new[] { MessageStatus.Sent, MessageStatus.Delivered }));
        });
    }

    [Test]
    public async Task Dispatch_BindDropsBeforeThirdPartAnsweredFailPolicy_Failed30008WithFirstPartsIdsAndReceiptMatched()
    {
        OutboundHarness h = await Start(OutboundHarness.FastRetries(maxAttempts: 10, UnknownOutcomePolicy.Fail));

        SmsMessage queued = await h.QueueAsync(s_longText);
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);
        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        string[] keys = [.. accepted.OrderBy(a => a.Part?.Sequence).Select(a => MessageIdNormalizer.SubmitKey(a.MessageId, h.Carrier.MessageIds))];
        long matched = await WaitForPartReceiptAsync(h, queued.Sid, segmentIndex: 0);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownError));
            Assert.That(failed.ErrorMessage, Does.StartWith("outcome unknown: ").And.Contain("2 of 3 parts accepted"));
            Assert.That(failed.NumSegments, Is.EqualTo(Parts));
            Assert.That(failed.Carrier, Is.EqualTo("sim"));
            Assert.That(failed.CarrierMessageIds, Is.EqualTo(new string?[] { keys[0], keys[1], null }));
            Assert.That(accepted.Select(a => a.Part?.Sequence), Is.EquivalentTo(new byte?[] { 1, 2 }), "part 3 never sent again");
            Assert.That(matched, Is.EqualTo(1), "part 1's receipt matched its stored id");
        });
    }

    [Test]
    public async Task Dispatch_OnePartMessageBindDropsFailPolicy_FailedAsBeforeWithNoPartsKept()
    {
        OutboundHarness h = await Start(OutboundHarness.FastRetries(maxAttempts: 10, UnknownOutcomePolicy.Fail), dropAfter: 1);

        SmsMessage queued = await h.QueueAsync("short message");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(h.Outbox.PartlySentRecords, Is.Zero);
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownError));
            Assert.That(failed.ErrorMessage, Does.StartWith("outcome unknown: ").And.Not.Contain("parts accepted"));
            Assert.That(failed.CarrierMessageIds, Is.Empty);
            Assert.That(h.Simulator!.Counters.Drops, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Dispatch_StoredPartCountDiffersFromRecomposition_WholeMessageSentWithNewParts()
    {
        // As if the carrier had split it in two parts before its long-message settings changed.
        (OutboundHarness h, SmsMessage queued, _) = await StartWithStoredSplitAsync(2, new OutboxPart(0, "stale"));
        await h.StartDispatcherAsync();
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        string[] partIds = [.. accepted.OrderBy(a => a.Part?.Sequence).Select(a => MessageIdNormalizer.SubmitKey(a.MessageId, h.Carrier.MessageIds))];
        Assert.Multiple(() =>
        {
            Assert.That(accepted.Select(a => a.Part?.Sequence), Is.EquivalentTo(new byte?[] { 1, 2, 3 }), "the whole message, once");
            Assert.That(accepted.Select(a => a.Part?.Reference).Distinct().Count(), Is.EqualTo(1));
            Assert.That(delivered.NumSegments, Is.EqualTo(Parts));
            Assert.That(delivered.CarrierMessageIds, Is.EqualTo(partIds), "the stale id is replaced");
        });
    }

    [Test]
    public async Task Dispatch_StoredMorePartsThanTheRecomposition_AbandonedPartsAndTheirReceiptsForgotten()
    {
        // As if an earlier split had four parts, of which the first and the fourth were accepted and the fourth
        // already delivered, before the carrier's long-message settings changed.
        (OutboundHarness h, SmsMessage queued, DateTimeOffset now) = await StartWithStoredSplitAsync(4,
            new OutboxPart(0, "old-first"), new OutboxPart(3, "old-fourth"));
        OutboxReceiptResult early = await h.Outbox.ApplyReceiptAsync(DeliveredReceipt("old-fourth", now), CancellationToken.None);
        await h.StartDispatcherAsync();
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);
        OutboxReceiptResult late = await h.Outbox.ApplyReceiptAsync(DeliveredReceipt("old-first", now), CancellationToken.None);

        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        string[] partIds = [.. accepted.OrderBy(a => a.Part?.Sequence).Select(a => MessageIdNormalizer.SubmitKey(a.MessageId, h.Carrier.MessageIds))];
        Assert.Multiple(() =>
        {
            Assert.That(early.Disposition, Is.EqualTo(OutboxReceiptDisposition.Matched), "the old part was stored when its receipt came");
            Assert.That(accepted.Select(a => a.Part?.Sequence), Is.EquivalentTo(new byte?[] { 1, 2, 3 }), "the whole message, once");
            Assert.That(delivered.NumSegments, Is.EqualTo(Parts));
            Assert.That(delivered.CarrierMessageIds, Is.EqualTo(partIds), "no id of the abandoned split is left");
            Assert.That(late.Disposition, Is.EqualTo(OutboxReceiptDisposition.Held), "a late receipt for an abandoned part matches nothing");
        });
    }

    /// <summary>
    /// A harness (dispatcher not started) with the long text queued and claimed, then recorded as partly sent by an
    /// earlier split of <paramref name="numSegments"/> parts of which <paramref name="accepted"/> were accepted.
    /// </summary>
    private async Task<(OutboundHarness Harness, SmsMessage Queued, DateTimeOffset Now)> StartWithStoredSplitAsync(int numSegments,
        params OutboxPart[] accepted)
    {
        OutboundHarness h = await OutboundHarness.StartAsync(outbound: OutboundHarness.FastRetries(maxAttempts: 10, UnknownOutcomePolicy.Resubmit),
            startDispatcher: false);
        _disposables.Add(h);
        SmsMessage queued = await h.QueueAsync(s_longText);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Assert.That(await h.Outbox.ClaimAsync(1, now, CancellationToken.None), Has.Count.EqualTo(1));
        await h.Outbox.RecordPartlySentAsync(new OutboxPartlySent
        {
            MessageSid = queued.Sid,
            At = now,
            Carrier = "sim",
            NumSegments = numSegments,
            Encoding = "GSM7",
            ConcatReference = 7,
            Parts = accepted,
            NextAttemptAt = now,
            ErrorCode = CarrierErrorCodes.UnknownError,
            ErrorMessage = "outcome unknown: connection lost",
        }, CancellationToken.None);
        return (h, queued, now);
    }

    private static OutboxReceipt DeliveredReceipt(string carrierMessageId, DateTimeOffset at) => new()
    {
        Carrier = "sim",
        CarrierMessageId = carrierMessageId,
        State = 2,
        Outcome = MessageStatus.Delivered,
        At = at,
    };

    /// <summary>Part receipts stored for the part; waits (bounded) for the receipt, which may come before or after the failure.</summary>
    private static async Task<long> WaitForPartReceiptAsync(OutboundHarness h, string sid, int segmentIndex)
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(15));
        while (true)
        {
            using (SqliteConnection connection = h.Store.Database.OpenReadConnection())
            {
                long count = connection.ExecuteScalar<long>(
                    "SELECT COUNT(*) FROM sms_message_part_receipts WHERE message_sid = @Sid AND segment_index = @Index;",
                    new { Sid = sid, Index = segmentIndex });
                if (count > 0)
                {
                    return count;
                }
            }

            await Task.Delay(10, deadline.Token);
        }
    }

    private async Task<OutboundHarness> Start(OutboundOptions outbound, int dropAfter = Parts)
    {
        OutboundHarness harness = await OutboundHarness.StartAsync(
            new SimulatorOptions { Faults = new FaultOptions { DropAfterPdus = dropAfter, DropAfterEarlierAnswers = true } },
            outbound: outbound);
        _disposables.Add(harness);
        return harness;
    }
}
