using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Receipts;

/// <summary>
/// Where the inbound pipeline hands a delivery receipt (a deliver_sm or data_sm whose esm_class marks one). The
/// implementation matches it to the stored message by the carrier's normalised id, stores the status change and
/// answers the status to put in the deliver_sm_resp: <see cref="CommandStatus.Ok"/> only once the receipt is durably
/// recorded (matched, or held until its submit_sm_resp lands), a temporary error (0x64) when the store is down so the
/// SMSC redelivers it.
/// </summary>
public interface IDeliveryReceiptSink
{
    /// <summary>Records one receipt from <paramref name="carrier"/>.</summary>
    ValueTask<CommandStatus> AcceptAsync(CarrierProfile carrier, DeliveryReceipt receipt, CancellationToken cancellationToken);
}
