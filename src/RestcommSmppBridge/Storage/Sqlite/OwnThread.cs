namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Runs a store loop on a background thread of its own (the writer, the checkpoint), not on a pool thread: such a loop
/// makes synchronous SQLite calls for as long as the store lives, and must not capture the first caller's
/// ExecutionContext (log scopes, Activity) for that long (style.md P15).
/// </summary>
internal static class OwnThread
{
    /// <summary>Starts <paramref name="loop"/> on a new thread named <paramref name="name"/>; the task ends with it.</summary>
    public static Task Start(string name, Action loop)
    {
        TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread thread = new(() =>
        {
            try
            {
                loop();
                stopped.SetResult();
            }
            catch (Exception exception)
            {
                stopped.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        using (ExecutionContext.SuppressFlow())
        {
            thread.Start();
        }

        return stopped.Task;
    }
}
