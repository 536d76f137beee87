using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>submit_sm (0x00000004): an ESME submits a short message to the SMSC (SMPP 3.4 §4.4.1).</summary>
public sealed class SubmitSm : ShortMessagePdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitSm;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new SubmitSmResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
