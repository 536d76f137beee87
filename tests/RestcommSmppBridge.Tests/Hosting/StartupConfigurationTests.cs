using System.Diagnostics;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The real daemon binary started with a bad configuration: one clear line per mistake on stderr, exit code 2, and
/// never a stack trace.
/// </summary>
[NonParallelizable]
public sealed class StartupConfigurationTests
{
    private static async Task<(int ExitCode, string Output)> RunDaemonAsync(IDictionary<string, string> environment)
    {
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "RestcommSmppBridge.dll");
        string folder = Path.Combine(Path.GetTempPath(), "rsb-start-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = folder,
        };
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db");
        foreach (KeyValuePair<string, string> pair in environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Test]
    public async Task Start_InvalidOptionValues_ExitCode2WithOneLinePerProblem()
    {
        var (exitCode, output) = await RunDaemonAsync(new Dictionary<string, string>
        {
            ["Bridge__Api__MaxPageSize"] = "0",
            ["Bridge__Accounts__0__Sid"] = "ACnot-a-sid",
        });

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("configuration error: Bridge:Api:MaxPageSize must be at least 1"));
            Assert.That(output, Does.Contain("configuration error: Bridge:Accounts:0:Sid"));
            Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task Start_ValueOfWrongType_ExitCode2NamingTheKey()
    {
        var (exitCode, output) = await RunDaemonAsync(new Dictionary<string, string> { ["Bridge__Api__MaxPageSize"] = "many" });

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("'many' at 'Bridge:Api:MaxPageSize'"));
            Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        });
    }
}
