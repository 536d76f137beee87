using System.Globalization;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// Open loop: request <c>i</c> (any <see cref="ILoadSender"/>: an API send, an injected MO) is due at <c>start + i / rate</c>, whether or not earlier ones were answered, and its
/// latency is measured from that intended start, not from when it was really sent. A closed loop (or an open loop
/// that measures from the actual send) slows down with the server and so hides the queueing a real client sees
/// ("coordinated omission"); here a stall of the daemon, of the generator's dispatcher or a wait for a free
/// connection all show in the figures.
/// </summary>
/// <remarks>
/// The dispatcher wakes about every millisecond and starts every request that has fallen due, so at 10,000/s it
/// starts about ten at a time; each one's latency still counts from its own due time.
/// Concurrency is limited only by the connection pool (<c>--paced-connections</c>), far above what the rate needs
/// when the daemon keeps up, so the generator is not the bottleneck.
/// </remarks>
internal sealed class PacedRun
{
    private readonly ILoadSender _sender;
    private readonly TimeProvider _time;
    private readonly Outcomes _outcomes = new();
    private readonly long[] _latencies;
    private readonly long[] _dispatchLags;
    private readonly TaskCompletionSource _allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;

    // Starts at 1: the dispatcher's own hold, released when it has started every request, so "all answered" cannot
    // fire while requests are still being started.
    private int _outstanding = 1;

    private PacedRun(ILoadSender sender, TimeProvider time, int total)
    {
        _sender = sender;
        _time = time;
        _latencies = new long[total];
        _dispatchLags = new long[total];
    }

    public static async Task<PhaseResult> RunAsync(
        ILoadSender sender,
        DaemonUnderLoad daemon,
        int rate,
        TimeSpan duration,
        TimeSpan drainLimit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        int total = checked((int)(rate * duration.TotalSeconds));
        PacedRun run = new(sender, time, total);
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        double interval = (double)time.TimestampFrequency / rate;

        double daemonCpuBefore = daemon.CpuSeconds();
        double generatorCpuBefore = ProcFs.CpuSeconds(Environment.ProcessId);
        GeneratorGc gcBefore = GeneratorGc.Now();
        long start = time.GetTimestamp();

        // The schedule is kept by a dedicated thread, not by a timer continuation on the thread pool: under load
        // the pool's queue is full of the generator's own request continuations, and a tick queued behind them
        // made the generator start requests 2-5 ms late (measured against the bare endpoint).
        TaskCompletionSource<int> dispatching = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread dispatcher = new(() => dispatching.TrySetResult(run.Dispatch(start, interval, total, stop.Token)))
        {
            IsBackground = true,
            Name = "paced dispatcher",
        };
        dispatcher.Start();
        int dispatched = await dispatching.Task;

        long dispatchEnded = time.GetTimestamp();
        run.Release();
        bool drained = true;
        try
        {
            await run._allAnswered.Task.WaitAsync(drainLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Whatever is still unanswered is cancelled and counted as such below.
            drained = false;
        }
        catch (OperationCanceledException)
        {
            drained = false;
        }

        long ended = time.GetTimestamp();
        double daemonCpu = daemon.CpuSeconds() - daemonCpuBefore;
        double generatorCpu = ProcFs.CpuSeconds(Environment.ProcessId) - generatorCpuBefore;
        GeneratorGc generatorGc = GeneratorGc.Now() - gcBefore;
        await stop.CancelAsync();

        int answered = Math.Min(Volatile.Read(ref run._answered), total);
        Dictionary<string, int> errors = new(run._outcomes.Errors(), StringComparer.Ordinal);
        int unanswered = dispatched - answered;
        if (unanswered > 0)
        {
            errors["no answer within the drain limit"] = unanswered;
        }

        double elapsed = (double)(ended - start) / time.TimestampFrequency;
        double dispatchSeconds = (double)(dispatchEnded - start) / time.TimestampFrequency;
        int accepted = run._outcomes.Accepted;
        return new PhaseResult(
            "paced",
            string.Create(CultureInfo.InvariantCulture, $"open loop, {rate:N0}/s offered for {duration.TotalSeconds:0.#} s"),
            dispatched,
            accepted,
            errors,
            elapsed,
            accepted / elapsed,
            dispatched / Math.Max(dispatchSeconds, 1e-9),
            LatencySummary.FromTicks(run._latencies, answered, time.TimestampFrequency),
            daemonCpu,
            generatorCpu,
            drained && dispatched == total)
        {
            DispatchLag = LatencySummary.FromTicks(run._dispatchLags, dispatched, time.TimestampFrequency),
            GeneratorGc = generatorGc,
        };
    }

    /// <summary>
    /// Starts every request as it falls due and returns how many it started. Between requests it sleeps until the
    /// next one is due (<see cref="LinuxCalls.Sleep"/>: <c>nanosleep</c>, so at 10,000/s it wakes about every 100 µs);
    /// spinning instead would take one of the two cores the daemon is measured on. With whole-millisecond sleeps (the
    /// finest <see cref="Thread.Sleep(int)"/> gives) requests started up to a millisecond late, and that lateness
    /// counted in their latency (p50 0.8 ms of it).
    /// </summary>
    private int Dispatch(long start, double interval, int total, CancellationToken cancellationToken)
    {
        int dispatched = 0;
        while (dispatched < total && !cancellationToken.IsCancellationRequested)
        {
            long now = _time.GetTimestamp();
            int due = Math.Min(total, (int)((now - start) / interval) + 1);
            for (; dispatched < due; dispatched++)
            {
                Interlocked.Increment(ref _outstanding);
                _ = SendOneAsync(dispatched, start + (long)(dispatched * interval), cancellationToken);
            }

            if (dispatched < total)
            {
                long wait = start + (long)(dispatched * interval) - _time.GetTimestamp();
                LinuxCalls.Sleep(_time.GetElapsedTime(0, Math.Max(wait, 0)));
            }
        }

        return dispatched;
    }

    private async Task SendOneAsync(int index, long intendedStart, CancellationToken cancellationToken)
    {
        // How late the generator itself started this request; part of its latency, reported apart to show whether
        // the generator kept its schedule.
        _dispatchLags[index] = _time.GetTimestamp() - intendedStart;
        try
        {
            _outcomes.Record(await _sender.SendAsync(index, intendedStart, cancellationToken));
            Record(intendedStart);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over; this request counts as unanswered.
        }
        finally
        {
            Release();
        }
    }

    private void Record(long intendedStart)
    {
        long latency = _time.GetTimestamp() - intendedStart;
        int slot = Interlocked.Increment(ref _answered) - 1;
        if (slot < _latencies.Length)
        {
            _latencies[slot] = latency;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _allAnswered.TrySetResult();
        }
    }
}
