namespace RestcommSmppBridge.Inbound;

public sealed partial class InboundPipeline
{
    /// <summary>Inbound pipeline log events, EventIds 6200–6229 (inbound range 6200–6299). Numbers are masked; bodies never logged.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 6200, EventName = "InboundStored", Level = LogLevel.Debug,
            Message = "Inbound message {MessageSid} from carrier {CarrierName} stored ({NumSegments} segment(s), webhook queued: {WebhookQueued})")]
        public static partial void Stored(ILogger logger, string messageSid, string carrierName, int numSegments, bool webhookQueued);

        [LoggerMessage(EventId = 6201, EventName = "InboundUnknownNumber", Level = LogLevel.Warning,
            Message = "Inbound message from carrier {CarrierName} to {Destination}: no IncomingPhoneNumber matches; answered command_status 0x{CommandStatus:X2}")]
        public static partial void UnknownNumber(ILogger logger, string carrierName, MaskedNumber destination, uint commandStatus);

        [LoggerMessage(EventId = 6202, EventName = "InboundDuplicate", Level = LogLevel.Information,
            Message = "Inbound message from carrier {CarrierName} to {Destination} is a redelivery of one already stored; acknowledged, not sent to the app again")]
        public static partial void Duplicate(ILogger logger, string carrierName, MaskedNumber destination);

        [LoggerMessage(EventId = 6203, EventName = "InboundStoreFailed", Level = LogLevel.Error,
            Message = "Inbound message from carrier {CarrierName} could not be stored; answered command_status 0x{CommandStatus:X2} so the SMSC delivers it again")]
        public static partial void StoreFailed(ILogger logger, string carrierName, uint commandStatus, Exception exception);

        [LoggerMessage(EventId = 6204, EventName = "InboundBacklogFull", Level = LogLevel.Warning,
            Message = "Refusing inbound messages: {Pending} webhooks are pending (limit {Limit}); carrier {CarrierName} and the next are answered command_status 0x{CommandStatus:X2} until the backlog drains (counted every 10 s, each at Debug)")]
        public static partial void BacklogFull(ILogger logger, int pending, int limit, string carrierName, uint commandStatus);

        [LoggerMessage(EventId = 6205, EventName = "InboundMalformedUdh", Level = LogLevel.Debug,
            Message = "Inbound message from carrier {CarrierName} announced a UDH that does not parse; its octets are kept as text")]
        public static partial void MalformedUdh(ILogger logger, string carrierName);

        [LoggerMessage(EventId = 6206, EventName = "InboundPartialDelivered", Level = LogLevel.Warning,
            Message = "Inbound long message {MessageSid} from carrier {CarrierName} delivered incomplete after the reassembly timeout: {Received} of {Total} parts")]
        public static partial void PartialDelivered(ILogger logger, string carrierName, string messageSid, int received, int total);

        [LoggerMessage(EventId = 6207, EventName = "InboundPartialDiscarded", Level = LogLevel.Warning,
            Message = "Inbound long message from carrier {CarrierName} to {Destination} timed out with {Received} of {Total} parts and its number is gone; discarded")]
        public static partial void PartialDiscarded(ILogger logger, string carrierName, MaskedNumber destination, int received, int total);

        [LoggerMessage(EventId = 6208, EventName = "InboundNoSmsUrl", Level = LogLevel.Warning,
            Message = "Number {PhoneNumberSid} has no valid SmsUrl: the inbound message is stored but no webhook is made")]
        public static partial void NoSmsUrl(ILogger logger, string phoneNumberSid);

        [LoggerMessage(EventId = 6210, EventName = "InboundReceiptUnparsed", Level = LogLevel.Warning,
            Message = "Carrier {CarrierName} sent a receipt that does not parse; acknowledged and dropped")]
        public static partial void ReceiptUnparsed(ILogger logger, string carrierName);

        [LoggerMessage(EventId = 6211, EventName = "InboundNoReceiptSink", Level = LogLevel.Warning,
            Message = "Carrier {CarrierName} sent a receipt but no receipt handling is registered; answered command_status 0x{CommandStatus:X2}")]
        public static partial void NoReceiptSink(ILogger logger, string carrierName, uint commandStatus);

        [LoggerMessage(EventId = 6212, EventName = "InboundReceiptFailed", Level = LogLevel.Error,
            Message = "A receipt from carrier {CarrierName} could not be recorded; answered command_status 0x{CommandStatus:X2}")]
        public static partial void ReceiptFailed(ILogger logger, string carrierName, uint commandStatus, Exception exception);

        [LoggerMessage(EventId = 6213, EventName = "InboundSweepFailed", Level = LogLevel.Error,
            Message = "Looking for timed-out long messages failed; trying again at the next sweep")]
        public static partial void SweepFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6214, EventName = "InboundRefused", Level = LogLevel.Debug,
            Message = "Inbound message from carrier {CarrierName} refused: {Pending} webhooks are pending; answered command_status 0x{CommandStatus:X2}")]
        public static partial void Refused(ILogger logger, string carrierName, int pending, uint commandStatus);

        [LoggerMessage(EventId = 6215, EventName = "InboundStillRefusing", Level = LogLevel.Warning,
            Message = "Still refusing inbound messages: {Refused} refused in the last {Interval}; {Pending} webhooks are pending (limit {Limit})")]
        public static partial void StillRefusing(ILogger logger, long refused, TimeSpan interval, int pending, int limit);

        [LoggerMessage(EventId = 6216, EventName = "InboundBacklogDrained", Level = LogLevel.Information,
            Message = "Inbound messages are taken again after {Refused} refusal(s) over {Duration}")]
        public static partial void BacklogDrained(ILogger logger, long refused, TimeSpan duration);
    }
}
