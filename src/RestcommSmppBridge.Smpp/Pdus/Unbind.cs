using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>unbind (0x00000006): ends the session, header only (SMPP 3.4 §4.2.1).</summary>
public sealed class Unbind : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.Unbind;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new UnbindResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
