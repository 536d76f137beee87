using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Server;

/// <summary>
/// The application side of an <see cref="SmppServer"/>: answers what bound ESMEs send (submit_sm, data_sm, query_sm…).
/// Binds are decided by the server (authenticator, then bind limit); enquire_link and unbind by the session.
/// </summary>
public interface ISmppServerHandler
{
    /// <summary>
    /// Handles one request from a bound ESME and returns the response to send (its sequence number is set by the
    /// session), or null to send none. Exceptions are answered with the session's handler error status.
    /// </summary>
    ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Told of every bind decision (authenticator, then bind limit) just before the bind_resp is queued; for counters
    /// and logs. Must not block. Does nothing by default.
    /// </summary>
    void OnBindDecided(SmppSession session, BindRequest bind, CommandStatus status)
    {
    }
}
