namespace RestcommSmppBridge.Carriers;

public sealed partial class CarrierRouter
{
    /// <summary>Routing log events, EventIds 6020–6039 (carriers' range 6000–6099). Destinations are masked.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 6020, EventName = "RouteNotFound", Level = LogLevel.Warning,
            Message = "No carrier has a route for destination {Destination}")]
        public static partial void NoRoute(ILogger logger, string destination);

        [LoggerMessage(EventId = 6021, EventName = "CarrierPassedOver", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} passed over: {Reason}; trying the next candidate")]
        public static partial void PassedOver(ILogger logger, string carrierName, string reason);

        [LoggerMessage(EventId = 6022, EventName = "CarriersUnavailable", Level = LogLevel.Warning,
            Message = "No carrier took the message for {Destination} now ({CandidateCount} candidate(s) tried)")]
        public static partial void Unavailable(ILogger logger, string destination, int candidateCount);

        [LoggerMessage(EventId = 6023, EventName = "SubmitOutcomeUnknown", Level = LogLevel.Warning,
            Message = "Carrier {CarrierName} did not answer a submit: {Reason}; not failing over, which could deliver it twice")]
        public static partial void OutcomeUnknown(ILogger logger, string carrierName, string reason);

        [LoggerMessage(EventId = 6025, EventName = "CarrierTemporaryRefusal", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} refused a submit with {CommandStatusName} (0x{CommandStatus:X2}) after its retries; trying the next candidate")]
        public static partial void TemporaryRefusal(ILogger logger, string carrierName, string commandStatusName, uint commandStatus);

        [LoggerMessage(EventId = 6024, EventName = "SubmitRefused", Level = LogLevel.Information,
            Message = "Carrier {CarrierName} refused a submit with {CommandStatusName} (0x{CommandStatus:X2}): {Detail}")]
        public static partial void Refused(ILogger logger, string carrierName, string commandStatusName, uint commandStatus, string detail);
    }
}
