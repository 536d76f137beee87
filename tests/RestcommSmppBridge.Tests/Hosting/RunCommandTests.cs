using System.Diagnostics;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The README's first command is <c>dotnet run --project src/RestcommSmppBridge</c>; it must start the app in the
/// repository root, where ./appsettings.json (the demo defaults) and ./data live. .NET 10's dotnet run starts it in
/// the project folder unless the project says otherwise, and the bridge then ran with no configuration at all.
/// </summary>
public sealed class RunCommandTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task DotnetRun_WorkingDirectory_IsTheRepositoryRoot(CancellationToken cancellationToken)
    {
        string root = FindRepositoryRoot();
        var start = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(root, "src", "RestcommSmppBridge", "RestcommSmppBridge.csproj"),
            "-getProperty:RunWorkingDirectory", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        Assert.That(process.ExitCode, Is.Zero, output);
        Assert.That(Path.GetFullPath(output.Trim()).TrimEnd('/'), Is.EqualTo(root.TrimEnd('/')));
        Assert.That(File.Exists(Path.Combine(root, "appsettings.json")), Is.True);
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RestcommSmppBridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RestcommSmppBridge.sln not found above the test folder");
    }
}
