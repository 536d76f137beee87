using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// generic_nack (0x80000000): the answer to a PDU that could not be handled at all (unknown command_id, bad length),
/// header only; command_status carries the error and sequence_number the offending PDU's, or 0 (SMPP 3.4 §4.3.1).
/// </summary>
public sealed class GenericNack : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.GenericNack;
}
