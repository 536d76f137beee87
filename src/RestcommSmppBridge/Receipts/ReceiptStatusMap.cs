using System.Globalization;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Receipts;

/// <summary>
/// What a delivery receipt means for the part it is about (restcomm.md §3.5, with the bridge's decisions): DELIVRD →
/// delivered; UNDELIV → undelivered; EXPIRED, DELETED, REJECTD, UNKNOWN, SKIPPED → failed; ENROUTE, SCHEDLD, and
/// ACCEPTD on carriers where it is not final → no change (<see cref="MessageStatus.Sent"/>); ACCEPTD where it is final
/// (SMPP 3.4 §5.2.28: "accepted on behalf of the subscriber") → delivered.
/// </summary>
public static class ReceiptStatusMap
{
    /// <summary>The part outcome and the Restcomm error code (restcomm.md §1.6) of <paramref name="receipt"/>.</summary>
    public static (MessageStatus Outcome, int? ErrorCode) Map(DeliveryReceipt receipt, bool acceptedIsFinal)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.State switch
        {
            MessageState.Delivered => (MessageStatus.Delivered, null),
            MessageState.Accepted => acceptedIsFinal ? (MessageStatus.Delivered, null) : (MessageStatus.Sent, null),
            MessageState.Enroute or MessageState.Scheduled => (MessageStatus.Sent, null),
            MessageState.Undeliverable => (MessageStatus.Undelivered, ErrorCodeOf(receipt)),
            _ => (MessageStatus.Failed, ErrorCodeOf(receipt)),
        };
    }

    /// <summary>
    /// The Restcomm code for the receipt's <c>err:</c> value (restcomm.md §3.5 table), or for the network_error_code
    /// TLV's code when the text has none: 001–003, 038, 039, 232 → 30005; 004, 005, 007, 022, 224, 225, 229, 230 →
    /// 30004; 008, 011, 023, 228 → 30003; 010 → 30006; 231 → 30007; anything else, missing included → 30008.
    /// </summary>
    public static int ErrorCodeOf(DeliveryReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        int? err = null;
        if (receipt.ErrorCode is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
        {
            err = parsed;
        }
        else if (receipt.NetworkError is { } network)
        {
            err = network.ErrorCode;
        }

        return err switch
        {
            1 or 2 or 3 or 38 or 39 or 232 => CarrierErrorCodes.UnknownDestination,
            4 or 5 or 7 or 22 or 224 or 225 or 229 or 230 => MessageBlocked,
            8 or 11 or 23 or 228 => UnreachableHandset,
            10 => CarrierErrorCodes.UnreachableCarrier,
            231 => CarrierErrorCodes.CarrierViolation,
            _ => CarrierErrorCodes.UnknownError,
        };
    }

    /// <summary>30003 "Unreachable destination handset".</summary>
    public const int UnreachableHandset = 30003;

    /// <summary>30004 "Message blocked".</summary>
    public const int MessageBlocked = 30004;
}
