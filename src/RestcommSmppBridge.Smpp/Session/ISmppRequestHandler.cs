using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// The application side of a session: what to answer to the peer's requests. Calls come from the session's
/// dispatcher tasks, never from its read loop, so a slow handler slows its own answers, not the link.
/// </summary>
public interface ISmppRequestHandler
{
    /// <summary>
    /// Handles a request the peer sent (deliver_sm, data_sm, alert_notification on the ESME side; submit_sm and the
    /// other ESME requests on the SMSC side; outbind). Returns the response to send (its sequence number is set by
    /// the session), or null for requests that have none. An exception is answered with
    /// <see cref="SmppSessionOptions.HandlerErrorStatus"/> and logged; the session stays up.
    /// </summary>
    ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// SMSC side: decides a bind. Returns <see cref="CommandStatus.Ok"/> to accept, or the refusal status
    /// (0x0D bind failed, 0x0E bad password, 0x0F bad system_id). ESME-side handlers are never asked.
    /// </summary>
    ValueTask<CommandStatus> AuthenticateAsync(SmppSession session, BindRequest bind, CancellationToken cancellationToken);
}
