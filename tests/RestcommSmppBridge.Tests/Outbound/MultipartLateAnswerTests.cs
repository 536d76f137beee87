using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>
/// A long message to a carrier slower than its ResponseTimeout (smpp.md P7): when every part's submit_sm_resp comes
/// within the carrier's LateResponseWindow, the parts' answers decide the message as timely ones would (no copies,
/// every part's id stored); a part answered later than the window leaves it unknown for Outbound:UnknownOutcome.
/// Real simulator on 127.0.0.1:0, real SQLite file, real dispatcher.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class MultipartLateAnswerTests
{
    private const int Parts = 3;

    private static readonly TimeSpan s_responseTimeout = TimeSpan.FromMilliseconds(200);

    // 400 GSM 03.38 characters: three parts of at most 153 with the concatenation UDH (GSM 03.40 §9.2.3.24.1).
    private static readonly string s_longText = string.Concat(Enumerable.Repeat("late long message part text ", 15))[..400];

    private readonly AsyncDisposables _disposables = new();

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task Dispatch_EveryPartAnsweredAfterTimeoutWithinWindow_DeliveredOnceWithEveryPartsId()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(700) } },
            lateWindow: TimeSpan.FromSeconds(5),
            OutboundHarness.FastRetries(maxAttempts: 5, UnknownOutcomePolicy.Resubmit));

        SmsMessage queued = await h.QueueAsync(s_longText);
        SmsMessage delivered = await h.WaitForAsync(queued.Sid, MessageStatus.Delivered);

        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        string[] partIds = [.. accepted.OrderBy(a => a.Part?.Sequence).Select(a => MessageIdNormalizer.SubmitKey(a.MessageId, h.Carrier.MessageIds))];
        Assert.Multiple(() =>
        {
            Assert.That(h.Simulator.Counters.SubmitsReceived, Is.EqualTo(Parts), "each part once: no copies");
            Assert.That(accepted.Select(a => a.Part?.Total), Is.All.EqualTo((byte)Parts));
            Assert.That(string.Concat(accepted.OrderBy(a => a.Part?.Sequence).Select(a => a.Text)), Is.EqualTo(s_longText));
            Assert.That(h.Outbox.Reschedules, Is.Zero);
            Assert.That(delivered.NumSegments, Is.EqualTo(Parts));
            Assert.That(delivered.ErrorCode, Is.Null);
            Assert.That(delivered.CarrierMessageIds, Is.EqualTo(partIds));
            Assert.That(delivered.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
            {
                MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered,
            }));
        });
    }

    [Test]
    public async Task Dispatch_PartsAnsweredLaterThanWindow_ResubmittedWholeUpToMaxAttemptsThenFailed()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(900) } },
            lateWindow: TimeSpan.FromMilliseconds(200),
            OutboundHarness.FastRetries(maxAttempts: 2, UnknownOutcomePolicy.Resubmit));

        SmsMessage queued = await h.QueueAsync(s_longText);
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);
        // The second attempt's parts reach the simulator before the dispatcher gives up on them; wait for its count.
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(10));
        while (h.Simulator!.Counters.SubmitsReceived < 2 * Parts)
        {
            await Task.Delay(10, deadline.Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownError));
            Assert.That(failed.ErrorMessage, Does.Contain("gave up after 2 attempt(s): outcome unknown"));
            Assert.That(failed.ErrorMessage, Does.Contain("parts not answered within the response timeout"));
            Assert.That(h.Simulator.Counters.SubmitsReceived, Is.EqualTo(2 * Parts), "today's at-least-once: the whole message per attempt");
        });
    }

    [Test]
    public async Task Dispatch_WindowOffAndFailPolicy_FailedAtOnceAsUnknown()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(500) } },
            lateWindow: TimeSpan.Zero,
            OutboundHarness.FastRetries(maxAttempts: 5, UnknownOutcomePolicy.Fail));

        SmsMessage queued = await h.QueueAsync(s_longText);
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownError));
            Assert.That(failed.ErrorMessage, Does.StartWith($"outcome unknown: {Parts} of {Parts} parts not answered"));
            Assert.That(h.Simulator!.Counters.SubmitsReceived, Is.EqualTo(Parts));
        });
    }

    private async Task<OutboundHarness> Start(SimulatorOptions simulator, TimeSpan lateWindow, OutboundOptions outbound)
    {
        OutboundHarness harness = await OutboundHarness.StartWithLateWindowAsync(s_responseTimeout, simulator, lateWindow, outbound);
        _disposables.Add(harness);
        return harness;
    }
}
