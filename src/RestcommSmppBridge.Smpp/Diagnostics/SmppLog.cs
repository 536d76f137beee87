using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Diagnostics;

/// <summary>
/// Every log line of the SMPP library. Event ids are fixed once released (style.md R11): 1000–1999 session,
/// 2000–2999 codec. Passwords and message text are never logged.
/// </summary>
internal static partial class SmppLog
{
    [LoggerMessage(1000, LogLevel.Information, "SMPP session {SessionName} bound as {BindType} (system_id {SystemId})")]
    public static partial void Bound(ILogger logger, string sessionName, BindType bindType, string systemId);

    [LoggerMessage(1001, LogLevel.Information, "SMPP session {SessionName} closed: {Reason}")]
    public static partial void Closed(ILogger logger, string sessionName, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "SMPP session {SessionName} dropped a response nobody waits for: {CommandId} sequence {SequenceNumber} status {CommandStatus}")]
    public static partial void UnmatchedResponse(ILogger logger, string sessionName, CommandId commandId, uint sequenceNumber, CommandStatus commandStatus);

    [LoggerMessage(1003, LogLevel.Warning, "SMPP session {SessionName} refused {CommandId} sequence {SequenceNumber} in state {State} (0x04)")]
    public static partial void WrongState(ILogger logger, string sessionName, CommandId commandId, uint sequenceNumber, SessionState state);

    [LoggerMessage(1004, LogLevel.Warning, "SMPP session {SessionName}: inbound queue full, answered {CommandId} sequence {SequenceNumber} with {CommandStatus}")]
    public static partial void InboundQueueFull(ILogger logger, string sessionName, CommandId commandId, uint sequenceNumber, CommandStatus commandStatus);

    [LoggerMessage(1005, LogLevel.Error, "SMPP session {SessionName}: handler failed on {CommandId} sequence {SequenceNumber}; answered {CommandStatus}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string sessionName, CommandId commandId, uint sequenceNumber, CommandStatus commandStatus);

    [LoggerMessage(1006, LogLevel.Warning, "SMPP session {SessionName}: enquire_link unanswered ({Missed} of {Max})")]
    public static partial void EnquireLinkMissed(ILogger logger, string sessionName, int missed, int max);

    [LoggerMessage(1007, LogLevel.Warning, "SMPP session {SessionName}: unbind received from the peer")]
    public static partial void UnbindReceived(ILogger logger, string sessionName);

    [LoggerMessage(1008, LogLevel.Warning, "SMPP session {SessionName}: connection failed: {Message}")]
    public static partial void ConnectionFailed(ILogger logger, string sessionName, string message);

    [LoggerMessage(1009, LogLevel.Warning, "SMPP session {SessionName}: {Count} in-flight requests ended with unknown outcome ({Reason})")]
    public static partial void InFlightFailed(ILogger logger, string sessionName, int count, string reason);

    [LoggerMessage(1010, LogLevel.Warning, "SMPP session {SessionName}: bind refused with {CommandStatus} (system_id {SystemId})")]
    public static partial void BindRefused(ILogger logger, string sessionName, CommandStatus commandStatus, string systemId);

    [LoggerMessage(1011, LogLevel.Warning, "SMPP session {SessionName}: generic_nack {CommandStatus} for sequence {SequenceNumber}")]
    public static partial void GenericNackReceived(ILogger logger, string sessionName, CommandStatus commandStatus, uint sequenceNumber);

    [LoggerMessage(1012, LogLevel.Error, "SMPP session {SessionName}: could not encode {CommandId} sequence {SequenceNumber}: {Message}")]
    public static partial void EncodeFailed(ILogger logger, string sessionName, CommandId commandId, uint sequenceNumber, string message);

    [LoggerMessage(1013, LogLevel.Trace, "SMPP session {SessionName} {Direction} {Pdu}")]
    public static partial void PduTrace(ILogger logger, string sessionName, string direction, Pdu pdu);

    [LoggerMessage(1014, LogLevel.Debug, "SMPP session {SessionName}: late {CommandId} sequence {SequenceNumber} status {CommandStatus} after {ElapsedMilliseconds} ms, handed to the waiting caller")]
    public static partial void LateResponse(ILogger logger, string sessionName, CommandId commandId, uint sequenceNumber, CommandStatus commandStatus, long elapsedMilliseconds);

    [LoggerMessage(2000, LogLevel.Warning, "SMPP session {SessionName}: malformed PDU answered {CommandStatus}: {Message}")]
    public static partial void MalformedPdu(ILogger logger, string sessionName, CommandStatus commandStatus, string message);

    [LoggerMessage(2001, LogLevel.Error, "SMPP session {SessionName}: stream out of step, closing: {Message}")]
    public static partial void FatalFraming(ILogger logger, string sessionName, string message);
}
