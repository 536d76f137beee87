using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// deliver_sm_resp (0x80000005): message_id is unused and must be empty (a single NUL); RestComm/smscgateway#232
/// shows what a filled one breaks (SMPP 3.4 §4.6.2).
/// </summary>
public sealed class DeliverSmResp : MessageIdResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DeliverSmResp;
}
