using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Simulator;

/// <summary>Log lines of the simulator. Event ids 1250–1299 (the server keeps 1200–1249).</summary>
public sealed partial class SmscSimulator
{
    private static partial class Log
    {
        [LoggerMessage(1250, LogLevel.Information, "SMSC simulator listening on {EndPoint}")]
        public static partial void Started(ILogger logger, string endPoint);

        [LoggerMessage(1251, LogLevel.Information, "SMSC simulator stopped: {Counters}")]
        public static partial void Stopped(ILogger logger, string counters);

        [LoggerMessage(1252, LogLevel.Information, "SMSC simulator refused bind of {SystemId} on {SessionName} with {CommandStatus}")]
        public static partial void BindRefused(ILogger logger, string sessionName, string systemId, CommandStatus commandStatus);

        [LoggerMessage(1253, LogLevel.Warning, "SMSC simulator: drop fault, closing {SessionName} at request {Count}")]
        public static partial void DropFault(ILogger logger, string sessionName, int count);

        [LoggerMessage(1254, LogLevel.Warning, "SMSC simulator: garbage fault on {SessionName} at request {Count}")]
        public static partial void GarbageFault(ILogger logger, string sessionName, int count);

        [LoggerMessage(1255, LogLevel.Warning, "SMSC simulator gave up the receipt for {MessageId}: {CommandStatus}")]
        public static partial void ReceiptDropped(ILogger logger, string messageId, CommandStatus commandStatus);

        [LoggerMessage(1256, LogLevel.Warning, "SMSC simulator: generated MO not delivered: {Message}")]
        public static partial void MoFailed(ILogger logger, string message);

        [LoggerMessage(1257, LogLevel.Warning, "SMSC simulator: background work failed: {Message}")]
        public static partial void BackgroundFailed(ILogger logger, string message);
    }
}
