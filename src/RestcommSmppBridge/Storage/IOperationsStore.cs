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

    /// <summary>
    /// Stores a pause of <paramref name="carrier"/> that began at <paramref name="now"/>, unless one is stored
    /// already (names match case-insensitively), and completes once it is committed. Returns when the stored pause
    /// began: <paramref name="now"/>, or the earlier time of a pause already stored (pausing twice keeps the first).
    /// </summary>
    Task<DateTimeOffset> SetCarrierPauseAsync(string carrier, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the stored pause of <paramref name="carrier"/> (case-insensitive) and completes once that is
    /// committed. Returns false when none was stored.
    /// </summary>
    Task<bool> ClearCarrierPauseAsync(string carrier, CancellationToken cancellationToken);

    /// <summary>Every stored carrier pause, configured carrier or not, ordered by name.</summary>
    Task<IReadOnlyList<CarrierPause>> GetCarrierPausesAsync(CancellationToken cancellationToken);
}

/// <summary>Outbound messages waiting in the outbox.</summary>
/// <param name="Queued">Waiting for their (next) attempt.</param>
/// <param name="Sending">Claimed by the dispatcher, submit in progress.</param>
public readonly record struct OutboxDepth(long Queued, long Sending);
