namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// Timeouts, retries and limits of every webhook the bridge makes (the SMS URL of a number, its fallback, status
/// callbacks), bound from <c>Bridge:Webhooks</c> and checked at start (style.md P12: a total and a per-attempt timeout).
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bridge:Webhooks";

    /// <summary>
    /// How long one attempt may take, from connecting to the last byte of the answer (redirects included). Default
    /// 6 seconds, Restcomm's <c>http-client/response-timeout</c> (restcomm.md 2.1). Between 20 ms and 5 minutes, and at
    /// most <see cref="TotalTimeout"/>.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long one webhook may take in all: every attempt and the pauses between them. Default 30 seconds. Between
    /// 20 ms and 1 hour. A fallback URL, when one is used, gets one more <see cref="AttemptTimeout"/> of its own.
    /// </summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts per webhook, the first included; default 3. Between 1 (no retry) and 10. Only connection failures,
    /// timeouts, 5xx, 408 and 429 are retried; any other answer is final at once.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// The pause before the first retry; later pauses double, with jitter, up to <see cref="BackoffMax"/>. Default
    /// 1 second. Between 0 and 1 minute. A <c>Retry-After</c> header replaces the computed pause.
    /// </summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed pause between attempts; default 10 seconds. At least <see cref="BackoffInitial"/>, at most 10 minutes.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest answer body read, in bytes; a larger one fails the webhook (<see cref="WebhookFailureReason.TooLarge"/>)
    /// instead of being buffered. Default 65,536 (64 KiB: an RCML document is a few hundred bytes). Between 1 KiB and 16 MiB.
    /// </summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Redirects (301, 302, 303, 307, 308) followed within one attempt, keeping the method and, for POST, the parameters
    /// (as Restcomm does, restcomm.md 2.1); default 5. Between 0 (a redirect is a final answer) and 20.
    /// </summary>
    public int MaxRedirects { get; init; } = 5;
}
