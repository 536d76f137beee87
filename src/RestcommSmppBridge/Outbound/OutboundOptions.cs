namespace RestcommSmppBridge.Outbound;

/// <summary>What to do with a message whose submit was written to the carrier but never answered (smpp.md P7).</summary>
public enum UnknownOutcomePolicy
{
    /// <summary>Submit it again after the retry pause: at-least-once, the handset may get it twice.</summary>
    Resubmit,

    /// <summary>Fail it with 30008 (Unknown error): at-most-once, it may not have gone out.</summary>
    Fail,
}

/// <summary>The outbox dispatcher, bound from <c>Bridge:Outbound</c> and checked at start.</summary>
public sealed class OutboundOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bridge:Outbound";

    /// <summary>
    /// How often the outbox is read when nobody signals a new message (retries fall due this way too). Default 1
    /// second. Between 10 ms and 1 minute.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages submitted at once (each waits for its carrier's window and TPS). Default 64. Between 1 and 4096.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>
    /// Attempts per message that end in a temporary error (throttled, queue full, no bind, unknown outcome) before it
    /// fails with 30001 (throttled) or 30006. Default 5. Between 1 and 100.
    /// </summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Pause before the second attempt; it doubles for each later one up to <see cref="RetryBackoffMax"/>. Default 2 s.</summary>
    public TimeSpan RetryBackoffMin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between attempts. Default 5 minutes. At least <see cref="RetryBackoffMin"/>, at most 1 day.</summary>
    public TimeSpan RetryBackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Resubmit</c> (default, at-least-once) or <c>Fail</c> (at-most-once): what happens to a submit that was never
    /// answered, and to a message found in <c>sending</c> without carrier ids at start.
    /// </summary>
    public string UnknownOutcome { get; init; } = nameof(UnknownOutcomePolicy.Resubmit);

    /// <summary>
    /// How long a receipt that arrived before its submit_sm_resp was stored is held for matching. Default 1 hour.
    /// Between 1 second and 7 days.
    /// </summary>
    public TimeSpan PendingReceiptTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a message may wait in the outbox for a carrier that can take it (every route's carrier unbound or
    /// paused) before it fails with 30006. Waiting does not use up <see cref="MaxAttempts"/>. Default 1 hour. Between
    /// 1 second and 7 days.
    /// </summary>
    public TimeSpan MaxQueueTime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Status callbacks sent at once. Default 32: each one waits on the app and on a store commit, so a few workers
    /// cap the callbacks per second well below what the bridge sends. Between 1 and 256.
    /// </summary>
    public int CallbackConcurrency { get; init; } = 32;

    /// <summary>Status callbacks waiting to be sent before status changes wait for room (back-pressure). Default 10,000.</summary>
    public int CallbackQueueCapacity { get; init; } = 10_000;

    /// <summary>The parsed <see cref="UnknownOutcome"/> (valid after validation).</summary>
    public UnknownOutcomePolicy UnknownOutcomePolicy =>
        Enum.TryParse(UnknownOutcome, ignoreCase: true, out UnknownOutcomePolicy policy) && Enum.IsDefined(policy)
            ? policy
            : UnknownOutcomePolicy.Resubmit;
}
