using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// data_sm_resp (0x80000103): message_id and TLVs delivery_failure_reason, network_error_code,
/// additional_status_info_text, dpf_result (SMPP 3.4 §4.7.2). The body is kept on error because the TLVs explain it.
/// </summary>
public sealed class DataSmResp : MessageIdResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DataSmResp;

    internal override bool OmitBodyOnError => false;
}
