using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// deliver_sm (0x00000005): the SMSC delivers a mobile-originated message or a delivery receipt (SMPP 3.4 §4.6.1).
/// schedule_delivery_time and validity_period must be empty; replace_if_present_flag is unused.
/// </summary>
public sealed class DeliverSm : ShortMessagePdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DeliverSm;

    /// <summary>True when esm_class marks a delivery receipt or intermediate notification.</summary>
    public bool IsDeliveryReceipt => Protocol.EsmClass.IsReceipt(EsmClass);

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new DeliverSmResp { SequenceNumber = SequenceNumber, CommandStatus = status };
}
