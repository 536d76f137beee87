using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>bind_receiver_resp (0x80000001).</summary>
public sealed class BindReceiverResp : BindResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindReceiverResp;
}
