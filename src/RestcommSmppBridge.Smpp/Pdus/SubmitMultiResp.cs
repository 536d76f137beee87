using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>One unsuccess_sme entry of submit_multi_resp (SMPP 3.4 §4.5.2.1).</summary>
/// <param name="DestAddrTon">dest_addr_ton.</param>
/// <param name="DestAddrNpi">dest_addr_npi.</param>
/// <param name="DestinationAddr">destination_addr (at most 20 characters).</param>
/// <param name="ErrorStatusCode">error_status_code: the command_status that applies to this destination.</param>
public sealed record UnsuccessfulSme(
    TypeOfNumber DestAddrTon, NumberingPlan DestAddrNpi, string DestinationAddr, CommandStatus ErrorStatusCode);

/// <summary>
/// submit_multi_resp (0x80000021) (SMPP 3.4 §4.5.2).
/// <code>
/// message_id     C-string max 65
/// no_unsuccess   u8
/// unsuccess_sme  no_unsuccess × (dest_addr_ton u8, dest_addr_npi u8, destination_addr C21, error_status_code u32)
/// </code>
/// </summary>
public sealed class SubmitMultiResp : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitMultiResp;

    /// <summary>message_id.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>The destinations the SMSC could not accept.</summary>
    public IList<UnsuccessfulSme> UnsuccessSmes { get; set; } = [];

    internal override int GetBodyLength()
    {
        if (UnsuccessSmes.Count > byte.MaxValue)
        {
            throw new ArgumentException($"no_unsuccess is one octet; got {UnsuccessSmes.Count} entries.");
        }

        int length = PduBodyWriter.CStringLength(MessageId, 65, "message_id") + 1;
        foreach (UnsuccessfulSme sme in UnsuccessSmes)
        {
            length += 2 + PduBodyWriter.CStringLength(sme.DestinationAddr, 21, "destination_addr") + 4;
        }

        return length;
    }

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)UnsuccessSmes.Count);
        foreach (UnsuccessfulSme sme in UnsuccessSmes)
        {
            writer.WriteByte((byte)sme.DestAddrTon);
            writer.WriteByte((byte)sme.DestAddrNpi);
            writer.WriteCString(sme.DestinationAddr);
            writer.WriteUInt32((uint)sme.ErrorStatusCode);
        }
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId, "message_id");
        int count = reader.ReadByte("no_unsuccess");
        var list = new List<UnsuccessfulSme>(count);
        for (int i = 0; i < count && !reader.Failed; i++)
        {
            var ton = (TypeOfNumber)reader.ReadByte("dest_addr_ton");
            var npi = (NumberingPlan)reader.ReadByte("dest_addr_npi");
            string addr = reader.ReadCString(21, CommandStatus.InvalidDestinationAddress, "destination_addr");
            var status = (CommandStatus)reader.ReadUInt32("error_status_code");
            list.Add(new UnsuccessfulSme(ton, npi, addr, status));
        }

        UnsuccessSmes = list;
    }
}
