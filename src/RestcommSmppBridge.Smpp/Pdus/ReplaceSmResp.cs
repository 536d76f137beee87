using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>replace_sm_resp (0x80000007): header only (SMPP 3.4 §4.10.2).</summary>
public sealed class ReplaceSmResp : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.ReplaceSmResp;
}
