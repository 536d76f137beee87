namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// One measured phase of <c>load mt</c> / <c>load mo</c>, end to end: the send side (<see cref="PhaseResult"/>: API
/// sends answered, or MOs acknowledged) and what reached the far end (a <c>delivered</c> StatusCallback at the app,
/// or the reply submit_sm at the simulator).
/// </summary>
/// <param name="Name">"saturation" or "paced".</param>
/// <param name="Load">How the load was offered, in words.</param>
/// <param name="Send">The send side, as the REST driver reports it; its latency is the answer's (200 / deliver_sm_resp).</param>
/// <param name="Completed">Accepted sends whose far end was reached within the deadline.</param>
/// <param name="CompletedPerSecond"><paramref name="Completed"/> / seconds from the phase's first send to its last completion.</param>
/// <param name="ElapsedSeconds">From the phase's first send to its last completion.</param>
/// <param name="Latency">Per completed message: from its send (paced: its intended start) to its completion.</param>
/// <param name="DaemonCpuSeconds">Daemon user + system CPU from the phase start until every completion was seen (or the deadline).</param>
/// <param name="DriverCpuSeconds">The same for this process: load generator, simulator and RCML app together.</param>
/// <param name="DaemonPeakRssBytes">The daemon's peak resident set (VmHWM) at the end of the phase: the peak since it started.</param>
/// <param name="NotCompleted">Accepted sends whose far end was not reached by the deadline.</param>
/// <param name="Duplicates">Copies beyond the first at the far end (submit_sm seen twice by the simulator, a reply sent twice).</param>
/// <param name="Drained">False when the deadline passed before every accepted send completed.</param>
/// <param name="Checks">Other counts of the phase, by name (e.g. redeliveries, other callbacks, log overflow).</param>
internal sealed record EndToEndResult(
    string Name,
    string Load,
    PhaseResult Send,
    int Completed,
    double CompletedPerSecond,
    double ElapsedSeconds,
    LatencySummary Latency,
    double DaemonCpuSeconds,
    double DriverCpuSeconds,
    long DaemonPeakRssBytes,
    int NotCompleted,
    int Duplicates,
    bool Drained,
    IReadOnlyDictionary<string, long> Checks)
{
    /// <summary>Sends accepted by the phase's own warm-up (not counted, drained before the phase).</summary>
    public int WarmupAccepted { get; init; }

    /// <summary>Daemon CPU per completed message, in microseconds.</summary>
    public double DaemonCpuMicrosecondsPerMessage => Completed == 0 ? 0 : DaemonCpuSeconds * 1e6 / Completed;

    /// <summary>Every send accepted, every one completed once, within the limits.</summary>
    public bool Clean => Send.Completed && Send.ErrorCount == 0 && Drained && NotCompleted == 0 && Duplicates == 0;
}

/// <summary>What a phase's far end saw, worked out once the phase is over.</summary>
/// <param name="Latencies">Latency of each completed message, in timestamp ticks (the first <paramref name="Completed"/> are used).</param>
/// <param name="Completed">Accepted sends that completed.</param>
/// <param name="LastCompletion">Timestamp of the last completion.</param>
/// <param name="NotCompleted">Accepted sends that did not complete.</param>
/// <param name="Duplicates">Copies beyond the first at the far end.</param>
/// <param name="Checks">Other counts, by name.</param>
internal sealed record Completion(long[] Latencies, int Completed, long LastCompletion, int NotCompleted, int Duplicates,
    IReadOnlyDictionary<string, long> Checks);

/// <summary>Runs a phase's sends, waits (bounded) for the far end, and measures both.</summary>
internal static class EndToEndPhase
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    /// <param name="name">"saturation" or "paced".</param>
    /// <param name="daemon">The daemon, for its CPU and memory.</param>
    /// <param name="send">Runs the sends (a <see cref="SaturationRun"/> or <see cref="PacedRun"/>).</param>
    /// <param name="isComplete">Cheap enough to call every 50 ms: true once every accepted send has completed.</param>
    /// <param name="settle">Works out the completions, given the phase's start timestamp.</param>
    /// <param name="drain">How long after the sends the far end may take (asked once the sends are done).</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">The whole run's limit.</param>
    public static async Task<EndToEndResult> RunAsync(
        string name,
        DaemonUnderLoad daemon,
        Func<Task<PhaseResult>> send,
        Func<bool> isComplete,
        Func<long, Completion> settle,
        Func<TimeSpan> drain,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        double daemonCpuBefore = daemon.CpuSeconds();
        double driverCpuBefore = ProcFs.CpuSeconds(Environment.ProcessId);
        long started = time.GetTimestamp();
        PhaseResult sent = await send();
        bool drained = await WaitAsync(isComplete, drain(), cancellationToken);
        double daemonCpu = daemon.CpuSeconds() - daemonCpuBefore;
        double driverCpu = ProcFs.CpuSeconds(Environment.ProcessId) - driverCpuBefore;
        long peakRss = daemon.PeakRssBytes();

        Completion completion = settle(started);
        double elapsed = completion.Completed == 0 ? 0 : (double)(completion.LastCompletion - started) / time.TimestampFrequency;
        return new EndToEndResult(
            name,
            sent.Load,
            sent,
            completion.Completed,
            elapsed > 0 ? completion.Completed / elapsed : 0,
            elapsed,
            LatencySummary.FromTicks(completion.Latencies, completion.Completed, time.TimestampFrequency),
            daemonCpu,
            driverCpu,
            peakRss,
            completion.NotCompleted,
            completion.Duplicates,
            drained && completion.NotCompleted == 0,
            completion.Checks);
    }

    /// <summary>Polls <paramref name="isComplete"/> every 50 ms; false when <paramref name="limit"/> passes first.</summary>
    public static async Task<bool> WaitAsync(Func<bool> isComplete, TimeSpan limit, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        using PeriodicTimer timer = new(s_poll);
        try
        {
            while (!isComplete())
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
