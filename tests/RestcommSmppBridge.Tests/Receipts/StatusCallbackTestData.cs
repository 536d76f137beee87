using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Storage;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.Receipts;

/// <summary>The outcomes and waits the status-callback tests (replay after a stop, requeue after a failure) share.</summary>
internal static class StatusCallbackTestData
{
    /// <summary>One form field of a recorded callback request.</summary>
    public static string Field(RecordedRequest request, string name) => request.Form.Single(f => f.Key == name).Value;

    /// <summary>The one-part submit of <paramref name="sid"/> accepted by carrier "sim" with id <paramref name="carrierId"/>.</summary>
    public static OutboxSent Sent(string sid, string carrierId) => new()
    {
        MessageSid = sid,
        At = TestStore.T0.AddSeconds(3),
        Carrier = "sim",
        NumSegments = 1,
        Encoding = "GSM7",
        Parts = [new OutboxPart(0, carrierId)],
    };

    /// <summary>A DELIVRD receipt from carrier "sim" for <paramref name="carrierId"/>.</summary>
    public static OutboxReceipt Receipt(string carrierId) => new()
    {
        Carrier = "sim",
        CarrierMessageId = carrierId,
        State = (byte)MessageState.Delivered,
        Outcome = MessageStatus.Delivered,
        At = TestStore.T0.AddMinutes(1),
    };

    /// <summary>Waits (polling, bounded by the test's cancellation) until no message is owed a status callback.</summary>
    public static async Task WaitUntilNothingOwedAsync(SqliteOutboxStore outbox, CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while ((await outbox.ListOwedCallbacksAsync(0, 1, cancellationToken)).Count > 0)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
