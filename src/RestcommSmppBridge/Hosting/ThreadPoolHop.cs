using System.Runtime.CompilerServices;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// <c>await ThreadPoolHop.LeaveIoThread();</c> continues on a thread-pool thread: at once, without a hop, when the
/// caller already runs on one; otherwise the rest of the method is queued to the pool.
/// </summary>
/// <remarks>
/// Why: the daemon runs Kestrel with inline scheduling (see <see cref="RuntimeTuning"/>), so a request starts on the
/// socket engine's own thread, which also serves every other connection of that engine (API clients and SMPP binds).
/// Work that may block there (a synchronous SQLite read, a large list) must move off it first; a request thread
/// in this process that is not a pool thread is such an I/O thread.
/// </remarks>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    private static readonly Action<Action> s_run = static continuation => continuation();

    /// <summary>True when the caller already runs on a thread-pool thread (no hop needed).</summary>
    public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

    /// <summary>The awaitable; see the type's summary.</summary>
    public static ThreadPoolHop LeaveIoThread() => default;

    public ThreadPoolHop GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(s_run, continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(s_run, continuation, preferLocal: false);
}
