using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// The body shared by bind_transmitter, bind_receiver and bind_transceiver (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5).
/// <code>
/// system_id          C-string  max 16
/// password           C-string  max 9
/// system_type        C-string  max 13
/// interface_version  u8        0x34
/// addr_ton           u8
/// addr_npi           u8
/// address_range      C-string  max 41
/// </code>
/// </summary>
public abstract class BindRequest : SmppRequest
{
    /// <summary>system_id: the ESME's identity at the SMSC (at most 15 characters).</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary>password (at most 8 characters). Never log it.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>system_type (at most 12 characters), often empty.</summary>
    public string SystemType { get; set; } = string.Empty;

    /// <summary>interface_version: 0x34 for SMPP 3.4; 0x33 or lower for 3.3.</summary>
    public byte InterfaceVersion { get; set; } = 0x34;

    /// <summary>addr_ton of the address range served.</summary>
    public TypeOfNumber AddrTon { get; set; }

    /// <summary>addr_npi of the address range served.</summary>
    public NumberingPlan AddrNpi { get; set; }

    /// <summary>address_range (at most 40 characters), usually empty.</summary>
    public string AddressRange { get; set; } = string.Empty;

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(SystemId, 16, "system_id")
        + PduBodyWriter.CStringLength(Password, 9, "password")
        + PduBodyWriter.CStringLength(SystemType, 13, "system_type")
        + 3
        + PduBodyWriter.CStringLength(AddressRange, 41, "address_range");

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
        writer.WriteCString(SystemType);
        writer.WriteByte(InterfaceVersion);
        writer.WriteByte((byte)AddrTon);
        writer.WriteByte((byte)AddrNpi);
        writer.WriteCString(AddressRange);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        SystemId = reader.ReadCString(16, CommandStatus.InvalidSystemId, "system_id");
        Password = reader.ReadCString(9, CommandStatus.InvalidPassword, "password");
        SystemType = reader.ReadCString(13, CommandStatus.InvalidSystemType, "system_type");
        InterfaceVersion = reader.ReadByte("interface_version");
        AddrTon = (TypeOfNumber)reader.ReadByte("addr_ton");
        AddrNpi = (NumberingPlan)reader.ReadByte("addr_npi");
        AddressRange = reader.ReadCString(41, CommandStatus.InvalidSourceAddress, "address_range");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{base.ToString()} system_id={SystemId} system_type={SystemType} interface_version=0x{InterfaceVersion:X2}";
}
