using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// The body shared by the bind responses (SMPP 3.4 §4.1.2, §4.1.4, §4.1.6).
/// <code>
/// system_id  C-string  max 16     (absent when command_status != 0)
/// TLV        sc_interface_version (optional)
/// </code>
/// </summary>
public abstract class BindResponse : SmppResponse
{
    /// <summary>system_id: the SMSC's identity.</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary>The sc_interface_version TLV, when the SMSC sent it.</summary>
    public byte? ScInterfaceVersion
    {
        get => HasTlvs && Tlvs.TryGetByte(TlvTag.ScInterfaceVersion, out byte v) ? v : null;
        set
        {
            if (value is { } v)
            {
                Tlvs.SetByte(TlvTag.ScInterfaceVersion, v);
            }
            else if (HasTlvs)
            {
                Tlvs.Remove(TlvTag.ScInterfaceVersion);
            }
        }
    }

    internal override int GetBodyLength() => PduBodyWriter.CStringLength(SystemId, 16, "system_id");

    internal override void WriteBody(ref PduBodyWriter writer) => writer.WriteCString(SystemId);

    internal override void ReadBody(ref PduBodyReader reader) =>
        SystemId = reader.ReadCString(16, CommandStatus.InvalidSystemId, "system_id");
}
