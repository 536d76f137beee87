using System.Runtime.InteropServices;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The token a load run stops on: its time limit, or SIGINT / SIGTERM (Ctrl+C, or <c>timeout</c> in
/// <c>scripts/bench.sh</c>). A signal cancels the token instead of ending the process at once, so the run unwinds and
/// its <c>await using</c> blocks kill the daemon it started rather than leave it running.
/// </summary>
internal sealed class RunStop : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _limit;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private volatile bool _signalled;

    public RunStop(TimeSpan limit)
    {
        _limit = limit;
        _source = new CancellationTokenSource(limit);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _source.Token;

    public bool IsStopped => _source.IsCancellationRequested;

    /// <summary>Why the run stopped, for its last line.</summary>
    public string Reason => _signalled
        ? "The run was stopped by a signal; the daemon it started was killed."
        : $"The run did not finish within {_limit.TotalSeconds:0} s; stopped.";

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _signalled = true;
        _source.Cancel();
    }
}
