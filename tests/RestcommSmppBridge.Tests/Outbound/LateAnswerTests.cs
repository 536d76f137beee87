using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>
/// A carrier slower than its ResponseTimeout (smpp.md P7): a submit_sm_resp within the carrier's LateResponseWindow
/// decides the message as a timely one would; only a later one (or none) leaves the outcome unknown for
/// Outbound:UnknownOutcome. Real simulator (or SMPP server) on 127.0.0.1:0, real SQLite file, real dispatcher.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class LateAnswerTests
{
    private static readonly TimeSpan s_responseTimeout = TimeSpan.FromMilliseconds(200);

    private readonly AsyncDisposables _disposables = new();

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task Dispatch_AnswersAfterTimeoutWithinWindow_EachDeliveredOnceWithItsCarrierId()
    {
        const int Count = 6;
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(700) } },
            lateWindow: TimeSpan.FromSeconds(5));

        var queued = new List<SmsMessage>(Count);
        for (int i = 0; i < Count; i++)
        {
            // Distinct destinations, so the messages are in flight together (one at a time per destination).
            queued.Add(await h.QueueAsync($"late {i}", to: $"+4477009001{i:00}"));
        }

        var delivered = new List<SmsMessage>(Count);
        foreach (SmsMessage message in queued)
        {
            delivered.Add(await h.WaitForAsync(message.Sid, MessageStatus.Delivered));
        }

        IReadOnlyList<AcceptedMessage> accepted = h.Simulator!.Accepted.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(h.Simulator.Counters.SubmitsReceived, Is.EqualTo(Count), "no copies");
            Assert.That(accepted.Select(a => a.Text), Is.EquivalentTo(queued.Select(m => m.Body)));
            Assert.That(h.Outbox.Reschedules, Is.Zero);
            foreach (SmsMessage message in delivered)
            {
                AcceptedMessage copy = accepted.Single(a => a.Text == message.Body);
                Assert.That(message.ErrorCode, Is.Null);
                Assert.That(message.CarrierMessageIds, Is.EqualTo(new[] { MessageIdNormalizer.SubmitKey(copy.MessageId, h.Carrier.MessageIds) }));
                Assert.That(message.StatusHistory.Select(c => c.Status), Is.EqualTo(new[]
                {
                    MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered,
                }));
            }
        });
    }

    [Test]
    public async Task Dispatch_AnswersLaterThanWindow_ResubmittedUpToMaxAttemptsThenFailed()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(900) } },
            lateWindow: TimeSpan.FromMilliseconds(200),
            outbound: OutboundHarness.FastRetries(maxAttempts: 2, UnknownOutcomePolicy.Resubmit));

        SmsMessage queued = await h.QueueAsync("too late");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownError));
            Assert.That(failed.ErrorMessage, Does.Contain("gave up after 2 attempt(s): outcome unknown"));
            Assert.That(h.Simulator!.Counters.SubmitsReceived, Is.EqualTo(2), "today's at-least-once: one copy per attempt");
        });
    }

    [Test]
    public async Task Dispatch_WindowOffAndFailPolicy_FailedAtOnceAsUnknown()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(500) } },
            lateWindow: TimeSpan.Zero,
            outbound: OutboundHarness.FastRetries(maxAttempts: 5, UnknownOutcomePolicy.Fail));

        SmsMessage queued = await h.QueueAsync("at most once");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownError));
            Assert.That(failed.ErrorMessage, Does.StartWith("outcome unknown: No response to SubmitSm"));
            Assert.That(h.Simulator!.Counters.SubmitsReceived, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Dispatch_LateThrottle_TemporaryErrorPathNotUnknown()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromMilliseconds(500), ThrottleFraction = 1 } },
            lateWindow: TimeSpan.FromSeconds(5),
            outbound: OutboundHarness.FastRetries(maxAttempts: 2, UnknownOutcomePolicy.Fail));

        SmsMessage queued = await h.QueueAsync("throttled late");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            // UnknownOutcome=Fail would have failed it with 30008 after one submit: the late 0x58 decided instead.
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.QueueOverflow));
            Assert.That(failed.ErrorMessage, Does.Contain("gave up after 2 attempt(s)").And.Contain("ESME_RTHROTTLED"));
            Assert.That(h.Simulator!.Counters.SubmitsReceived, Is.EqualTo(2));
            Assert.That(h.Simulator.Counters.SubmitsAccepted, Is.Zero);
        });
    }

    [Test]
    public async Task Dispatch_LatePermanentRefusal_FailedWithItsCode()
    {
        SmppServer server = new(new SmppServerOptions
        {
            Session = SmppSessionOptions.Default with { Name = "slow-reject", EnquireLinkInterval = TimeSpan.Zero },
        }, new SlowRejectingHandler(CommandStatus.InvalidDestinationAddress, TimeSpan.FromMilliseconds(500)));
        server.Start();
        _disposables.Add(server);
        OutboundHarness h = await Start(port: server.LocalEndPoint.Port, lateWindow: TimeSpan.FromSeconds(5),
            outbound: OutboundHarness.FastRetries(maxAttempts: 5, UnknownOutcomePolicy.Resubmit));
        await h.Supervisor.WaitForStateAsync("sim", s => s.BoundBinds > 0, TestContext.CurrentContext.CancellationToken);

        SmsMessage queued = await h.QueueAsync("refused late");
        SmsMessage failed = await h.WaitForAsync(queued.Sid, MessageStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownDestination));
            Assert.That(failed.ErrorMessage, Does.Contain("0x0B"));
            Assert.That(h.Outbox.Reschedules, Is.Zero, "a permanent refusal is not retried");
        });
    }

    [Test]
    public async Task StopAsync_WhileWaitingForLateAnswer_DoesNotWaitOutTheWindow()
    {
        OutboundHarness h = await Start(
            new SimulatorOptions { Faults = new FaultOptions { ResponseDelay = TimeSpan.FromSeconds(30) } },
            lateWindow: TimeSpan.FromSeconds(30));
        SmsMessage queued = await h.QueueAsync("stopping");
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(15));
        while (h.Simulator!.Counters.SubmitsReceived == 0)
        {
            await Task.Delay(10, deadline.Token);
        }

        long started = TimeProvider.System.GetTimestamp();
        await h.StopDispatcherAsync();
        TimeSpan took = TimeProvider.System.GetElapsedTime(started);
        SmsMessage after = await h.GetAsync(queued.Sid);

        Assert.Multiple(() =>
        {
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(10)), "bounded by the response timeout, not the 30 s window");
            Assert.That(after.Status, Is.EqualTo(MessageStatus.Queued), "UnknownOutcome=Resubmit: queued again for the next start");
        });
    }

    private async Task<OutboundHarness> Start(SimulatorOptions? simulator = null, TimeSpan? lateWindow = null,
        OutboundOptions? outbound = null, int? port = null)
    {
        OutboundHarness harness = await OutboundHarness.StartWithLateWindowAsync(s_responseTimeout, simulator, lateWindow, outbound, port);
        _disposables.Add(harness);
        return harness;
    }

    private sealed class SlowRejectingHandler(CommandStatus status, TimeSpan delay) : ISmppServerHandler
    {
        public async ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken)
        {
            if (request is not SubmitSm)
            {
                return request.CreateResponse(CommandStatus.Ok);
            }

            await Task.Delay(delay, cancellationToken);
            return request.CreateResponse(status);
        }
    }
}
