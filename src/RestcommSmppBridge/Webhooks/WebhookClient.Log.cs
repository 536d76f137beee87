namespace RestcommSmppBridge.Webhooks;

public sealed partial class WebhookClient
{
    /// <summary>
    /// Log events of webhooks, EventIds 3000–3099 (style.md R11). URLs are logged without query string or user info
    /// (<see cref="LoggedUrl"/>); auth tokens and parameters (the message body) are never logged.
    /// </summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 3000, EventName = "AttemptFailed", Level = LogLevel.Warning,
            Message = "Webhook {Method} {Url} attempt {Attempt} failed ({Failure}); retrying in {RetryDelay}")]
        public static partial void AttemptFailed(ILogger logger, WebhookMethod method, LoggedUrl url, int attempt, LoggedFailure failure, TimeSpan retryDelay);

        [LoggerMessage(EventId = 3001, EventName = "GaveUp", Level = LogLevel.Warning,
            Message = "Webhook {Method} {Url} failed after {Attempts} attempt(s): {Failure}")]
        public static partial void GaveUp(ILogger logger, WebhookMethod method, LoggedUrl url, int attempts, LoggedFailure failure);

        [LoggerMessage(EventId = 3002, EventName = "FallbackUsed", Level = LogLevel.Warning,
            Message = "Webhook {Method} {Url} failed ({Failure}); trying the fallback {FallbackMethod} {FallbackUrl}")]
        public static partial void FallbackUsed(ILogger logger, WebhookMethod method, LoggedUrl url, LoggedFailure failure, WebhookMethod fallbackMethod, LoggedUrl fallbackUrl);

        [LoggerMessage(EventId = 3003, EventName = "Redirected", Level = LogLevel.Debug,
            Message = "Webhook {Url} redirected with {StatusCode} to {Location}")]
        public static partial void Redirected(ILogger logger, LoggedUrl url, int statusCode, LoggedUrl location);

        [LoggerMessage(EventId = 3004, EventName = "RedirectNotFollowed", Level = LogLevel.Warning,
            Message = "Webhook {Url} redirected with {StatusCode}, not followed: {Why}")]
        public static partial void RedirectNotFollowed(ILogger logger, LoggedUrl url, int statusCode, string why);

        [LoggerMessage(EventId = 3005, EventName = "Answered", Level = LogLevel.Debug,
            Message = "Webhook {Method} {Url} answered {StatusCode} ({BodyLength} bytes) after {Attempts} attempt(s)")]
        public static partial void Answered(ILogger logger, WebhookMethod method, LoggedUrl url, int statusCode, int bodyLength, int attempts);

        [LoggerMessage(EventId = 3006, EventName = "RetryAfterBeyondBudget", Level = LogLevel.Warning,
            Message = "Webhook {Url} answered {StatusCode} with Retry-After {RetryAfter}, beyond the {Remaining} left of its total timeout; not retried")]
        public static partial void RetryAfterBeyondBudget(ILogger logger, LoggedUrl url, int statusCode, TimeSpan retryAfter, TimeSpan remaining);

        [LoggerMessage(EventId = 3007, EventName = "ResponseTooLarge", Level = LogLevel.Warning,
            Message = "Webhook {Url} answered a body over {MaxResponseBytes} bytes; it is not read")]
        public static partial void ResponseTooLarge(ILogger logger, LoggedUrl url, int maxResponseBytes);

        [LoggerMessage(EventId = 3008, EventName = "AnswerNotAccepted", Level = LogLevel.Warning,
            Message = "Webhook {Method} {Url} answered {StatusCode}, which the caller does not accept")]
        public static partial void AnswerNotAccepted(ILogger logger, WebhookMethod method, LoggedUrl url, int statusCode);
    }
}
