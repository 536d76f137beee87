using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Receipts;

/// <summary>
/// Matches delivery receipts to outbound messages (smpp.md P1, P2, P3, P14): the receipt id is normalised with the
/// carrier's formats and looked up among the stored part keys; a receipt whose part is not stored yet is held durably
/// and matched when the submit_sm_resp lands. The store aggregates the parts and never lets an intermediate state
/// overwrite a final one; each resulting status change is handed to the status-callback notifier.
/// </summary>
public sealed partial class ReceiptProcessor : IDeliveryReceiptSink
{
    private readonly IOutboxStore _store;
    private readonly StatusCallbackNotifier _notifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the processor.</summary>
    public ReceiptProcessor(IOutboxStore store, StatusCallbackNotifier notifier, TimeProvider timeProvider, ILogger<ReceiptProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _notifier = notifier;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<CommandStatus> AcceptAsync(CarrierProfile carrier, DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        ArgumentNullException.ThrowIfNull(receipt);
        string key = MessageIdNormalizer.ReceiptKey(receipt, carrier.MessageIds);
        if (key.Length == 0)
        {
            // Nothing to match it by; redelivering it would not help, so it is acknowledged and logged.
            Log.ReceiptWithoutId(_logger, carrier.Name, receipt.State);
            return CommandStatus.Ok;
        }

        (MessageStatus outcome, int? errorCode) = ReceiptStatusMap.Map(receipt, carrier.AcceptedIsFinal);
        ReceiptMetrics.Received.Add(1, new KeyValuePair<string, object?>("carrier", carrier.Name),
            new KeyValuePair<string, object?>("state", receipt.State.ToString()));
        OutboxReceiptResult result;
        try
        {
            result = await _store.ApplyReceiptAsync(new OutboxReceipt
            {
                Carrier = carrier.Name,
                CarrierMessageId = key,
                State = (byte)receipt.State,
                Outcome = outcome,
                ErrorCode = errorCode,
                At = _timeProvider.GetUtcNow(),
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not stored: ask the SMSC to deliver it again later (architecture.md rule 1).
            Log.ReceiptNotStored(_logger, exception, carrier.Name, key);
            return CommandStatus.ReceiverTemporaryAppError;
        }

        if (result.Disposition == OutboxReceiptDisposition.Held)
        {
            Log.ReceiptHeld(_logger, carrier.Name, key, receipt.State);
        }
        else
        {
            Log.ReceiptMatched(_logger, carrier.Name, key, result.MessageSid!, receipt.State, result.Changes.Count);
            RecordLatency(carrier.Name, result.Changes);
        }

        await _notifier.NotifyAsync(result.Changes, cancellationToken);
        return CommandStatus.Ok;
    }

    /// <summary>
    /// Feeds <see cref="ReceiptMetrics.Latency"/> from the change that made the message final; the store returns the
    /// sent time with it, so this costs no read. A receipt held until its submit_sm_resp was stored is matched by the
    /// dispatcher, not here, and is not measured (it arrived before the send was even recorded).
    /// </summary>
    private static void RecordLatency(string carrier, IReadOnlyList<OutboxStatusChange> changes)
    {
        for (int i = 0; i < changes.Count; i++)
        {
            OutboxStatusChange change = changes[i];
            if (change.Status.IsFinal() && change.SentAt is { } sentAt)
            {
                double seconds = Math.Max(0, (change.At - sentAt).TotalSeconds);
                ReceiptMetrics.Latency.Record(seconds, new KeyValuePair<string, object?>("carrier", carrier));
            }
        }
    }

    /// <summary>Receipt log events, EventIds 7150–7169.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 7150, EventName = "ReceiptMatched", Level = LogLevel.Debug,
            Message = "Receipt {CarrierMessageId} from {CarrierName} ({ReceiptState}) matched message {MessageSid}; {ChangeCount} status change(s)")]
        public static partial void ReceiptMatched(ILogger logger, string carrierName, string carrierMessageId, string messageSid,
            MessageState receiptState, int changeCount);

        [LoggerMessage(EventId = 7151, EventName = "ReceiptHeld", Level = LogLevel.Information,
            Message = "Receipt {CarrierMessageId} from {CarrierName} ({ReceiptState}) matches no stored part yet; held until its submit_sm_resp is stored")]
        public static partial void ReceiptHeld(ILogger logger, string carrierName, string carrierMessageId, MessageState receiptState);

        [LoggerMessage(EventId = 7152, EventName = "ReceiptWithoutId", Level = LogLevel.Warning,
            Message = "Receipt from {CarrierName} ({ReceiptState}) carries no message id; acknowledged and ignored")]
        public static partial void ReceiptWithoutId(ILogger logger, string carrierName, MessageState receiptState);

        [LoggerMessage(EventId = 7153, EventName = "ReceiptNotStored", Level = LogLevel.Error,
            Message = "Receipt {CarrierMessageId} from {CarrierName} could not be stored; answering ESME_RX_T_APPN so the SMSC delivers it again")]
        public static partial void ReceiptNotStored(ILogger logger, Exception exception, string carrierName, string carrierMessageId);
    }
}
