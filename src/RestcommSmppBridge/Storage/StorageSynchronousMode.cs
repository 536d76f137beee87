namespace RestcommSmppBridge.Storage;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> in WAL mode, i.e. how hard a commit waits for the disk.
/// </summary>
public enum StorageSynchronousMode
{
    /// <summary>
    /// <c>NORMAL</c> (default): the WAL is synced at checkpoints, not at every commit. A committed transaction
    /// survives a process crash; a power loss or OS crash may roll back the last commits (never corrupts).
    /// </summary>
    Normal,

    /// <summary><c>FULL</c>: every commit is synced to the disk, so it also survives a power loss. Slower.</summary>
    Full,
}
