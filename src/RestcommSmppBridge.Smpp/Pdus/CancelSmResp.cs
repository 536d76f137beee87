using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>cancel_sm_resp (0x80000008): header only (SMPP 3.4 §4.9.2).</summary>
public sealed class CancelSmResp : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.CancelSmResp;
}
