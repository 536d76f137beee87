using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>Log lines of the client; event ids 1100–1199 (style.md R11). Passwords are never logged.</summary>
public sealed partial class SmppClient
{
    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Information, "SMPP client {ClientName} starting: {Host}:{Port}, {Binds} × {BindType}")]
        public static partial void Starting(ILogger logger, string clientName, string host, int port, int binds, BindType bindType);

        [LoggerMessage(1101, LogLevel.Debug, "SMPP client {ClientName} bind {BindIndex}: connecting to {Host}:{Port}")]
        public static partial void Connecting(ILogger logger, string clientName, int bindIndex, string host, int port);

        [LoggerMessage(1102, LogLevel.Warning, "SMPP client {ClientName} bind {BindIndex}: connect failed: {Message}")]
        public static partial void ConnectFailed(ILogger logger, string clientName, int bindIndex, string message);

        [LoggerMessage(1103, LogLevel.Information, "SMPP client {ClientName} bind {BindIndex} bound as {BindType} to {PeerSystemId}")]
        public static partial void Bound(ILogger logger, string clientName, int bindIndex, BindType bindType, string peerSystemId);

        [LoggerMessage(1104, LogLevel.Error, "SMPP client {ClientName} bind {BindIndex}: refused with {CommandStatus} for system_id {SystemId}; the settings are wrong, this bind stops retrying")]
        public static partial void ConfigurationError(ILogger logger, string clientName, int bindIndex, CommandStatus commandStatus, string systemId);

        [LoggerMessage(1105, LogLevel.Warning, "SMPP client {ClientName} bind {BindIndex} unbound: {Reason}")]
        public static partial void Unbound(ILogger logger, string clientName, int bindIndex, string reason);

        [LoggerMessage(1106, LogLevel.Information, "SMPP client {ClientName} bind {BindIndex}: reconnecting in {Delay} ({Reason})")]
        public static partial void ReconnectScheduled(ILogger logger, string clientName, int bindIndex, TimeSpan delay, string reason);

        [LoggerMessage(1107, LogLevel.Warning, "SMPP client {ClientName} bind {BindIndex}: {CommandStatus}, pausing the bind for {Pause}")]
        public static partial void Throttled(ILogger logger, string clientName, int bindIndex, CommandStatus commandStatus, TimeSpan pause);

        [LoggerMessage(1108, LogLevel.Information, "SMPP client {ClientName} stopping")]
        public static partial void Stopping(ILogger logger, string clientName);

        [LoggerMessage(1109, LogLevel.Information, "SMPP client {ClientName} stopped")]
        public static partial void Stopped(ILogger logger, string clientName);

        [LoggerMessage(1110, LogLevel.Warning, "SMPP client {ClientName}: an observer threw")]
        public static partial void ObserverFailed(ILogger logger, Exception exception, string clientName);

        [LoggerMessage(1111, LogLevel.Error, "SMPP client {ClientName} bind {BindIndex}: unexpected failure; backing off")]
        public static partial void SupervisorFailed(ILogger logger, Exception exception, string clientName, int bindIndex);
    }
}
