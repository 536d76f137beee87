using System.Runtime.InteropServices;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Flushes the file system that holds a folder to disk (Linux <c>syncfs(2)</c>), so that a later <c>fsync</c> of a file
/// on it has little left to write. Only a speed-up: durability never depends on it (SQLite syncs what it must itself).
/// </summary>
/// <remarks>
/// Why not <c>fsync</c> the database file directly: that needs a descriptor of the file, and closing any descriptor of
/// a file drops every POSIX lock the process holds on it, including SQLite's own (the documented hazard of opening a
/// database file beside SQLite). A descriptor of the folder holds no lock and reaches the same file system.
/// </remarks>
internal static class FileSystemSync
{
    // open(2) flags: read-only (a folder can be opened so) and close-on-exec (a child process never inherits it). Both
    // have the same value on every Linux architecture .NET runs on.
    private const int OpenReadOnly = 0;
    private const int OpenCloseOnExec = 0x80000;

    /// <summary>
    /// Flushes the file system holding <paramref name="folder"/>; false (with the errno in <paramref name="error"/>)
    /// when the folder can't be opened or the flush fails, or when this is not Linux (error 0).
    /// </summary>
    public static bool TryFlush(string folder, out int error)
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
