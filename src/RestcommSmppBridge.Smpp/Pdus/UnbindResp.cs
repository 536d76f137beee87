using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>unbind_resp (0x80000006): header only (SMPP 3.4 §4.2.2).</summary>
public sealed class UnbindResp : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.UnbindResp;
}
