using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Server;

/// <summary>Log lines of the server side. Event ids 1200–1249 (style.md R11); sessions log their own 1000–1099.</summary>
public sealed partial class SmppServer
{
    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Information, "SMPP server listening on {EndPoint} (TLS {Tls})")]
        public static partial void Listening(ILogger logger, string endPoint, bool tls);

        [LoggerMessage(1201, LogLevel.Information, "SMPP server stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(1202, LogLevel.Debug, "SMPP server accepted {SessionName} from {RemoteEndPoint}")]
        public static partial void Accepted(ILogger logger, string sessionName, string remoteEndPoint);

        [LoggerMessage(1203, LogLevel.Warning, "SMPP server: TLS handshake with {RemoteEndPoint} failed: {Message}")]
        public static partial void TlsFailed(ILogger logger, string remoteEndPoint, string message);

        [LoggerMessage(1204, LogLevel.Warning, "SMPP server: {SessionName} bind of system_id {SystemId} refused with {CommandStatus}: {Limit} already bound")]
        public static partial void BindLimit(ILogger logger, string sessionName, string systemId, int limit, CommandStatus commandStatus);

        [LoggerMessage(1205, LogLevel.Warning, "SMPP server: connection from {RemoteEndPoint} closed, {MaxConnections} connections open")]
        public static partial void ConnectionLimit(ILogger logger, string remoteEndPoint, int maxConnections);

        [LoggerMessage(1206, LogLevel.Warning, "SMPP server: accept failed: {Message}")]
        public static partial void AcceptFailed(ILogger logger, string message);

        [LoggerMessage(1207, LogLevel.Warning, "SMPP server: graceful stop timed out; aborting {Count} sessions")]
        public static partial void StopTimedOut(ILogger logger, int count);

        [LoggerMessage(1209, LogLevel.Warning,
            "SMPP server: {Count} connection(s) still in a request handler after the stop timeout; stopped without them")]
        public static partial void HandlersStillRunning(ILogger logger, int count);

        [LoggerMessage(1208, LogLevel.Warning, "SMPP server: writing {Length} raw octets to {SessionName} (fault injection)")]
        public static partial void RawWrite(ILogger logger, string sessionName, int length);
    }
}
