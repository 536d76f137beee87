using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>load smpp …</c>: loopback throughput of the SMPP stack. In this one process it starts the SMSC simulator on
/// 127.0.0.1:0 (receipts off, no faults, no delays) and, for each API and window size, binds one ESME transmitter over
/// real TCP, warms it up, then keeps exactly <c>window</c> submit_sm outstanding until <c>count</c> are answered.
/// Prints one table and writes the JSON. Bounded: each row stops after 60 s, the whole run after 5 minutes.
/// </summary>
internal static class SmppLoadCommand
{
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(290);
    private static readonly TimeSpan s_rowLimit = TimeSpan.FromSeconds(60);

    /// <summary>Runs the subcommand with the arguments after <c>load smpp</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (!SmppLoadOptions.TryParse(args, out SmppLoadOptions? options, out string? error))
        {
            await Console.Error.WriteLineAsync(error + "\n" + SmppLoadOptions.Usage);
            return 2;
        }

        using RunStop stop = new(s_runLimit);
        try
        {
            return await RunAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsStopped)
        {
            await Console.Error.WriteLineAsync(stop.Reason);
            return 1;
        }
    }

    private static async Task<int> RunAsync(SmppLoadOptions options, CancellationToken cancellationToken)
    {
        DateTimeOffset startedAt = TimeProvider.System.GetLocalNow();
        string loadAtStart = ProcFs.LoadAverage();
        Console.WriteLine($"load average at start: {loadAtStart} ({Environment.ProcessorCount} CPUs)");

        int largestWindow = options.Windows.Max();
        SimulatorOptions simulatorOptions = new()
        {
            Receipts = new ReceiptOptions { Enabled = false },
            // The accepted-message log is for tests that inspect what arrived; a small ring keeps it off the heap's
            // older generations during a long run.
            AcceptedLogCapacity = 1024,
            Session = SmppSessionOptions.Default with
            {
                Name = "sim",
                // Never answer ESME_RMSGQFUL because the window outgrew the simulator's inbound queue.
                InboundQueueCapacity = Math.Max(SmppSessionOptions.Default.InboundQueueCapacity, largestWindow),
            },
        };

        List<SmppWindowResult> results = [];
        using AllocationSampler? sampler = options.Allocations ? new AllocationSampler() : null;
        await using (SmscSimulator simulator = new(simulatorOptions))
        {
            simulator.Start();
            Console.WriteLine($"simulator listening on {simulator.LocalEndPoint}");
            foreach (SmppLoadVia via in options.Via)
            {
                foreach (int window in options.Windows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await using SmppSubmitter submitter = await SmppSubmitter.BindAsync(via, simulator.LocalEndPoint, window, cancellationToken);
                    if (options.Warmup > TimeSpan.Zero)
                    {
                        int warm = await SmppWindowRun.WarmUpAsync(submitter, window, options.Warmup, cancellationToken);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{SmppWindowRun.Label(via, window)}: warm-up {warm:N0} submit_sm in {options.Warmup.TotalSeconds:0.#} s"));
                    }

                    SmppWindowResult result = await SmppWindowRun.RunAsync(submitter, via, window, options.Count, s_rowLimit,
                        () => simulator.Counters.SubmitsAccepted, sampler, cancellationToken);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{SmppWindowRun.Label(via, window)}: {result.Answered:N0} answered in {result.ElapsedSeconds:0.00} s = {result.PerSecond:N0}/s, p50 {result.Latency.P50Ms * 1000:N0} µs, p99 {result.Latency.P99Ms * 1000:N0} µs"));
                    if (result.AllocationProfile is { } profile)
                    {
                        Console.Write(profile);
                    }

                    results.Add(result);
                }
            }
        }

        SmppLoadReport report = new(
            startedAt,
            new SmppLoadMachine(Environment.ProcessorCount, ProcFs.CpuModel(), RuntimeInformation.FrameworkDescription,
                GCSettings.IsServerGC ? "server GC" : $"workstation GC ({GCSettings.LatencyMode})", loadAtStart, ProcFs.LoadAverage()),
            "simulator: receipts off, no faults, no delays, default session options (8 dispatch loops); ESME: default session "
                + "options with WindowSize = window; 27-character GSM submit_sm with registered_delivery 1; one bind per row, "
                + string.Create(CultureInfo.InvariantCulture, $"{options.Warmup.TotalSeconds:0.#} s warm-up on that bind first"),
            options.Count,
            results,
            ProcFs.PeakRssBytes(Environment.ProcessId));

        Console.WriteLine();
        Console.Write(report.ToTable());
        string json = report.WriteJson(options.OutputFolder);
        Console.WriteLine($"JSON: {json}");
        bool clean = results.TrueForAll(r => r.Completed && r.ErrorCount == 0);
        return clean ? 0 : 1;
    }
}
