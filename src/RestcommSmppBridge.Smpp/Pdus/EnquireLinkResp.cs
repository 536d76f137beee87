using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>enquire_link_resp (0x80000015): header only (SMPP 3.4 §4.11.2).</summary>
public sealed class EnquireLinkResp : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.EnquireLinkResp;
}
