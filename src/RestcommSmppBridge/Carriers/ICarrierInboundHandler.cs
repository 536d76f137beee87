using RestcommSmppBridge.Smpp.Pdus;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// What the bridge answers to the requests a carrier's SMSC sends on receiver and transceiver binds (deliver_sm for
/// MO messages and receipts, data_sm, alert_notification). The inbound pipeline implements it; the supervisor gives
/// every request to it with the profile of the carrier it came from, so text and receipt ids are decoded the way
/// that carrier writes them.
/// </summary>
public interface ICarrierInboundHandler
{
    /// <summary>
    /// Handles one request and returns the response to send (the session sets its sequence number), or null for
    /// requests that have none (alert_notification). Called from the session's dispatcher, never its read loop, with
    /// at most <c>InboundConcurrency</c> calls at once per bind; a slow answer slows the carrier (backpressure). The
    /// response to a deliver_sm must be sent only once the message is stored (architecture.md rule 1). An exception is
    /// answered with ESME_RX_T_APPN (0x64) so the SMSC delivers again later.
    /// </summary>
    ValueTask<SmppResponse?> HandleAsync(CarrierProfile carrier, SmppRequest request, CancellationToken cancellationToken);
}
