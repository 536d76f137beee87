using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>bind_transmitter_resp (0x80000002).</summary>
public sealed class BindTransmitterResp : BindResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransmitterResp;
}
