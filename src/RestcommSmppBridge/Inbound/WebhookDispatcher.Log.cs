namespace RestcommSmppBridge.Inbound;

public sealed partial class WebhookDispatcher
{
    /// <summary>Webhook dispatcher log events, EventIds 6250–6269 (inbound range 6200–6299).</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 6250, EventName = "InboundWebhookFinished", Level = LogLevel.Debug,
            Message = "Webhook of inbound message {MessageSid} {Outcome} after {Attempts} run(s)")]
        public static partial void Finished(ILogger logger, string messageSid, string outcome, int attempts);

        [LoggerMessage(EventId = 6251, EventName = "InboundWebhookWillRetry", Level = LogLevel.Warning,
            Message = "Webhook of inbound message {MessageSid} got no usable answer (run {Attempts}); running it again in {Delay}")]
        public static partial void WillRetry(ILogger logger, string messageSid, int attempts, TimeSpan delay);

        [LoggerMessage(EventId = 6252, EventName = "InboundWebhookRunFailed", Level = LogLevel.Error,
            Message = "Webhook of inbound message {MessageSid} could not be recorded; it stays pending and runs again")]
        public static partial void RunFailed(ILogger logger, string messageSid, Exception exception);

        [LoggerMessage(EventId = 6253, EventName = "InboundWebhookReadFailed", Level = LogLevel.Error,
            Message = "Reading the pending inbound webhooks failed; trying again at the next poll")]
        public static partial void ReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6254, EventName = "InboundNoReplySender", Level = LogLevel.Warning,
            Message = "No RCML reply sender is registered: inbound webhooks stay pending until a build with the outbound side runs")]
        public static partial void NoReplySender(ILogger logger);

        [LoggerMessage(EventId = 6255, EventName = "InboundWebhookClaimsReleased", Level = LogLevel.Information,
            Message = "{Count} webhook(s) were running when the bridge last stopped; they run again")]
        public static partial void ClaimsReleased(ILogger logger, int count);

        [LoggerMessage(EventId = 6256, EventName = "InboundWebhookReleaseFailed", Level = LogLevel.Error,
            Message = "Webhook of inbound message {MessageSid} could not be given back to the queue; trying again")]
        public static partial void ReleaseFailed(ILogger logger, string messageSid, Exception exception);

        [LoggerMessage(EventId = 6257, EventName = "InboundWebhookFailed", Level = LogLevel.Warning,
            Message = "Webhook of inbound message {MessageSid} failed for good after {Attempts} run(s): {Outcome}")]
        public static partial void FailedForGood(ILogger logger, string messageSid, int attempts, string outcome);
    }
}
