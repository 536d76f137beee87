using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Carriers;

public sealed partial class CarrierSupervisor
{
    /// <summary>
    /// Carrier log events, EventIds 6000–6019 (the carriers' range is 6000–6099, next to style.md R11's 1xxx–5xxx).
    /// Names and ids never change once released. Passwords are never logged.
    /// </summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 6000, EventName = "CarrierStarting", Level = LogLevel.Information,
            Message = "Carrier {CarrierName}: connecting to {Host}:{Port} with {Binds} {BindType} bind(s), TLS {TlsEnabled}")]
        public static partial void Starting(ILogger logger, string carrierName, string host, int port, int binds, BindType bindType, bool tlsEnabled);

        [LoggerMessage(EventId = 6001, EventName = "CarrierDisabled", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} is disabled; it is neither bound nor routed to")]
        public static partial void Disabled(ILogger logger, string carrierName);

        [LoggerMessage(EventId = 6002, EventName = "CarrierBound", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} bind {BindIndex} is bound as {BindType} to SMSC {PeerSystemId}")]
        public static partial void Bound(ILogger logger, string carrierName, int bindIndex, BindType bindType, string peerSystemId);

        [LoggerMessage(EventId = 6003, EventName = "CarrierUnbound", Level = LogLevel.Warning,
            Message = "Carrier {CarrierName} bind {BindIndex} lost its session: {Reason}; it reconnects after a backoff")]
        public static partial void Unbound(ILogger logger, string carrierName, int bindIndex, string reason);

        [LoggerMessage(EventId = 6004, EventName = "CarrierUnboundOnStop", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} bind {BindIndex} closed: {Reason}")]
        public static partial void UnboundOnStop(ILogger logger, string carrierName, int bindIndex, string reason);

        [LoggerMessage(EventId = 6005, EventName = "CarrierReconnectScheduled", Level = LogLevel.Debug,
            Message = "Carrier {CarrierName} bind {BindIndex} reconnects in {Delay}: {Reason}")]
        public static partial void ReconnectScheduled(ILogger logger, string carrierName, int bindIndex, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 6006, EventName = "CarrierBindRefused", Level = LogLevel.Error,
            Message = "Carrier {CarrierName} bind {BindIndex} was refused with {CommandStatusName} (0x{CommandStatus:X2}); it will not retry. Check Bridge:Carriers:{CarrierIndex}:SystemId, SystemType and the password (Bridge__Carriers__{CarrierIndex}__Password), then restart")]
        public static partial void BindRefused(ILogger logger, string carrierName, int bindIndex, string commandStatusName, uint commandStatus, int carrierIndex);

        [LoggerMessage(EventId = 6007, EventName = "CarrierClientRefused", Level = LogLevel.Error,
            Message = "Carrier {CarrierName} cannot start: {Problem}")]
        public static partial void ClientRefused(ILogger logger, string carrierName, string problem);

        [LoggerMessage(EventId = 6008, EventName = "CarriersStopped", Level = LogLevel.Information,
            Message = "Stopped {CarrierCount} carrier(s)")]
        public static partial void AllStopped(ILogger logger, int carrierCount);

        [LoggerMessage(EventId = 6009, EventName = "CarrierStopCutShort", Level = LogLevel.Warning,
            Message = "Shutdown timeout reached while carriers were unbinding; the remaining connections were closed without waiting for unbind_resp")]
        public static partial void StopCutShort(ILogger logger);

        [LoggerMessage(EventId = 6010, EventName = "CarrierPaused", Level = LogLevel.Warning,
            Message = "Carrier {CarrierName} paused by an operator since {PausedAt:O}: no new submits go to it until it is resumed (the pause is stored and outlives a restart)")]
        public static partial void Paused(ILogger logger, string carrierName, DateTimeOffset pausedAt);

        [LoggerMessage(EventId = 6011, EventName = "CarrierResumed", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} resumed by an operator")]
        public static partial void Resumed(ILogger logger, string carrierName);

        [LoggerMessage(EventId = 6012, EventName = "CarrierPauseNotStored", Level = LogLevel.Error,
            Message = "Carrier {CarrierName}: the store could not record the operator's {Action}, so the carrier was left as it was: {Reason}")]
        public static partial void PauseNotStored(ILogger logger, Exception? exception, string carrierName, string action, string reason);

        [LoggerMessage(EventId = 6013, EventName = "CarrierStaysPaused", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} stays paused since {PausedAt:O} (paused before the restart); the admin resume endpoint lifts the pause")]
        public static partial void StaysPaused(ILogger logger, string carrierName, DateTimeOffset pausedAt);

        [LoggerMessage(EventId = 6014, EventName = "CarrierPauseOfUnknownCarrier", Level = LogLevel.Warning,
            Message = "A stored pause of carrier {CarrierName} (since {PausedAt:O}) names no configured carrier; it is kept and applies again if a carrier of that name is configured (resume is possible only then)")]
        public static partial void PauseOfUnknownCarrier(ILogger logger, string carrierName, DateTimeOffset pausedAt);
    }
}
