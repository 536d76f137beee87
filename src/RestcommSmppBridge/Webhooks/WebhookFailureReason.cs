namespace RestcommSmppBridge.Webhooks;

/// <summary>Why a webhook failed in the end (<see cref="WebhookException.Reason"/>).</summary>
public enum WebhookFailureReason
{
    /// <summary>An attempt, or the whole webhook, ran out of time (<see cref="WebhookOptions.AttemptTimeout"/>, <see cref="WebhookOptions.TotalTimeout"/>).</summary>
    Timeout,

    /// <summary>No connection could be made (refused, DNS, TLS), or it broke before the whole answer was read.</summary>
    Connect,

    /// <summary>
    /// The server answered with a status that is not success: a 4xx (never retried), a 5xx/408/429 still failing after
    /// the last attempt, a redirect not followed, or a status the caller does not accept (e.g. 204 where RCML needs 200).
    /// </summary>
    HttpStatus,

    /// <summary>The answer body was larger than <see cref="WebhookOptions.MaxResponseBytes"/>.</summary>
    TooLarge,
}
