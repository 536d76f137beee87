namespace RestcommSmppBridge.Rcml;

public sealed partial class RcmlInterpreter
{
    /// <summary>
    /// Log events of RCML interactions, EventIds 3100–3199 (the 3xxx webhook area, style.md R11). URLs are logged
    /// without user info or query; message bodies are never logged here.
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, EventName = "RcmlInteractionStarted", Level = LogLevel.Debug,
            Message = "RCML for inbound {SmsSid}: fetching {Url}")]
        public static partial void InteractionStarted(ILogger logger, string smsSid, RcmlUrl url);

        [LoggerMessage(EventId = 3101, EventName = "RcmlDocumentFetched", Level = LogLevel.Debug,
            Message = "RCML for inbound {SmsSid}: {Url} gave {VerbCount} verb(s) (fetch {FetchCount})")]
        public static partial void DocumentFetched(ILogger logger, string smsSid, RcmlUrl url, int verbCount, int fetchCount);

        [LoggerMessage(EventId = 3102, EventName = "RcmlNotice", Level = LogLevel.Warning,
            Message = "RCML for inbound {SmsSid}: notice {NoticeCode}: {Notice}")]
        public static partial void NoticeRaised(ILogger logger, string smsSid, int noticeCode, string notice);

        [LoggerMessage(EventId = 3103, EventName = "RcmlFallbackUsed", Level = LogLevel.Information,
            Message = "RCML for inbound {SmsSid}: first document unusable, trying the fallback {Url}")]
        public static partial void FallbackUsed(ILogger logger, string smsSid, RcmlUrl url);

        [LoggerMessage(EventId = 3104, EventName = "RcmlReplySubmitted", Level = LogLevel.Debug,
            Message = "RCML for inbound {SmsSid}: reply {ReplySid} submitted ({Encoding})")]
        public static partial void ReplySubmitted(ILogger logger, string smsSid, string replySid, RcmlEncoding encoding);

        [LoggerMessage(EventId = 3105, EventName = "RcmlInteractionCompleted", Level = LogLevel.Debug,
            Message = "RCML for inbound {SmsSid} completed: {ReplyCount} reply(ies), {FetchCount} fetch(es)")]
        public static partial void InteractionCompleted(ILogger logger, string smsSid, int replyCount, int fetchCount);

        [LoggerMessage(EventId = 3106, EventName = "RcmlInteractionFailed", Level = LogLevel.Warning,
            Message = "RCML for inbound {SmsSid} failed with notice {NoticeCode}: {Notice} ({ReplyCount} reply(ies), {FetchCount} fetch(es))")]
        public static partial void InteractionFailed(ILogger logger, string smsSid, int noticeCode, string notice, int replyCount, int fetchCount);

        [LoggerMessage(EventId = 3107, EventName = "RcmlFetcherFaulted", Level = LogLevel.Error,
            Message = "RCML for inbound {SmsSid}: the fetcher failed unexpectedly on {Url}")]
        public static partial void FetcherFaulted(ILogger logger, string smsSid, RcmlUrl url, Exception exception);

        [LoggerMessage(EventId = 3108, EventName = "RcmlReplySenderFaulted", Level = LogLevel.Error,
            Message = "RCML for inbound {SmsSid}: the reply sender failed unexpectedly")]
        public static partial void ReplySenderFaulted(ILogger logger, string smsSid, Exception exception);
    }
}
