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
}
