using BenchmarkDotNet.Running;
using RestcommSmppBridge.Benchmarks.Load;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>
/// Entry point. <c>load …</c> runs a load driver against the real daemon
/// (<c>dotnet run -c Release --project tests/RestcommSmppBridge.Benchmarks -- load rest</c>); anything else goes to
/// BenchmarkDotNet (<c>… -- --filter '*'</c>).
/// </summary>
internal static class Program
{
    private const string SpinLimitSetting = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 1 && args[0] == "load" && args[1] == "bare-server")
        {
            return await BareServer.RunAsync();
        }

        if (args.Length > 0 && args[0] == "load")
        {
            if (args.Length > 1 && args[1] is "rest" or "mt" or "mo")
            {
                // The HTTP generators share the two cores with the daemon they measure. A thread-pool worker that
                // runs out of work spins before it sleeps; at 10,000 requests/s that spinning was a third of the
                // generator's CPU (4.2 s against 2.7 s without, per 100,000 paced sends). Read when the pool starts
                // its first worker, which has not happened yet here. Not for load smpp: there the spin shortens a
                // window-1 round trip.
                AppContext.SetData(SpinLimitSetting, 0);

                // As the daemon does for itself: socket completions on the epoll threads, read when the first socket
                // operation starts. The generator's handlers (parse an answer, record a latency) do not block.
                RuntimeTuning.Apply();
            }

            return await LoadCommand.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
