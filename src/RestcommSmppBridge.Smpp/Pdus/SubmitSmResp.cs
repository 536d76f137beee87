using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>submit_sm_resp (0x80000004): carries the SMSC's message_id for a submit_sm (SMPP 3.4 §4.4.2).</summary>
public sealed class SubmitSmResp : MessageIdResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitSmResp;
}
