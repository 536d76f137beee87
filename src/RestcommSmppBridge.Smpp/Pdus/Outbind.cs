using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// outbind (0x0000000B): the SMSC asks the ESME to bind as a receiver; it has no response, the ESME answers with
/// bind_receiver (SMPP 3.4 §4.1.7).
/// <code>
/// system_id  C-string max 16
/// password   C-string max 9
/// </code>
/// </summary>
public sealed class Outbind : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.Outbind;

    /// <summary>system_id of the SMSC.</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary>password the ESME checks. Never log it.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>outbind has no response PDU.</summary>
    public override SmppResponse? CreateResponse(CommandStatus status = CommandStatus.Ok) => null;

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(SystemId, 16, "system_id") + PduBodyWriter.CStringLength(Password, 9, "password");

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        SystemId = reader.ReadCString(16, CommandStatus.InvalidSystemId, "system_id");
        Password = reader.ReadCString(9, CommandStatus.InvalidPassword, "password");
    }
}
