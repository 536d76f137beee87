using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>enquire_link (0x00000015): link confidence check, header only (SMPP 3.4 §4.11.1).</summary>
public sealed class EnquireLink : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.EnquireLink;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new EnquireLinkResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
