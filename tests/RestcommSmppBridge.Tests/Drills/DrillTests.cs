using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace RestcommSmppBridge.Tests.Drills;

/// <summary>
/// The reduced fault drills (scripts/drill.sh --quick) in the test run, so that a regression in crash safety or fault
/// handling fails CI: each runs the built drill program (tests/RestcommSmppBridge.Drills, built by the project
/// reference) as a process, which itself runs the real daemon binary, and must exit 0 with a closing line that lost
/// nothing.
/// </summary>
[NonParallelizable]
public sealed partial class DrillTests
{
    [TestCase("kill9")]
    [TestCase("carrier")]
    [TestCase("app")]
    [TestCase("soak")]
    [CancelAfter(90_000)]
    public async Task QuickDrill_AgainstTheRealDaemon_LosesNothing(string name, CancellationToken cancellationToken)
    {
        (int exitCode, string output) = await RunDrillAsync(name, cancellationToken);

        Match line = ClosingLine().Match(output);
        Assert.That(line.Success, Is.True, $"no closing line for drill {name}:\n{output}");
        Assert.Multiple(() =>
        {
            Assert.That(line.Groups["name"].Value, Is.EqualTo(name), output);
            Assert.That(long.Parse(line.Groups["sent"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), output);
            Assert.That(line.Groups["lost"].Value, Is.EqualTo("0"), output);
            Assert.That(exitCode, Is.Zero, output);
        });
    }

    private static async Task<(int ExitCode, string Output)> RunDrillAsync(string name, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new("dotnet", [DrillDll(), name, "--quick"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        StringBuilder output = new();
        using Process process = new() { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Past the bound: the drill (and the daemon it runs) must not outlive the test.
            process.Kill(entireProcessTree: true);
            throw;
        }

        // The exit event may precede the last redirected lines; this overload waits for them.
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }

        void Append(string? text)
        {
            if (text is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(text);
            }
        }
    }

    /// <summary>The drill program built with the same configuration as these tests.</summary>
    private static string DrillDll()
    {
        string testDirectory = TestContext.CurrentContext.TestDirectory;
        string configuration = new DirectoryInfo(testDirectory).Parent!.Name;
        DirectoryInfo? root = new(testDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RestcommSmppBridge.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, "the repository root (RestcommSmppBridge.sln) is not above " + testDirectory);
        string dll = Path.Combine(root!.FullName, "tests", "RestcommSmppBridge.Drills", "bin", configuration, "net10.0", "RestcommSmppBridge.Drills.dll");
        Assert.That(File.Exists(dll), Is.True, "the drill program is not built: " + dll);
        return dll;
    }

    [GeneratedRegex(@"^drill (?<name>\w+): sent=(?<sent>\d+) delivered=\d+ lost=(?<lost>\d+) duplicated=\d+ failed=\d+$", RegexOptions.Multiline)]
    private static partial Regex ClosingLine();
}
