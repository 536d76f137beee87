using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>bind_transmitter (0x00000002): bind to submit messages (SMPP 3.4 §4.1.1).</summary>
public sealed class BindTransmitter : BindRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransmitter;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new BindTransmitterResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
