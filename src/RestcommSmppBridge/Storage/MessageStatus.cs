namespace RestcommSmppBridge.Storage;

/// <summary>
/// Status of an <see cref="SmsMessage"/> (restcomm.md 1.5). Outbound: queued → sending → sent →
/// delivered | undelivered | failed; inbound: received. <see cref="Delivered"/>, <see cref="Undelivered"/> and
/// <see cref="Failed"/> are final: the store never lets a later change overwrite them
/// (see <see cref="IMessageStore.UpdateStatusAsync"/>). Wire values are the lowercase names.
/// </summary>
public enum MessageStatus
{
    /// <summary><c>queued</c>: accepted, waiting for a carrier.</summary>
    Queued,

    /// <summary><c>sending</c>: being submitted to a carrier.</summary>
    Sending,

    /// <summary><c>sent</c>: the carrier accepted it (submit_sm_resp OK) or sent an intermediate receipt.</summary>
    Sent,

    /// <summary><c>failed</c> (final): refused by the carrier or expired/rejected/deleted.</summary>
    Failed,

    /// <summary><c>received</c>: an inbound message.</summary>
    Received,

    /// <summary><c>delivered</c> (final): the handset received it (DLR <c>DELIVRD</c>).</summary>
    Delivered,

    /// <summary><c>undelivered</c> (final): the network could not deliver it (DLR <c>UNDELIV</c>).</summary>
    Undelivered,
}
