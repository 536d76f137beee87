using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>bind_receiver (0x00000001): bind to receive messages (SMPP 3.4 §4.1.3).</summary>
public sealed class BindReceiver : BindRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindReceiver;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new BindReceiverResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
