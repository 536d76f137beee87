using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>bind_transceiver_resp (0x80000009).</summary>
public sealed class BindTransceiverResp : BindResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransceiverResp;
}
