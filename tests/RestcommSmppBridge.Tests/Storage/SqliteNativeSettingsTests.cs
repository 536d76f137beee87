using RestcommSmppBridge.Tests.Api;
using RestcommSmppBridge.Tests.Hosting;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// SQLite's process-wide settings (SqliteNativeSettings) only take effect before the library initialises, so they are
/// checked on a real daemon process, where the store is the first to open SQLite; in this test process the order of
/// the tests decides who opens it first.
/// </summary>
[TestFixture]
[CancelAfter(90_000)]
public sealed class SqliteNativeSettingsTests
{
    [Test]
    public async Task Daemon_Starts_SqliteMemoryStatisticsAreOff()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-native-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        TestAccount account = TestAccounts.First;
        try
        {
            await using DaemonProcess daemon = DaemonProcess.Start(new Dictionary<string, string>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
                ["Bridge__Accounts__0__Sid"] = account.Sid,
                ["Bridge__Accounts__0__AuthToken"] = account.Token,
                ["Serilog__MinimumLevel__Override__RestcommSmppBridge.Storage"] = "Debug",
            });
            await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));

            Assert.That(daemon.Output, Does.Contain("SQLite library settings: memory statistics off"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
