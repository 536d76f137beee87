using BenchmarkDotNet.Running;
using RestcommSmppBridge.Benchmarks.Load;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>
/// Entry point. <c>load …</c> runs a load driver against the real daemon
/// (<c>dotnet run -c Release --project tests/RestcommSmppBridge.Benchmarks -- load rest</c>); anything else goes to
/// BenchmarkDotNet (<c>… -- --filter '*'</c>).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 1 && args[0] == "load" && args[1] == "bare-server")
        {
            return await BareServer.RunAsync();
        }

        if (args.Length > 0 && args[0] == "load")
        {
            return await LoadCommand.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
