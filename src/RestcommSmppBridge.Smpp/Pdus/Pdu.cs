using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// An SMPP 3.4 PDU: the 16-octet header (§3.2), the mandatory body of its type and optional TLVs. PDUs are plain
/// data; <see cref="PduCodec"/> reads and writes them.
/// </summary>
public abstract class Pdu
{
    private TlvCollection? _tlvs;

    /// <summary>The command_id of this PDU type.</summary>
    public abstract CommandId CommandId { get; }

    /// <summary>command_status: 0 in requests, the outcome in responses.</summary>
    public CommandStatus CommandStatus { get; set; }

    /// <summary>sequence_number, 1…0x7FFFFFFF; a response echoes its request's.</summary>
    public uint SequenceNumber { get; set; }

    /// <summary>The optional parameters, created on first use.</summary>
    public TlvCollection Tlvs => _tlvs ??= new TlvCollection();

    /// <summary>True when at least one TLV is present (without creating the collection).</summary>
    public bool HasTlvs => _tlvs is { Count: > 0 };

    /// <summary>True for response PDUs (command_id bit 31 set).</summary>
    public bool IsResponse => CommandId.IsResponse();

    /// <summary>
    /// True when an error response of this type is sent header-only: "a PDU body should not be included in the
    /// response" when command_status is non-zero (SMPP 3.4 §3.2.5). data_sm_resp overrides it, because its
    /// delivery_failure_reason TLV is how the error is explained.
    /// </summary>
    internal virtual bool OmitBodyOnError => IsResponse;

    /// <summary>Octets of the mandatory body (TLVs not included).</summary>
    internal virtual int GetBodyLength() => 0;

    /// <summary>Writes the mandatory body.</summary>
    internal virtual void WriteBody(ref PduBodyWriter writer)
    {
    }

    /// <summary>Reads the mandatory body; faults are recorded in the reader.</summary>
    internal virtual void ReadBody(ref PduBodyReader reader)
    {
    }

    internal void SetTlvs(TlvCollection tlvs) => _tlvs = tlvs;

    internal TlvCollection? TlvsOrNull => _tlvs;

    /// <inheritdoc />
    public override string ToString() =>
        $"{CommandId} seq={SequenceNumber} status={CommandStatus.ToSpecName()}" + (HasTlvs ? $" tlvs=[{_tlvs}]" : "");
}

/// <summary>A request PDU: it expects a response, except outbind and alert_notification.</summary>
public abstract class SmppRequest : Pdu
{
    /// <summary>
    /// Creates the response to this request with the same sequence number, or null for requests that have none
    /// (outbind, alert_notification).
    /// </summary>
    public abstract SmppResponse? CreateResponse(CommandStatus status = CommandStatus.Ok);
}

/// <summary>A response PDU (command_id with bit 31 set).</summary>
public abstract class SmppResponse : Pdu
{
}
