using System.Net;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// <c>--config PATH</c> on the real daemon binary: the file is layered over the defaults, under the environment; a
/// missing or broken file is a configuration error (exit 2, no stack trace).
/// </summary>
[NonParallelizable]
public sealed class ConfigFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rsb-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> Environment() => new()
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Bridge__Storage__Path"] = Path.Combine(_folder, "bridge.db"),
    };

    [Test]
    public async Task Start_ConfigFileMissing_ExitCode2NamingTheFile()
    {
        string missing = Path.Combine(_folder, "absent.json");
        await using DaemonProcess daemon = DaemonProcess.Start(Environment(), "--config", missing);

        int exitCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(daemon.Output, Does.Contain($"configuration error: --config '{missing}' does not exist."));
            Assert.That(daemon.Output, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task Start_ConfigFileWithSyntaxError_ExitCode2NamingTheFile()
    {
        string file = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(file, "{ \"Bridge\": { \"Api\": ");
        await using DaemonProcess daemon = DaemonProcess.Start(Environment(), $"--config={file}");

        int exitCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(daemon.Output, Does.Contain("configuration error: Failed to load configuration from file"));
            Assert.That(daemon.Output, Does.Contain(file));
            Assert.That(daemon.Output, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task Start_ConfigFileValue_OverridesDefaultsAndIsValidated()
    {
        string file = Path.Combine(_folder, "site.json");
        await File.WriteAllTextAsync(file, "{ \"Bridge\": { \"Api\": { \"MaxPageSize\": 0 } } }");
        await using DaemonProcess daemon = DaemonProcess.Start(Environment(), "--config", file);

        int exitCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(daemon.Output, Does.Contain("configuration error: Bridge:Api:MaxPageSize must be at least 1"));
        });
    }

    [Test]
    public async Task Start_EnvironmentVariable_OverridesConfigFile()
    {
        string file = Path.Combine(_folder, "site.json");
        await File.WriteAllTextAsync(file, "{ \"Bridge\": { \"Api\": { \"MaxPageSize\": 0 } } }");
        Dictionary<string, string> environment = Environment();
        environment["Bridge__Api__MaxPageSize"] = "100";
        await using DaemonProcess daemon = DaemonProcess.Start(environment, "--config", file);

        Uri address = await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));
        using HttpClient http = new() { BaseAddress = address };
        HttpResponseMessage live = await http.GetAsync(OperationsEndpoints.LivePath);
        HttpResponseMessage ready = await http.GetAsync(OperationsEndpoints.ReadyPath);

        Assert.Multiple(() =>
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), daemon.Output);
        });
    }

    [TestCase(new[] { "--config", "a.json" }, new[] { "a.json" })]
    [TestCase(new[] { "--config=a.json", "--urls", "x", "--config", "b.json" }, new[] { "a.json", "b.json" })]
    [TestCase(new[] { "--Bridge:Api:MaxPageSize=5" }, new string[0])]
    public void FindConfigPaths_Arguments_EveryFileInOrder(string[] args, string[] expected) =>
        Assert.That(BridgeConfiguration.FindConfigPaths(args), Is.EqualTo(expected));

    [TestCase("--config")]
    [TestCase("--config", "--urls")]
    [TestCase("--config=")]
    public void FindConfigPaths_NoFileName_ConfigurationError(params string[] args) =>
        Assert.That(() => BridgeConfiguration.FindConfigPaths(args), Throws.TypeOf<ConfigurationFileException>());

    [TestCase("30000000", null, 15.0)]
    [TestCase("30000000", "4242", 15.0)]
    [TestCase("30000000", "1", null)]
    [TestCase(null, null, null)]
    [TestCase("0", null, null)]
    [TestCase("abc", null, null)]
    public void PingInterval_WatchdogEnvironment_HalfThePeriodForThisProcessOnly(string? usec, string? pid, double? expectedSeconds)
    {
        TimeSpan? interval = SystemdWatchdog.PingInterval(usec, pid, 4242);

        Assert.That(interval, Is.EqualTo(expectedSeconds is null ? null : TimeSpan.FromSeconds(expectedSeconds.Value)));
    }
}
