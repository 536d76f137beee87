using System.Diagnostics;
using System.Runtime.Versioning;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// scripts/install.sh and scripts/uninstall.sh run for real into a throw-away root (<c>--destdir</c>): a Release
/// publish, the folders, the unit, the example configuration, and an edited configuration that survives a reinstall.
/// The installed unit is checked with <c>systemd-analyze verify</c> when the machine has it.
/// </summary>
[NonParallelizable]
[Platform("Linux")]
[UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests
{
    private const string Service = "restcomm-smpp-bridge";

    private string _root = null!;
    private string _repo = null!;

    [OneTimeSetUp]
    public void FindRepository()
    {
        DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RestcommSmppBridge.sln")))
        {
            folder = folder.Parent;
        }

        Assert.That(folder, Is.Not.Null, "the tests run from inside the repository");
        _repo = folder!.FullName;
    }

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "rsb-install-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Install_IntoDestdir_LaysOutBuildConfigurationAndUnit()
    {
        (int exitCode, string output) = await RunScriptAsync("install.sh", TimeSpan.FromMinutes(5), "--destdir", _root);

        string app = Path.Combine(_root, "opt", Service);
        string etc = Path.Combine(_root, "etc", Service);
        string unit = Path.Combine(_root, "etc", "systemd", "system", Service + ".service");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output);
            Assert.That(File.GetUnixFileMode(Path.Combine(app, "RestcommSmppBridge")) & UnixFileMode.UserExecute,
                Is.EqualTo(UnixFileMode.UserExecute), "the apphost ExecStart names is executable");
            Assert.That(File.Exists(Path.Combine(app, "RestcommSmppBridge.dll")), Is.True);
            Assert.That(File.Exists(Path.Combine(app, "appsettings.json")), Is.True, "the embedded defaults sit next to the binary");
            Assert.That(File.ReadAllText(Path.Combine(etc, "appsettings.json")),
                Is.EqualTo(File.ReadAllText(Path.Combine(_repo, "config", "appsettings.production.example.json"))));
            Assert.That(File.GetUnixFileMode(Path.Combine(etc, "environment")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite),
                "the secrets file is 0600");
            Assert.That(File.ReadAllText(unit), Is.EqualTo(File.ReadAllText(Path.Combine(_repo, "config", Service + ".service"))));
            Assert.That(File.ReadAllText(Path.Combine(unit + ".d", "10-dotnet.conf")), Does.Contain("Environment=DOTNET_ROOT=/"));
            Assert.That(Directory.Exists(Path.Combine(_root, "var", "lib", Service)), Is.True);
            Assert.That(Directory.Exists(Path.Combine(_root, "var", "log", Service)), Is.True);
        });

        await VerifyUnitAsync();
    }

    [Test]
    public async Task Install_SecondRun_KeepsEditedConfigurationAndSecrets()
    {
        string stage = Path.Combine(_root, "build");
        (int publishCode, string publishOutput) = await RunAsync("dotnet", TimeSpan.FromMinutes(5),
            "publish", Path.Combine(_repo, "src", "RestcommSmppBridge", "RestcommSmppBridge.csproj"), "-c", "Release", "-o", stage, "--nologo", "-v", "quiet");
        Assert.That(publishCode, Is.EqualTo(0), publishOutput);
        string target = Path.Combine(_root, "target");
        (int firstCode, string firstOutput) = await RunScriptAsync("install.sh", TimeSpan.FromMinutes(1), "--destdir", target, "--from", stage);
        Assert.That(firstCode, Is.EqualTo(0), firstOutput);
        string settings = Path.Combine(target, "etc", Service, "appsettings.json");
        string secrets = Path.Combine(target, "etc", Service, "environment");
        await File.WriteAllTextAsync(settings, "{ \"Bridge\": { \"Edited\": true } }");
        await File.WriteAllTextAsync(secrets, "Bridge__Carriers__0__Password=secret1\n");

        (int secondCode, string secondOutput) = await RunScriptAsync("install.sh", TimeSpan.FromMinutes(1), "--destdir", target, "--from", stage);

        Assert.Multiple(() =>
        {
            Assert.That(secondCode, Is.EqualTo(0), secondOutput);
            Assert.That(File.ReadAllText(settings), Is.EqualTo("{ \"Bridge\": { \"Edited\": true } }"));
            Assert.That(File.ReadAllText(secrets), Is.EqualTo("Bridge__Carriers__0__Password=secret1\n"));
            Assert.That(secondOutput, Does.Contain("kept"));
            Assert.That(File.Exists(Path.Combine(target, "opt", Service, "RestcommSmppBridge.dll")), Is.True);
        });
    }

    [Test]
    public async Task Uninstall_WithoutAndWithPurge_KeepsThenDeletesConfigurationAndData()
    {
        string fake = Path.Combine(_root, "build");
        Directory.CreateDirectory(fake);
        await File.WriteAllTextAsync(Path.Combine(fake, "RestcommSmppBridge.dll"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(fake, "RestcommSmppBridge"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(fake, "RestcommSmppBridge"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string target = Path.Combine(_root, "target");
        (int installCode, string installOutput) = await RunScriptAsync("install.sh", TimeSpan.FromMinutes(1), "--destdir", target, "--from", fake);
        Assert.That(installCode, Is.EqualTo(0), installOutput);

        (int keepCode, string keepOutput) = await RunScriptAsync("uninstall.sh", TimeSpan.FromMinutes(1), "--destdir", target);
        Assert.Multiple(() =>
        {
            Assert.That(keepCode, Is.EqualTo(0), keepOutput);
            Assert.That(Directory.Exists(Path.Combine(target, "opt", Service)), Is.False);
            Assert.That(File.Exists(Path.Combine(target, "etc", "systemd", "system", Service + ".service")), Is.False);
            Assert.That(File.Exists(Path.Combine(target, "etc", Service, "appsettings.json")), Is.True);
            Assert.That(Directory.Exists(Path.Combine(target, "var", "lib", Service)), Is.True);
        });

        (int purgeCode, string purgeOutput) = await RunScriptAsync("uninstall.sh", TimeSpan.FromMinutes(1), "--destdir", target, "--purge");
        Assert.Multiple(() =>
        {
            Assert.That(purgeCode, Is.EqualTo(0), purgeOutput);
            Assert.That(Directory.Exists(Path.Combine(target, "etc", Service)), Is.False);
            Assert.That(Directory.Exists(Path.Combine(target, "var", "lib", Service)), Is.False);
        });
    }

    /// <summary>
    /// <c>systemd-analyze verify --root</c> resolves the unit's dependencies (sysinit.target, …) inside the root, so
    /// the distribution's units are copied in first; it then checks every key and that ExecStart is executable. It
    /// exits 0 on warnings such as an unknown key, so any output about the unit fails the test too.
    /// </summary>
    private async Task VerifyUnitAsync()
    {
        string? analyze = FindOnPath("systemd-analyze");
        if (analyze is null)
        {
            Assert.Ignore("systemd-analyze is not installed here; the unit's syntax was not verified.");
        }

        string systemUnits = "/usr/lib/systemd/system";
        if (!Directory.Exists(systemUnits))
        {
            Assert.Ignore($"{systemUnits} does not exist; systemd-analyze has no targets to resolve the unit against.");
        }

        string copy = Path.Combine(_root, "usr", "lib", "systemd");
        Directory.CreateDirectory(copy);
        (int copyCode, string copyOutput) = await RunAsync("cp", TimeSpan.FromMinutes(1), "-a", systemUnits, copy);
        Assert.That(copyCode, Is.EqualTo(0), copyOutput);

        (int exitCode, string output) = await RunAsync(analyze!, TimeSpan.FromMinutes(1), "verify", "--man=no", "--root=" + _root, Service + ".service");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output);
            Assert.That(output, Does.Not.Contain(Service), "systemd-analyze has no remark about the unit");
        });
    }

    private static string? FindOnPath(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private Task<(int ExitCode, string Output)> RunScriptAsync(string script, TimeSpan timeout, params string[] arguments) =>
        RunAsync("bash", timeout, [Path.Combine(_repo, "scripts", script), .. arguments]);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, TimeSpan timeout, params string[] arguments)
    {
        ProcessStartInfo start = new(program, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("DESTDIR");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource cancel = new(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
