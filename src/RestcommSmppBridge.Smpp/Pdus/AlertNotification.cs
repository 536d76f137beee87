using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// alert_notification (0x00000102): the SMSC tells the ESME a mobile became available; it has no response
/// (SMPP 3.4 §4.12.1).
/// <code>
/// source_addr_ton  u8               esme_addr_ton  u8
/// source_addr_npi  u8               esme_addr_npi  u8
/// source_addr      C-string max 65  esme_addr      C-string max 65
/// TLV ms_availability_status
/// </code>
/// </summary>
public sealed class AlertNotification : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.AlertNotification;

    /// <summary>source_addr_ton.</summary>
    public TypeOfNumber SourceAddrTon { get; set; }

    /// <summary>source_addr_npi.</summary>
    public NumberingPlan SourceAddrNpi { get; set; }

    /// <summary>source_addr: the mobile that became available (at most 64 characters).</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary>esme_addr_ton.</summary>
    public TypeOfNumber EsmeAddrTon { get; set; }

    /// <summary>esme_addr_npi.</summary>
    public NumberingPlan EsmeAddrNpi { get; set; }

    /// <summary>esme_addr (at most 64 characters).</summary>
    public string EsmeAddr { get; set; } = string.Empty;

    /// <summary>alert_notification has no response PDU.</summary>
    public override SmppResponse? CreateResponse(CommandStatus status = CommandStatus.Ok) => null;

    internal override int GetBodyLength() =>
        2 + PduBodyWriter.CStringLength(SourceAddr, 65, "source_addr")
        + 2 + PduBodyWriter.CStringLength(EsmeAddr, 65, "esme_addr");

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte((byte)EsmeAddrTon);
        writer.WriteByte((byte)EsmeAddrNpi);
        writer.WriteCString(EsmeAddr);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(65, CommandStatus.InvalidSourceAddress, "source_addr");
        EsmeAddrTon = (TypeOfNumber)reader.ReadByte("esme_addr_ton");
        EsmeAddrNpi = (NumberingPlan)reader.ReadByte("esme_addr_npi");
        EsmeAddr = reader.ReadCString(65, CommandStatus.InvalidDestinationAddress, "esme_addr");
    }
}
