using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// Which requests each side may send in each state (SMPP 3.4 §2.3, smpp.md §15). A request received in a state that
/// does not allow it is answered ESME_RINVBNDSTS (0x04). enquire_link is accepted in every live state, also OPEN:
/// several SMSCs probe before the bind, and answering costs nothing.
/// </summary>
public static class SessionRules
{
    /// <summary>True when a request with <paramref name="id"/> may be sent by <paramref name="sender"/> in <paramref name="state"/>.</summary>
    public static bool MaySend(SessionRole sender, SessionState state, CommandId id)
    {
        if (id.IsResponse())
        {
            return state != SessionState.Closed;
        }

        if (id is CommandId.EnquireLink)
        {
            return state is not SessionState.Closed and not SessionState.Unbinding;
        }

        if (id is CommandId.Unbind)
        {
            return IsBound(state);
        }

        return (sender, state) switch
        {
            (SessionRole.Esme, SessionState.Open) => id is CommandId.BindTransmitter or CommandId.BindReceiver or CommandId.BindTransceiver,
            (SessionRole.Esme, SessionState.BoundTransmitter) => IsEsmeTransmit(id),
            (SessionRole.Esme, SessionState.BoundTransceiver) => IsEsmeTransmit(id),
            (SessionRole.Smsc, SessionState.Open) => id is CommandId.Outbind,
            (SessionRole.Smsc, SessionState.BoundReceiver) => IsSmscDeliver(id),
            (SessionRole.Smsc, SessionState.BoundTransceiver) => IsSmscDeliver(id),
            _ => false,
        };
    }

    /// <summary>True when a request from the peer (who plays the other role) is allowed in <paramref name="state"/>.</summary>
    public static bool MayReceive(SessionRole self, SessionState state, CommandId id) =>
        MaySend(self == SessionRole.Esme ? SessionRole.Smsc : SessionRole.Esme, state, id);

    /// <summary>True for the three bound states.</summary>
    public static bool IsBound(SessionState state) =>
        state is SessionState.BoundTransmitter or SessionState.BoundReceiver or SessionState.BoundTransceiver;

    /// <summary>The bound state a bind of <paramref name="type"/> leads to.</summary>
    public static SessionState BoundState(BindType type) => type switch
    {
        BindType.Transmitter => SessionState.BoundTransmitter,
        BindType.Receiver => SessionState.BoundReceiver,
        _ => SessionState.BoundTransceiver,
    };

    /// <summary>The bind type of a bind request command id, or null.</summary>
    public static BindType? BindTypeOf(CommandId id) => id switch
    {
        CommandId.BindTransmitter or CommandId.BindTransmitterResp => BindType.Transmitter,
        CommandId.BindReceiver or CommandId.BindReceiverResp => BindType.Receiver,
        CommandId.BindTransceiver or CommandId.BindTransceiverResp => BindType.Transceiver,
        _ => null,
    };

    private static bool IsEsmeTransmit(CommandId id) =>
        id is CommandId.SubmitSm or CommandId.SubmitMulti or CommandId.DataSm or CommandId.QuerySm
            or CommandId.CancelSm or CommandId.ReplaceSm;

    private static bool IsSmscDeliver(CommandId id) =>
        id is CommandId.DeliverSm or CommandId.DataSm or CommandId.AlertNotification;
}
