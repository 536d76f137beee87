namespace RestcommSmppBridge.Storage;

/// <summary>
/// The store could not take a write, or answer a read, for a reason of its own, not of the request: the disk is
/// full, an I/O error, the file is locked by another process past the busy timeout, read-only, or gone. Nothing of
/// a failed write is stored, and the same request may succeed later, so a caller can answer "try again" (the API:
/// 503 with Retry-After) rather than "this request is wrong". A write refused for its own content (a duplicate key,
/// a missing account) fails with the store's own exception instead. The inner exception holds the store's error.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public StoreUnavailableException()
        : base("The store is unavailable; nothing was stored.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own error.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The store's error.</param>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
