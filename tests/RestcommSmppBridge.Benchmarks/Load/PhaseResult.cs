namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>What one phase of the run measured.</summary>
/// <param name="Name">"saturation" or "paced".</param>
/// <param name="Load">How the load was offered, in words ("closed loop, 64 clients"; "10,000/s for 10 s").</param>
/// <param name="Sent">Requests started.</param>
/// <param name="Accepted">Requests answered 200 (each one a committed message).</param>
/// <param name="Errors">Every other outcome, with its count.</param>
/// <param name="ElapsedSeconds">From the first request to the last answer.</param>
/// <param name="AcceptedPerSecond"><paramref name="Accepted"/> / <paramref name="ElapsedSeconds"/>.</param>
/// <param name="OfferedPerSecond">Paced run: the rate the generator really dispatched at; closed loop: null.</param>
/// <param name="Latency">Latency of every answered request; in the paced run measured from its intended start.</param>
/// <param name="DaemonCpuSeconds">User + system CPU seconds the daemon used during the phase.</param>
/// <param name="GeneratorCpuSeconds">The same for this load generator.</param>
/// <param name="Completed">False when the phase hit its time limit before doing all its work.</param>
internal sealed record PhaseResult(
    string Name,
    string Load,
    int Sent,
    int Accepted,
    IReadOnlyDictionary<string, int> Errors,
    double ElapsedSeconds,
    double AcceptedPerSecond,
    double? OfferedPerSecond,
    LatencySummary Latency,
    double DaemonCpuSeconds,
    double GeneratorCpuSeconds,
    bool Completed)
{
    /// <summary>Paced run: how late the generator started each request after its intended start; null otherwise.</summary>
    public LatencySummary? DispatchLag { get; init; }

    /// <summary>The generator's own collections and GC pause during the phase (they delay the answers it times).</summary>
    public GeneratorGc GeneratorGc { get; init; }

    /// <summary>The daemon's own counters over the phase (<see cref="DaemonMetricsSnapshot"/>); null when not read.</summary>
    public DaemonCounters? DaemonSide { get; init; }

    /// <summary>Daemon CPU per accepted send, in microseconds.</summary>
    public double DaemonCpuMicrosecondsPerSend => Accepted == 0 ? 0 : DaemonCpuSeconds * 1e6 / Accepted;

    public int ErrorCount
    {
        get
        {
            int total = 0;
            foreach (int count in Errors.Values)
            {
                total += count;
            }

            return total;
        }
    }
}

/// <summary>Collections and total GC pause of this process, or the difference of two readings.</summary>
internal readonly record struct GeneratorGc(int Collections, TimeSpan Paused)
{
    public static GeneratorGc Now() =>
        new(GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GeneratorGc operator -(GeneratorGc after, GeneratorGc before) =>
        new(after.Collections - before.Collections, after.Paused - before.Paused);
}
