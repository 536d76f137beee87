namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// State of a short message as reported by the SMSC in a delivery receipt: the <c>message_state</c> TLV (0x0427),
/// <c>query_sm_resp</c> and the receipt's <c>stat:</c> word. Values 1-8 are SMPP 3.4 §5.2.28; 0 and 9 are
/// SMPP 5.0 additions.
/// </summary>
public enum MessageState : byte
{
    /// <summary>SCHEDULED (SMPP 5.0): the message is waiting for its scheduled delivery time. Intermediate.</summary>
    Scheduled = 0,

    /// <summary>ENROUTE: the message is in enroute state. Intermediate. Receipt word <c>ENROUTE</c>.</summary>
    Enroute = 1,

    /// <summary>DELIVERED: the message was delivered to its destination. Final. Receipt word <c>DELIVRD</c>.</summary>
    Delivered = 2,

    /// <summary>EXPIRED: the validity period expired. Final. Receipt word <c>EXPIRED</c>.</summary>
    Expired = 3,

    /// <summary>DELETED: the message was deleted. Final. Receipt word <c>DELETED</c>.</summary>
    Deleted = 4,

    /// <summary>UNDELIVERABLE: the message is undeliverable. Final. Receipt word <c>UNDELIV</c>.</summary>
    Undeliverable = 5,

    /// <summary>
    /// ACCEPTED: the message was accepted on behalf of the subscriber. Final per SMPP 3.4, though Kannel and
    /// several carriers use it as an intermediate "buffered" state. Receipt word <c>ACCEPTD</c>.
    /// </summary>
    Accepted = 6,

    /// <summary>UNKNOWN: the message is in an invalid or unknown state. Final. Receipt word <c>UNKNOWN</c>.</summary>
    Unknown = 7,

    /// <summary>REJECTED: the message was rejected. Final. Receipt word <c>REJECTD</c>.</summary>
    Rejected = 8,

    /// <summary>SKIPPED (SMPP 5.0): the message was skipped by the SMSC. Final.</summary>
    Skipped = 9,
}
