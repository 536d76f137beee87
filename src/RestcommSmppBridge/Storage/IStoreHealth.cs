namespace RestcommSmppBridge.Storage;

/// <summary>How the store's writes went lately: read by the readiness probe (<c>/health/ready</c>).</summary>
public interface IStoreHealth
{
    /// <summary>
    /// The last write the store could not commit for a reason of its own (disk full, I/O error, file locked: see
    /// <see cref="StoreUnavailableException"/>), when no write has been committed since; null otherwise.
    /// </summary>
    StoreWriteFailure? LastFailure { get; }
}

/// <summary>A write the store could not commit.</summary>
/// <param name="At">When it failed.</param>
/// <param name="Error">The store's error message (no data of the write).</param>
public sealed record StoreWriteFailure(DateTimeOffset At, string Error);
