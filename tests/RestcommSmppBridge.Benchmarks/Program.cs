using BenchmarkDotNet.Running;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/RestcommSmppBridge.Benchmarks -- --filter '*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
