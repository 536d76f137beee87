namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteDatabase
{
    /// <summary>Store log events, EventIds 4000–4099 (style.md R11). Names and ids never change once released.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 4000, EventName = "MigrationApplied", Level = LogLevel.Information,
            Message = "Applied storage migration {SchemaVersion} ({MigrationName}) to {DatabasePath}")]
        public static partial void MigrationApplied(ILogger logger, int schemaVersion, string migrationName, string databasePath);

        [LoggerMessage(EventId = 4001, EventName = "StoreReady", Level = LogLevel.Information,
            Message = "Store ready at {DatabasePath}: schema version {SchemaVersion}, journal mode {JournalMode}, synchronous {Synchronous}")]
        public static partial void Ready(ILogger logger, string databasePath, int schemaVersion, string journalMode, StorageSynchronousMode synchronous);

        [LoggerMessage(EventId = 4002, EventName = "WalUnavailable", Level = LogLevel.Warning,
            Message = "The store at {DatabasePath} could not switch to WAL (journal mode is {JournalMode}); readers will block the writer. Is the file on a network file system?")]
        public static partial void WalUnavailable(ILogger logger, string databasePath, string journalMode);

        [LoggerMessage(EventId = 4003, EventName = "SchemaTooNew", Level = LogLevel.Critical,
            Message = "The store at {DatabasePath} has schema version {SchemaVersion}, newer than {KnownSchemaVersion} that this build knows; refusing to start")]
        public static partial void SchemaTooNew(ILogger logger, string databasePath, int schemaVersion, int knownSchemaVersion);

        [LoggerMessage(EventId = 4020, EventName = "SqliteNativeSettings", Level = LogLevel.Debug,
            Message = "SQLite library settings: {Settings}")]
        public static partial void NativeSettings(ILogger logger, string settings);

        [LoggerMessage(EventId = 4004, EventName = "BatchFailed", Level = LogLevel.Error,
            Message = "A write batch of {BatchSize} could not be committed to {DatabasePath}; every write in it failed")]
        public static partial void BatchFailed(ILogger logger, Exception exception, int batchSize, string databasePath);

        [LoggerMessage(EventId = 4005, EventName = "WriteFailed", Level = LogLevel.Warning,
            Message = "A write failed and was rolled back alone; the {RemainingWrites} other writes of its batch are replayed")]
        public static partial void WriteFailed(ILogger logger, Exception exception, int remainingWrites);

        [LoggerMessage(EventId = 4006, EventName = "WriterStopped", Level = LogLevel.Information,
            Message = "Store writer for {DatabasePath} stopped after {CommitCount} commits")]
        public static partial void WriterStopped(ILogger logger, string databasePath, long commitCount);

        [LoggerMessage(EventId = 4007, EventName = "CheckpointFailed", Level = LogLevel.Warning,
            Message = "WAL checkpoint of {DatabasePath} failed; the write-ahead log keeps growing until one succeeds")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception, string databasePath);

        [LoggerMessage(EventId = 4008, EventName = "CheckpointBehind", Level = LogLevel.Warning,
            Message = "WAL checkpoint of {DatabasePath} is behind: {LogFrames} frames in the log, {CheckpointedFrames} copied (a long-running reader holds it back)")]
        public static partial void CheckpointBehind(ILogger logger, string databasePath, long logFrames, long checkpointedFrames);

        [LoggerMessage(EventId = 4009, EventName = "FileSystemFlushFailed", Level = LogLevel.Debug,
            Message = "Flushing the file system of {Folder} before a log restart failed (errno {Errno}); the restart syncs the database file itself, only more slowly")]
        public static partial void FileSystemFlushFailed(ILogger logger, string folder, int errno);

        [LoggerMessage(EventId = 4010, EventName = "CheckpointPriorityUnchanged", Level = LogLevel.Debug,
            Message = "The checkpoint thread keeps its normal priority: setting nice {Nice} failed (errno {Errno})")]
        public static partial void CheckpointPriorityUnchanged(ILogger logger, int nice, int errno);

        [LoggerMessage(EventId = 4034, EventName = "LogBackstop", Level = LogLevel.Warning,
            Message = "The write-ahead log of {DatabasePath} grew by {LogFrames} pages with no restart: the background checkpoint is starved of CPU, so the writer copies the log into the file itself now and writes wait until it is done")]
        public static partial void LogBackstop(ILogger logger, string databasePath, long logFrames);

        [LoggerMessage(EventId = 4035, EventName = "CheckpointIdleSchedulingRefused", Level = LogLevel.Debug,
            Message = "The checkpoint thread could not enter the idle scheduling class (errno {Errno}); it runs at nice {Nice} instead")]
        public static partial void CheckpointIdleSchedulingRefused(ILogger logger, int errno, int nice);
    }
}
