using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Process-wide settings of the SQLite library, applied once before the first connection opens (sqlite3_config must
/// run before the library initialises; afterwards it answers SQLITE_MISUSE and changes nothing).
/// </summary>
/// <remarks>
/// Memory statistics off (SQLITE_CONFIG_MEMSTATUS 0): with them on, every allocation SQLite makes takes one global
/// mutex to count bytes, shared by the writer and every reader; the bridge never reads those counters. In perf
/// profiles of the load runs, pthread mutex lock and unlock were 5 % of the daemon's samples, most under SQLite's
/// allocator. The threading mode stays serialized (the build's default): it costs little uncontended, and it keeps a
/// misuse of one connection from two threads from corrupting memory.
/// </remarks>
internal static class SqliteNativeSettings
{
    private static readonly Lazy<int> s_memoryStatisticsOff = new(() =>
    {
        // The type initialiser of SqliteConnection installs the native provider (SQLitePCLRaw's bundle) without
        // opening anything, so the library is not initialised yet.
        using (SqliteConnection unused = new())
        {
        }

        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Applies the settings once per process and returns SQLite's result code (0 when applied, 21 SQLITE_MISUSE when
    /// the library was initialised before, in which case SQLite runs with its defaults).
    /// </summary>
    public static int Apply() => s_memoryStatisticsOff.Value;
}
