namespace RestcommSmppBridge.Storage;

/// <summary>Options of the SQLite store, bound from <c>Bridge:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bridge:Storage";

    /// <summary>
    /// The database file. A relative path is resolved against the content root; the folder is created if needed.
    /// Default <c>./data/bridge.db</c>.
    /// </summary>
    public string Path { get; init; } = "./data/bridge.db";

    /// <summary>Durability of each commit; default <see cref="StorageSynchronousMode.Normal"/>.</summary>
    public StorageSynchronousMode Synchronous { get; init; } = StorageSynchronousMode.Normal;

    /// <summary>
    /// How long a statement waits for a lock held by another connection (<c>PRAGMA busy_timeout</c>) before it fails;
    /// default 5 seconds. Between 1 ms and 10 minutes.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most writes the writer puts into one transaction (group commit); default 512. Between 1 and 65,536.
    /// </summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>
    /// How many writes may wait for the writer before callers are held back (back-pressure); default 8,192.
    /// At least 1 and at most 1,048,576.
    /// </summary>
    public int WriteQueueCapacity { get; init; } = 8192;

    /// <summary>
    /// How often a background task copies the write-ahead log into the database file (a passive WAL checkpoint);
    /// default 50 ms. Between 10 ms and 10 minutes. SQLite's own automatic checkpoint is turned off because it
    /// runs inside a commit and holds up every caller of that batch. Small, frequent checkpoints keep the REST p99
    /// lowest under load: commits slow down while a checkpoint copies, so shorter copies hurt fewer of them
    /// (measured: p99 at 10,000 sends/s was 4–6 ms at 200 ms, 7–12 ms at 1 s, 31 ms at 5 s; seven alternating pairs
    /// of runs gave 3.2–5.3 ms, mean 4.1, at 50 ms against 4.1–6.2 ms, mean 4.8, at 200 ms, lower in six of the seven,
    /// with the same rate and CPU per send).
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Pages in the write-ahead log beyond which it is made to start again from its beginning; default 65,536 (the log
    /// file then takes at most about 256 MiB at SQLite's 4 KiB pages). Between 1,024 and 1,048,576. Each restart holds
    /// every write for a few milliseconds while the writer copies the log's last pages (2.3–4.5 ms under REST load),
    /// so a larger log restarts less often (at 10,000 sends/s: 16 restarts per 10 s at 16,384 pages, 4 at 65,536, and
    /// a paced p99 of 4.7 against 3.6 ms); a smaller one saves disk space and the recovery read after a crash.
    /// </summary>
    public int LogRestartPages { get; init; } = 65_536;

    /// <summary>
    /// The least time between the starts of two commits while writes keep coming; default 0.5 ms, between 0 (commit
    /// as soon as a write is queued) and 100 ms. Under a steady stream of single writes (10,000 API sends/s arriving
    /// evenly) each commit carried about two of them and its fixed cost (the log's append, the locks) was paid per
    /// write: 52,000–66,000 commits in 10 s. With 0.5 ms the writes queued meanwhile share a commit (about 7 each,
    /// 16,000 commits) and the daemon spent 96–106 µs of CPU per send instead of 115–120, for at most half a
    /// millisecond more latency. A write after a quiet spell longer than the interval is committed at once.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(0.5);

    /// <summary>
    /// How long a message is kept once it has ended, counted from its creation; default 0, which keeps every message
    /// (as Restcomm does) and lets the file grow with the traffic. When set, between 1 day and 3,650 days, a
    /// background sweep deletes the older ended messages (delivered, undelivered, failed, received, or sent and never
    /// receipted) with everything stored about them, a batch at a time. A message still queued or sending, one with a
    /// status callback still owed or an inbound webhook not yet answered is never deleted; it goes at a later sweep
    /// once it has ended. Deleted rows are reused by new ones: the file stops growing, it does not shrink.
    /// </summary>
    public TimeSpan MessageRetention { get; init; } = TimeSpan.Zero;
}
