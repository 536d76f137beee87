using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// The Restcomm <c>MessageError</c> codes (restcomm.md §1.6, the numbers Twilio uses) that carrier outcomes map to.
/// Restcomm itself maps only 0x58 and 0xFE to 30006 and everything else to 30008 (restcomm.md §3.6); the bridge keeps
/// those two and gives the statuses that name a cause the code that names the same cause.
/// </summary>
public static class CarrierErrorCodes
{
    /// <summary>
    /// 30001 "Queue overflow": the carrier kept answering ESME_RTHROTTLED (0x58) or ESME_RMSGQFUL (0x14) after every
    /// retry; the message was sent faster than the carriers take it.
    /// </summary>
    public const int QueueOverflow = 30001;

    /// <summary>30005 "Unknown destination handset": the carrier refused the destination address or its TON/NPI (0x0B, 0x50, 0x51).</summary>
    public const int UnknownDestination = 30005;

    /// <summary>
    /// 30006 "Landline or unreachable carrier". Used for <b>no route</b> (no configured carrier serves the
    /// destination's prefix: the destination's network cannot be reached; 30003 "handset switched off" would send the
    /// user looking at the phone instead of at the routes), for no carrier being bound when the caller gives up, and
    /// for ESME_RDELIVERYFAILURE (0xFE) as Restcomm does.
    /// </summary>
    public const int UnreachableCarrier = 30006;

    /// <summary>30007 "Carrier violation": the carrier refused the sender (source address or its TON/NPI: 0x0A, 0x48, 0x49).</summary>
    public const int CarrierViolation = 30007;

    /// <summary>30008 "Unknown error": any other refusal, and the code to use when an unknown outcome is given up on.</summary>
    public const int UnknownError = 30008;

    /// <summary>The code for a submit_sm_resp error status (never called with ESME_ROK).</summary>
    public static int FromCommandStatus(CommandStatus status) => status switch
    {
        CommandStatus.Throttled or CommandStatus.MessageQueueFull => QueueOverflow,
        CommandStatus.InvalidDestinationAddress or CommandStatus.InvalidDestinationTon or CommandStatus.InvalidDestinationNpi => UnknownDestination,
        CommandStatus.InvalidSourceAddress or CommandStatus.InvalidSourceTon or CommandStatus.InvalidSourceNpi => CarrierViolation,
        CommandStatus.DeliveryFailure => UnreachableCarrier,
        _ => UnknownError,
    };
}
