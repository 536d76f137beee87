namespace RestcommSmppBridge.Storage;

/// <summary>How the store's writes and reads went lately: read by the readiness probe (<c>/health/ready</c>).</summary>
public interface IStoreHealth
{
    /// <summary>
    /// The last write the store could not commit for a reason of its own (disk full, I/O error, file locked: see
    /// <see cref="StoreUnavailableException"/>), when no write has been committed since; null otherwise.
    /// </summary>
    StoreFailure? LastFailure { get; }

    /// <summary>
    /// The last read that failed for a reason of the store's own (I/O error, file locked, missing or damaged), when no
    /// read has succeeded since; null otherwise. A store that does not track its reads leaves it null.
    /// </summary>
    StoreFailure? LastReadFailure => null;
}

/// <summary>A write or read the store could not do.</summary>
/// <param name="At">When it failed.</param>
/// <param name="Error">The store's error message (no data of the write or read).</param>
public sealed record StoreFailure(DateTimeOffset At, string Error);
