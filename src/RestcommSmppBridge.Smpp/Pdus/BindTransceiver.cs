using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>bind_transceiver (0x00000009): bind to submit and receive on one session (SMPP 3.4 §4.1.5).</summary>
public sealed class BindTransceiver : BindRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransceiver;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new BindTransceiverResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
