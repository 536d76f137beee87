using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Tests.Outbound;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.Receipts;

[TestFixture]
[NonParallelizable]
public sealed class StatusCallbackNotifierTests
{
    /// <summary>
    /// A receipt is stored, then its carrier session drops before the change reaches the notifier (the end-to-end
    /// faults test saw it): the change is stored, so its callback must still go out, or the application never hears of
    /// it (nothing else names that message to the notifier again).
    /// </summary>
    [Test]
    [CancelAfter(30_000)]
    public async Task NotifyAsync_CallerTokenAlreadyCancelled_StoredChangeStillCalledBack()
    {
        await using OutboundHarness harness = await OutboundHarness.StartAsync(startDispatcher: false);
        SmsMessage message = await harness.QueueAsync("told anyway");
        IReadOnlyList<OutboxStatusChange> changes = await harness.Outbox.RecordSentAsync(new OutboxSent
        {
            MessageSid = message.Sid,
            At = DateTimeOffset.UtcNow,
            Carrier = "sim",
            NumSegments = 1,
            Encoding = "GSM7",
            Parts = [new OutboxPart(0, "ABC123")],
        }, CancellationToken.None);
        using CancellationTokenSource lostSession = new();
        await lostSession.CancelAsync();

        await harness.Notifier.NotifyAsync(changes, lostSession.Token);

        IReadOnlyList<RecordedRequest> callbacks = await harness.CallbacksAsync(1);
        Assert.That(callbacks.Select(c => c.Form.Single(f => f.Key == "MessageStatus").Value), Is.EqualTo(new[] { "sent" }));
    }

    /// <summary>
    /// Under load both of a message's statuses are usually stored before its worker gets to it: it waits in the queue
    /// once, and one store read and one progress write cover both callbacks, still in order.
    /// </summary>
    [Test]
    [CancelAfter(30_000)]
    public async Task NotifyAsync_SecondChangeWhileQueued_QueuedOnceOneReadOneProgressWriteCallbacksInOrder()
    {
        await using OutboundHarness harness = await OutboundHarness.StartAsync(startDispatcher: false, outbound: new OutboundOptions
        {
            CallbackConcurrency = 1,
        });
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Callbacks.On("/hold", async context =>
        {
            await gate.Task.WaitAsync(context.RequestAborted);
            context.Response.StatusCode = 204;
        });
        SmsMessage held = await harness.QueueAsync("holds the only worker", callbackPath: "/hold");
        SmsMessage message = await harness.QueueAsync("two statuses, one read");

        await harness.Notifier.NotifyAsync(await SentAsync(harness, held.Sid, "HELD1"), CancellationToken.None);
        await WaitUntilAsync(() => harness.Callbacks.RequestsTo("/hold").Count == 1);
        await harness.Notifier.NotifyAsync(await SentAsync(harness, message.Sid, "MSG1"), CancellationToken.None);
        OutboxReceiptResult receipt = await harness.Outbox.ApplyReceiptAsync(new OutboxReceipt
        {
            Carrier = "sim",
            CarrierMessageId = "MSG1",
            State = 2,
            Outcome = MessageStatus.Delivered,
            At = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        await harness.Notifier.NotifyAsync(receipt.Changes, CancellationToken.None);
        int queuedWhileHeld = harness.Notifier.Queued;
        gate.TrySetResult();

        IReadOnlyList<RecordedRequest> callbacks = await harness.CallbacksAsync(2);
        await WaitUntilAsync(() => harness.Outbox.CallbackMarks.ContainsKey(message.Sid));
        Assert.Multiple(() =>
        {
            Assert.That(queuedWhileHeld, Is.EqualTo(1), "the second change found the message already queued");
            Assert.That(callbacks.Select(c => c.Form.Single(f => f.Key == "MessageStatus").Value), Is.EqualTo(new[] { "sent", "delivered" }));
            Assert.That(harness.Outbox.CallbackReads[message.Sid], Is.EqualTo(1));
            Assert.That(harness.Outbox.CallbackMarks[message.Sid], Is.EqualTo(1));
        });
    }

    private static Task<IReadOnlyList<OutboxStatusChange>> SentAsync(OutboundHarness harness, string sid, string carrierId) =>
        harness.Outbox.RecordSentAsync(new OutboxSent
        {
            MessageSid = sid,
            At = DateTimeOffset.UtcNow,
            Carrier = "sim",
            NumSegments = 1,
            Encoding = "GSM7",
            Parts = [new OutboxPart(0, carrierId)],
        }, CancellationToken.None);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
