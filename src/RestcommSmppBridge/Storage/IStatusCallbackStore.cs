namespace RestcommSmppBridge.Storage;

/// <summary>
/// The status callbacks that failed for good (after the webhook client's retries) and their requeue by an operator.
/// A failure is recorded in the same write that moves the message's callback progress past it, so a crash never
/// leaves a callback neither owed nor recorded. A requeue makes the recorded callbacks owed again: they are then
/// returned by <see cref="IOutboxStore.GetPendingCallbacksAsync"/> (with <see cref="OutboxCallbackEntry.Requeued"/>
/// set) and by <see cref="IOutboxStore.ListOwedCallbacksAsync"/>, until <see cref="RecordCallbacksMadeAsync"/> records
/// their new outcome. A PostgreSQL store implements the same contract.
/// </summary>
public interface IStatusCallbackStore
{
    /// <summary>
    /// Records, in one write, that the callbacks of a message up to history entry <paramref name="sequence"/> were made
    /// (as <see cref="IOutboxStore.MarkCallbackDoneAsync"/>) and the outcome of each of <paramref name="attempts"/>: a
    /// requeued entry's record is removed, a failed entry (<see cref="StatusCallbackAttempt.Error"/> set) is recorded
    /// at <paramref name="at"/> for a later requeue. Entries made for the first time with success need not be listed.
    /// </summary>
    Task RecordCallbacksMadeAsync(string messageSid, int sequence, IReadOnlyList<StatusCallbackAttempt> attempts, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>
    /// How many callbacks are recorded as failed and not requeued. Read once per metrics scrape, so it stays cheap
    /// (an index-only count) and synchronous (observable gauges are).
    /// </summary>
    long CountFailedCallbacks();

    /// <summary>The failed callbacks (not requeued) matching <paramref name="query"/>: their count and the most recent first.</summary>
    Task<FailedStatusCallbackPage> ListFailedCallbacksAsync(FailedStatusCallbackQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every failed callback matching the filters owed again (each once, in history order per message) and
    /// returns how many. <paramref name="since"/>: only those that failed at or after it; <paramref name="messageSid"/>:
    /// only that message's.
    /// </summary>
    Task<int> RequeueFailedCallbacksAsync(DateTimeOffset now, DateTimeOffset? since, string? messageSid, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the failed callbacks (not requeued) that failed before <paramref name="failedBefore"/>, only
    /// <paramref name="messageSid"/>'s when given; returns how many. They are then never sent.
    /// </summary>
    Task<int> DeleteFailedCallbacksAsync(DateTimeOffset failedBefore, string? messageSid, CancellationToken cancellationToken);
}
