using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// submit_multi (0x00000021): one message to up to 254 destinations (SMPP 3.4 §4.5.1).
/// <code>
/// service_type     C-string max 6
/// source_addr_ton  u8
/// source_addr_npi  u8
/// source_addr      C-string max 21
/// number_of_dests  u8
/// dest_address     number_of_dests × (dest_flag u8, then ton u8 npi u8 addr C21 | dl_name C21)
/// esm_class … short_message, exactly as submit_sm
/// TLVs
/// </code>
/// </summary>
public sealed class SubmitMulti : SmppRequest, IMessageFields
{
    /// <summary>Most destinations the spec allows in one submit_multi.</summary>
    public const int MaxDestinations = 254;

    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitMulti;

    /// <summary>service_type (at most 5 characters).</summary>
    public string ServiceType { get; set; } = string.Empty;

    /// <summary>source_addr_ton.</summary>
    public TypeOfNumber SourceAddrTon { get; set; }

    /// <summary>source_addr_npi.</summary>
    public NumberingPlan SourceAddrNpi { get; set; }

    /// <summary>source_addr (at most 20 characters).</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary>The destinations (number_of_dests is their count).</summary>
    public IList<DestinationAddress> DestAddresses { get; set; } = [];

    /// <summary>esm_class.</summary>
    public byte EsmClass { get; set; }

    /// <summary>protocol_id.</summary>
    public byte ProtocolId { get; set; }

    /// <summary>priority_flag.</summary>
    public byte PriorityFlag { get; set; }

    /// <summary>schedule_delivery_time: empty or the 16-character SMPP time form.</summary>
    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    /// <summary>validity_period: empty or the 16-character SMPP time form.</summary>
    public string ValidityPeriod { get; set; } = string.Empty;

    /// <summary>registered_delivery.</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary>replace_if_present_flag.</summary>
    public byte ReplaceIfPresentFlag { get; set; }

    /// <summary>data_coding.</summary>
    public byte DataCoding { get; set; }

    /// <summary>sm_default_msg_id.</summary>
    public byte SmDefaultMsgId { get; set; }

    /// <summary>short_message octets (0–254).</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new SubmitMultiResp { SequenceNumber = SequenceNumber, CommandStatus = status };

    internal override int GetBodyLength()
    {
        if (DestAddresses.Count is 0 or > MaxDestinations)
        {
            throw new ArgumentException($"submit_multi needs 1 to {MaxDestinations} destinations, got {DestAddresses.Count}.");
        }

        int length = PduBodyWriter.CStringLength(ServiceType, 6, "service_type")
            + 2 + PduBodyWriter.CStringLength(SourceAddr, 21, "source_addr") + 1;
        foreach (DestinationAddress dest in DestAddresses)
        {
            length += dest.DestFlag switch
            {
                DestinationAddress.SmeAddressFlag => 3 + PduBodyWriter.CStringLength(dest.DestinationAddr, 21, "destination_addr"),
                DestinationAddress.DistributionListFlag => 1 + PduBodyWriter.CStringLength(dest.DlName, 21, "dl_name"),
                _ => throw new ArgumentException($"dest_flag {dest.DestFlag} is neither 1 (SME) nor 2 (distribution list)."),
            };
        }

        return length + MessageFields.GetLength(this);
    }

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte((byte)DestAddresses.Count);
        foreach (DestinationAddress dest in DestAddresses)
        {
            writer.WriteByte(dest.DestFlag);
            if (dest.DestFlag == DestinationAddress.SmeAddressFlag)
            {
                writer.WriteByte((byte)dest.DestAddrTon);
                writer.WriteByte((byte)dest.DestAddrNpi);
                writer.WriteCString(dest.DestinationAddr);
            }
            else
            {
                writer.WriteCString(dest.DlName);
            }
        }

        MessageFields.Write(ref writer, this);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType, "service_type");
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress, "source_addr");
        int count = reader.ReadByte("number_of_dests");
        if (count == 0 && !reader.Failed)
        {
            reader.Fail(CommandStatus.InvalidNumberOfDestinations, "number_of_dests is 0");
        }

        var dests = new List<DestinationAddress>(count);
        for (int i = 0; i < count && !reader.Failed; i++)
        {
            byte flag = reader.ReadByte("dest_flag");
            if (flag == DestinationAddress.SmeAddressFlag)
            {
                var ton = (TypeOfNumber)reader.ReadByte("dest_addr_ton");
                var npi = (NumberingPlan)reader.ReadByte("dest_addr_npi");
                string addr = reader.ReadCString(21, CommandStatus.InvalidDestinationAddress, "destination_addr");
                dests.Add(DestinationAddress.Sme(ton, npi, addr));
            }
            else if (flag == DestinationAddress.DistributionListFlag)
            {
                dests.Add(DestinationAddress.DistributionList(
                    reader.ReadCString(21, CommandStatus.InvalidDistributionListName, "dl_name")));
            }
            else if (!reader.Failed)
            {
                reader.Fail(CommandStatus.InvalidDestinationFlag, $"dest_flag {flag} is neither 1 nor 2");
            }
        }

        DestAddresses = dests;
        MessageFields.Read(ref reader, this);
    }
}
