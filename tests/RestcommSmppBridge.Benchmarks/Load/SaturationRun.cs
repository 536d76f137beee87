using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// Closed loop: <c>clients</c> workers, each sending its next request (an API send, an injected MO: any
/// <see cref="ILoadSender"/>) as soon as the previous one is answered, until
/// <c>target</c> sends are accepted or <c>limit</c> has passed (then no new request starts, and those in flight are
/// answered normally, so the keep-alive connections survive for the next phase). The accepted rate at this point is the daemon's saturation throughput (with the
/// generator on the same cores, as the issue asks). Latency here is service time under full queueing, not a
/// latency target; the paced run measures that.
/// </summary>
internal static class SaturationRun
{
    public static async Task<PhaseResult> RunAsync(
        string name,
        ILoadSender sender,
        DaemonUnderLoad daemon,
        int clients,
        int target,
        TimeSpan limit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        Outcomes outcomes = new();
        CancellationToken token = cancellationToken;

        // A daemon that refuses everything must not keep the loop going for the whole limit.
        int maxSent = target >= int.MaxValue / 4 ? int.MaxValue : (target * 2) + clients;
        int ticket = 0;
        List<long>[] latencies = new List<long>[clients];

        double daemonCpuBefore = daemon.CpuSeconds();
        double generatorCpuBefore = ProcFs.CpuSeconds(Environment.ProcessId);
        GeneratorGc gcBefore = GeneratorGc.Now();
        long started = time.GetTimestamp();
        long deadline = started + (long)(limit.TotalSeconds * time.TimestampFrequency);

        Task[] workers = new Task[clients];
        for (int w = 0; w < clients; w++)
        {
            List<long> mine = new(Math.Min(target / clients, 1 << 16) + 16);
            latencies[w] = mine;
            workers[w] = Task.Run(async () =>
            {
                while (outcomes.Accepted < target && time.GetTimestamp() < deadline)
                {
                    int index = Interlocked.Increment(ref ticket);
                    if (index > maxSent)
                    {
                        return;
                    }

                    long sent = time.GetTimestamp();
                    try
                    {
                        outcomes.Record(await sender.SendAsync(index, sent, token));
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }

                    mine.Add(time.GetTimestamp() - sent);
                }
            }, CancellationToken.None);
        }

        await Task.WhenAll(workers);
        long ended = time.GetTimestamp();
        double daemonCpu = daemon.CpuSeconds() - daemonCpuBefore;
        double generatorCpu = ProcFs.CpuSeconds(Environment.ProcessId) - generatorCpuBefore;
        GeneratorGc generatorGc = GeneratorGc.Now() - gcBefore;

        int answered = 0;
        foreach (List<long> list in latencies)
        {
            answered += list.Count;
        }

        long[] all = new long[answered];
        int offset = 0;
        foreach (List<long> list in latencies)
        {
            list.CopyTo(all, offset);
            offset += list.Count;
        }

        double elapsed = (double)(ended - started) / time.TimestampFrequency;
        int accepted = outcomes.Accepted;
        return new PhaseResult(
            name,
            string.Create(CultureInfo.InvariantCulture, $"closed loop, {clients} clients"),
            Math.Min(Volatile.Read(ref ticket), maxSent),
            accepted,
            outcomes.Errors(),
            elapsed,
            accepted / elapsed,
            null,
            LatencySummary.FromTicks(all, all.Length, time.TimestampFrequency),
            daemonCpu,
            generatorCpu,
            accepted >= target)
        {
            GeneratorGc = generatorGc,
        };
    }
}
