using System.Runtime.InteropServices;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// The Linux calls the store's background work uses, all only speed-ups (on another system they do nothing and say
/// so, or fall back to the portable call): flushing the file system that holds the database (<c>syncfs(2)</c>),
/// lowering the priority of the checkpoint thread (<c>sched_setscheduler(2)</c> or <c>setpriority(2)</c> on the
/// thread, which Linux schedules on its own), and sleeping less than a millisecond (<c>nanosleep(2)</c>, the writer's commit interval).
/// </summary>
internal static class LinuxCalls
{
    // setpriority(2): "which" for a process, which on Linux names one thread when given a thread id.
    private const int PriorityProcess = 0;

    // open(2) flags: read-only (a folder can be opened so) and close-on-exec (a child process never inherits it). Both
    // have the same value on every Linux architecture .NET runs on.
    private const int OpenReadOnly = 0;
    private const int OpenCloseOnExec = 0x80000;

    /// <summary>
    /// Flushes the file system holding <paramref name="folder"/> to disk, so that a later <c>fsync</c> of a file on it
    /// has little left to write; durability never depends on it (SQLite syncs what it must itself). Why not
    /// <c>fsync</c> the database file directly: that needs a descriptor of the file, and closing any descriptor of a
    /// file drops every POSIX lock the process holds on it, SQLite's own included (the documented hazard of opening a
    /// database file beside SQLite). A descriptor of the folder holds no lock and reaches the same file system.
    /// Returns false (with the errno in <paramref name="error"/>)
    /// when the folder can't be opened or the flush fails, or when this is not Linux (error 0).
    /// </summary>
    public static bool TryFlushFileSystem(string folder, out int error)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        error = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        int descriptor = Open(folder, OpenReadOnly | OpenCloseOnExec);
        if (descriptor < 0)
        {
            error = Marshal.GetLastPInvokeError();
            return false;
        }

        try
        {
            if (SyncFs(descriptor) != 0)
            {
                error = Marshal.GetLastPInvokeError();
                return false;
            }

            return true;
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// Gives the calling thread the nice value <paramref name="nice"/> (0 normal … 19 lowest): when the cores are busy,
    /// the scheduler runs it after the threads that serve requests. Lowering is always allowed; raising it back is
    /// not (without CAP_SYS_NICE), so call this only on a thread of one's own, never on a pool thread.
    /// </summary>
    public static bool TryLowerThreadPriority(int nice, out int error)
    {
        error = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (SetPriority(PriorityProcess, GetThreadId(), nice) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Puts the calling thread in the <c>SCHED_IDLE</c> scheduling class (<c>sched_setscheduler(2)</c> on the thread,
    /// which Linux schedules on its own): it runs only on a core nothing else wants, and any thread of the normal class
    /// that wakes up takes the core from it at once. A nice value only weighs the thread's share; a thread at nice 10
    /// that holds a core keeps it until its slice ends, while a request thread or the writer waits. Entering the class
    /// is always allowed; leaving it is not (without CAP_SYS_NICE), so call this only on a thread of one's own. Returns
    /// false (with the errno in <paramref name="error"/>) when refused, or when this is not Linux (error 0).
    /// </summary>
    public static bool TryIdleThreadScheduling(out int error)
    {
        error = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // struct sched_param holds one int, the static priority, which must be 0 for SCHED_IDLE; pid 0 is the caller.
        int priority = 0;
        if (SetScheduler(0, SchedIdle, ref priority) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Sleeps the calling thread for <paramref name="duration"/> (at most a second), finer than the whole milliseconds
    /// <see cref="Thread.Sleep(TimeSpan)"/> gives: Linux <c>nanosleep(2)</c> wakes it within the thread's timer slack
    /// (50 µs by default). Elsewhere it sleeps with <see cref="Thread.Sleep(TimeSpan)"/>. Returns at once for zero or
    /// less; an interrupted sleep returns early.
    /// </summary>
    public static void Sleep(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (duration > TimeSpan.FromSeconds(1))
        {
            duration = TimeSpan.FromSeconds(1);
        }

        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(duration);
            return;
        }

        long nanoseconds = duration.Ticks * NanosecondsPerTick;
        Timespec request = new(nanoseconds / NanosecondsPerSecond, nanoseconds % NanosecondsPerSecond);
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    private const long NanosecondsPerSecond = 1_000_000_000;
    private const long NanosecondsPerTick = 100;

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Timespec(long seconds, long nanoseconds)
    {
        public readonly long Seconds = seconds;
        public readonly long Nanoseconds = nanoseconds;
    }

    [DllImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NanoSleep(ref Timespec request, IntPtr remaining);

    // sched_setscheduler(2) policy SCHED_IDLE, the same value on every Linux architecture.
    private const int SchedIdle = 5;

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetScheduler(int pid, int policy, ref int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int nice);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFs(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
