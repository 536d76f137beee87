using System.Diagnostics;
using System.Globalization;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>What one measured run (one API, one window size) did.</summary>
/// <param name="Via">session or client.</param>
/// <param name="Window">submit_sm kept outstanding.</param>
/// <param name="Answered">submit_sm_resp received (any status).</param>
/// <param name="Errors">Non-zero statuses and exceptions, with their counts.</param>
/// <param name="ElapsedSeconds">From the first submit_sm to the last response.</param>
/// <param name="PerSecond"><paramref name="Answered"/> / <paramref name="ElapsedSeconds"/>.</param>
/// <param name="Latency">From the caller's call to its await completing, per submit_sm.</param>
/// <param name="CpuSeconds">User + system CPU of the whole process (client and simulator) during the run.</param>
/// <param name="AllocatedBytesPerMessage">Bytes allocated by the whole process per answered submit_sm.</param>
/// <param name="Gen0">Gen 0 collections during the run.</param>
/// <param name="Gen1">Gen 1 collections during the run.</param>
/// <param name="Gen2">Gen 2 collections during the run.</param>
/// <param name="SimulatorAccepted">submit_sm the simulator counted as accepted during the run.</param>
/// <param name="Completed">False when the run hit its time limit.</param>
internal sealed record SmppWindowResult(
    string Via,
    int Window,
    int Answered,
    IReadOnlyDictionary<string, int> Errors,
    double ElapsedSeconds,
    double PerSecond,
    LatencySummary Latency,
    double CpuSeconds,
    double AllocatedBytesPerMessage,
    int Gen0,
    int Gen1,
    int Gen2,
    long SimulatorAccepted,
    bool Completed)
{
    /// <summary>CPU microseconds per answered submit_sm, both sides together.</summary>
    public double CpuMicrosecondsPerMessage => Answered == 0 ? 0 : CpuSeconds * 1e6 / Answered;

    public int ErrorCount => Errors.Values.Sum();

    /// <summary>With <c>--allocations</c>: the sampled allocated types, as printed.</summary>
    public string? AllocationProfile { get; init; }
}

/// <summary>
/// Keeps exactly <c>window</c> submit_sm outstanding on one bind: <c>window</c> async loops, each sending its next
/// submit_sm as soon as the previous one is answered, until <c>count</c> have been sent (the tail drains as the loops
/// run out of work). Each loop reuses one submit_sm object (the session sets its sequence_number per send), so the
/// allocations counted are the library's and the simulator's, not the benchmark's.
/// </summary>
internal static class SmppWindowRun
{
    public static async Task<SmppWindowResult> RunAsync(
        SmppSubmitter submitter,
        SmppLoadVia via,
        int window,
        int count,
        TimeSpan limit,
        Func<long> simulatorAccepted,
        AllocationSampler? sampler,
        CancellationToken cancellationToken)
    {
        long[] latencies = new long[count];
        int[] recorded = new int[window];
        Dictionary<string, int>[] errors = new Dictionary<string, int>[window];
        int ticket = 0;
        long deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);

        // A clean heap, so the run pays for its own garbage only.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        long acceptedBefore = simulatorAccepted();
        int gen0 = GC.CollectionCount(0);
        int gen1 = GC.CollectionCount(1);
        int gen2 = GC.CollectionCount(2);
        TimeSpan cpuBefore = ProcessCpu();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sampler?.Start();
        long started = Stopwatch.GetTimestamp();

        Task[] workers = new Task[window];
        for (int w = 0; w < window; w++)
        {
            int worker = w;
            errors[worker] = new Dictionary<string, int>(StringComparer.Ordinal);
            workers[w] = WorkerAsync(submitter, latencies, count, deadline, () => Interlocked.Increment(ref ticket) - 1,
                errors[worker], done => recorded[worker] = done, cancellationToken);
        }

        await Task.WhenAll(workers);
        long ended = Stopwatch.GetTimestamp();
        string? allocationProfile = sampler?.Stop(recorded.Sum());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        TimeSpan cpu = ProcessCpu() - cpuBefore;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;
        long accepted = simulatorAccepted() - acceptedBefore;

        int answered = recorded.Sum();
        Dictionary<string, int> allErrors = new(StringComparer.Ordinal);
        foreach (Dictionary<string, int> mine in errors)
        {
            foreach (KeyValuePair<string, int> error in mine)
            {
                allErrors[error.Key] = allErrors.GetValueOrDefault(error.Key) + error.Value;
            }
        }

        // Unanswered slots (time limit) hold 0 and would pull the percentiles down: keep the answered ones only.
        int kept = 0;
        for (int i = 0; i < latencies.Length; i++)
        {
            if (latencies[i] > 0)
            {
                latencies[kept++] = latencies[i];
            }
        }

        double elapsed = (double)(ended - started) / Stopwatch.Frequency;
        return new SmppWindowResult(
            via.ToString().ToLowerInvariant(),
            window,
            answered,
            allErrors,
            elapsed,
            answered / elapsed,
            LatencySummary.FromTicks(latencies, kept, Stopwatch.Frequency),
            cpu.TotalSeconds,
            answered == 0 ? 0 : (double)allocated / answered,
            gen0,
            gen1,
            gen2,
            accepted,
            answered >= count)
        {
            AllocationProfile = allocationProfile,
        };
    }

    /// <summary>Sends the same load for <paramref name="duration"/>, not measured: tiered JIT and dynamic PGO settle.</summary>
    public static async Task<int> WarmUpAsync(SmppSubmitter submitter, int window, TimeSpan duration, CancellationToken cancellationToken)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        int ticket = 0;
        int answered = 0;
        Task[] workers = new Task[window];
        for (int w = 0; w < window; w++)
        {
            workers[w] = WorkerAsync(submitter, null, int.MaxValue, deadline, () => Interlocked.Increment(ref ticket) - 1,
                new Dictionary<string, int>(StringComparer.Ordinal), done => Interlocked.Add(ref answered, done), cancellationToken);
        }

        await Task.WhenAll(workers);
        return answered;
    }

    private static async Task WorkerAsync(
        SmppSubmitter submitter,
        long[]? latencies,
        int count,
        long deadline,
        Func<int> nextTicket,
        Dictionary<string, int> errors,
        Action<int> report,
        CancellationToken cancellationToken)
    {
        // Start on the thread pool, not inline in the caller's loop that starts the other workers.
        await Task.Yield();
        SubmitSm pdu = SampleData.SubmitGsm();
        int done = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            int index = nextTicket();
            if (index >= count)
            {
                break;
            }

            long sent = Stopwatch.GetTimestamp();
            try
            {
                SubmitSmResp response = await submitter.SubmitAsync(pdu, cancellationToken);
                if (response.CommandStatus != CommandStatus.Ok)
                {
                    Count(errors, response.CommandStatus.ToSpecName());
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException or SmppProtocolException)
            {
                Count(errors, ex.GetType().Name);
            }

            if (latencies is not null)
            {
                // At least one tick: zero marks "not answered" for the summary.
                latencies[index] = Math.Max(1, Stopwatch.GetTimestamp() - sent);
            }

            done++;
        }

        report(done);
    }

    private static void Count(Dictionary<string, int> errors, string key) =>
        errors[key] = errors.GetValueOrDefault(key) + 1;

    private static TimeSpan ProcessCpu()
    {
        using Process self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>"session window 64", for progress lines.</summary>
    public static string Label(SmppLoadVia via, int window) =>
        string.Create(CultureInfo.InvariantCulture, $"{via.ToString().ToLowerInvariant()} window {window}");
}
