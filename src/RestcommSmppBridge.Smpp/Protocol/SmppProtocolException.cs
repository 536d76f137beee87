using System.Globalization;

namespace RestcommSmppBridge.Smpp.Protocol;

/// <summary>
/// A PDU broke the SMPP 3.4 rules. Carries the <see cref="CommandStatus"/> to answer with (in a generic_nack or in
/// the error response of the request), and the header fields read before the fault, so the session can answer the
/// right sequence number.
/// </summary>
public sealed class SmppProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SmppProtocolException(CommandStatus status, string message, uint commandId = 0, uint sequenceNumber = 0,
        bool isFatal = false)
        : base(message)
    {
        Status = status;
        CommandId = commandId;
        SequenceNumber = sequenceNumber;
        IsFatal = isFatal;
    }

    /// <summary>Creates the exception with no detail (for serializers and analyzers).</summary>
    public SmppProtocolException()
        : this(CommandStatus.UnknownError, "SMPP protocol error")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public SmppProtocolException(string message)
        : this(CommandStatus.UnknownError, message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SmppProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = CommandStatus.UnknownError;
    }

    /// <summary>The status to answer with: generic_nack 0x03 for an unknown command, 0x02 for a bad length, 0xC0–0xC4 for TLV faults.</summary>
    public CommandStatus Status { get; }

    /// <summary>The raw command_id of the offending PDU (0 when the header could not be read).</summary>
    public uint CommandId { get; }

    /// <summary>The sequence_number of the offending PDU (0 when unknown).</summary>
    public uint SequenceNumber { get; }

    /// <summary>
    /// True when the byte stream can no longer be trusted (a bad <c>command_length</c>): the connection must be closed
    /// after an optional generic_nack. False when the PDU was framed correctly and only its body was bad: the session
    /// answers and carries on.
    /// </summary>
    public bool IsFatal { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Status.ToSpecName()} (command_id 0x{CommandId:X8}, sequence {SequenceNumber}): {Message}");
}
