namespace RestcommSmppBridge.Storage;

/// <summary>
/// What the operations side (metrics, admin endpoints) asks of the store, kept out of the pipelines' interfaces. A
/// PostgreSQL store implements the same contract.
/// </summary>
public interface IOperationsStore
{
    /// <summary>
    /// How many outbound messages are queued and how many are being sent now. Read once per metrics scrape, so it must
    /// stay cheap (an index-only count) and synchronous (observable gauges are).
    /// </summary>
    OutboxDepth CountOutbox();

    /// <summary>
    /// Puts every inbound webhook that was given up on (state failed) back into the durable queue, due at
    /// <paramref name="now"/> with a fresh attempt budget. Returns how many were requeued.
    /// </summary>
    Task<int> RequeueFailedWebhooksAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Outbound messages waiting in the outbox.</summary>
/// <param name="Queued">Waiting for their (next) attempt.</param>
/// <param name="Sending">Claimed by the dispatcher, submit in progress.</param>
public readonly record struct OutboxDepth(long Queued, long Sending);
