namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// A webhook failed for good, after its retries (and its fallback, when there was one). The only exception
/// <see cref="WebhookClient"/> throws, apart from <see cref="OperationCanceledException"/> when the caller cancels.
/// The message names the URL without its query string, which may carry secrets.
/// </summary>
public sealed class WebhookException : Exception
{
    /// <summary>Creates the exception for a failure of the webhook to <paramref name="url"/>.</summary>
    /// <param name="reason">Why it failed.</param>
    /// <param name="url">The URL requested (logged and shown without its query string).</param>
    /// <param name="attempts">How many attempts were made.</param>
    /// <param name="statusCode">The last HTTP status received, if any.</param>
    /// <param name="innerException">The last transport error, if any.</param>
    public WebhookException(WebhookFailureReason reason, Uri url, int attempts, int? statusCode, Exception? innerException)
        : base(Describe(reason, url, attempts, statusCode), innerException)
    {
        Reason = reason;
        Url = url;
        Attempts = attempts;
        StatusCode = statusCode;
    }

    /// <summary>Why the webhook failed.</summary>
    public WebhookFailureReason Reason { get; }

    /// <summary>The URL requested (with its query: do not log it; use <see cref="Exception.Message"/>).</summary>
    public Uri Url { get; }

    /// <summary>Attempts made (1 when the first answer was final).</summary>
    public int Attempts { get; }

    /// <summary>The last HTTP status code received, or null when none was (timeouts, connection failures).</summary>
    public int? StatusCode { get; }

    /// <summary>True when this is the failure of a fallback URL, tried after the primary URL had failed.</summary>
    public bool FromFallback { get; init; }

    private static string Describe(WebhookFailureReason reason, Uri url, int attempts, int? statusCode)
    {
        string what = reason switch
        {
            WebhookFailureReason.Timeout => "timed out",
            WebhookFailureReason.Connect => "could not connect or lost the connection",
            WebhookFailureReason.HttpStatus => "answered HTTP " + statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            WebhookFailureReason.TooLarge => "answered a body larger than the limit",
            _ => reason.ToString(),
        };
        return $"Webhook {WebhookEncoding.Redact(url)} failed after {attempts} attempt(s): {what}.";
    }
}
