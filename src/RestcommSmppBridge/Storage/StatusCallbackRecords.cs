namespace RestcommSmppBridge.Storage;

/// <summary>The outcome of one status callback made by the notifier (see <see cref="IStatusCallbackStore.RecordCallbacksMadeAsync"/>).</summary>
/// <param name="Sequence">The history entry it reported.</param>
/// <param name="Status">The status it reported.</param>
/// <param name="Requeued">It was made because an operator requeued it (<see cref="OutboxCallbackEntry.Requeued"/>).</param>
/// <param name="Error">Why it failed for good, or null when the app answered.</param>
public sealed record StatusCallbackAttempt(int Sequence, MessageStatus Status, bool Requeued, string? Error);

/// <summary>A status callback recorded as failed for good.</summary>
/// <param name="MessageSid">The message.</param>
/// <param name="Sequence">Its history entry.</param>
/// <param name="Status">The status the callback reported.</param>
/// <param name="FailedAt">When it last failed.</param>
/// <param name="Error">Why, as the webhook client reported it.</param>
public sealed record FailedStatusCallback(string MessageSid, int Sequence, MessageStatus Status, DateTimeOffset FailedAt, string? Error);

/// <summary>Which failed status callbacks to list (see <see cref="IStatusCallbackStore.ListFailedCallbacksAsync"/>).</summary>
public sealed record FailedStatusCallbackQuery
{
    /// <summary>Only those that failed at or after this time; null for all.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only this message's; null for every message.</summary>
    public string? MessageSid { get; init; }

    /// <summary>The most rows returned (the count covers them all). Default 100.</summary>
    public int Max { get; init; } = 100;
}

/// <summary>A count of failed status callbacks and the most recent of them.</summary>
/// <param name="Count">How many match the query.</param>
/// <param name="Items">At most the query's <see cref="FailedStatusCallbackQuery.Max"/>, most recent first.</param>
public sealed record FailedStatusCallbackPage(long Count, IReadOnlyList<FailedStatusCallback> Items);
