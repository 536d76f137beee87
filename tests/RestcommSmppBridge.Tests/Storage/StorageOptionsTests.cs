using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
[CancelAfter(30_000)]
public sealed class StorageOptionsTests
{
    [Test]
    public void Validate_Defaults_Succeed()
    {
        ValidateOptionsResult result = new StorageOptionsValidator().Validate(null, new StorageOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("Path", "", "Path is empty")]
    [TestCase("Path", "data/", "names a folder")]
    [TestCase("Path", ":memory:", "not durable")]
    [TestCase("BusyTimeout", "00:00:00", "BusyTimeout must be between")]
    [TestCase("BusyTimeout", "01:00:00", "BusyTimeout must be between")]
    [TestCase("MaxBatchSize", "0", "MaxBatchSize must be between 1 and 65536 (got 0)")]
    [TestCase("WriteQueueCapacity", "0", "WriteQueueCapacity must be between")]
    [TestCase("CommitInterval", "-00:00:00.001", "CommitInterval must be between 00:00:00 and 00:00:00.100")]
    [TestCase("CommitInterval", "00:00:01", "CommitInterval must be between 00:00:00 and 00:00:00.100")]
    [TestCase("MessageRetention", "12:00:00", "MessageRetention must be 0 (keep every message) or between 1.00:00:00 (a day)")]
    [TestCase("MessageRetention", "3651.00:00:00", "MessageRetention must be 0 (keep every message) or between")]
    [TestCase("LogRestartPages", "1023", "LogRestartPages must be between 1024 and 1048576 (got 1023)")]
    [TestCase("LogRestartPages", "1048577", "LogRestartPages must be between 1024 and 1048576 (got 1048577)")]
    public async Task AddStorage_BadSetting_HostRefusesToStartWithOneClearMessage(string key, string value, string expected)
    {
        string folder = TestStore.NewFolder();
        try
        {
            using IHost host = BuildHost(folder, new Dictionary<string, string?> { [$"Bridge:Storage:{key}"] = value });

            Assert.That(
                async () => await host.StartAsync(),
                Throws.InstanceOf<OptionsValidationException>().With.Message.Contain($"Bridge:Storage:{key}").And.Message.Contain(expected));
            Assert.That(File.Exists(Path.Combine(folder, "data", "bridge.db")), Is.False, "nothing is opened when the options are wrong");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task AddStorage_LogRestartPages_IsTheCheckpointersRestartPoint()
    {
        string folder = TestStore.NewFolder();
        try
        {
            using IHost host = BuildHost(folder, new Dictionary<string, string?> { ["Bridge:Storage:LogRestartPages"] = "4096" });
            await host.StartAsync();
            long configured = host.Services.GetRequiredService<RestcommSmppBridge.Storage.Sqlite.SqliteDatabase>().Checkpointer.RestartLogFrames;
            await host.StopAsync();

            Assert.Multiple(() =>
            {
                Assert.That(configured, Is.EqualTo(4096));
                Assert.That(new StorageOptions().LogRestartPages, Is.EqualTo(65_536), "the default: a log of at most 256 MiB");
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task AddStorage_Host_MigratesOnStartResolvesStoresAndDrainsOnStop()
    {
        string folder = TestStore.NewFolder();
        try
        {
            using IHost host = BuildHost(folder, new Dictionary<string, string?> { ["Bridge:Storage:Synchronous"] = "Full" });
            await host.StartAsync();
            IAccountStore accounts = host.Services.GetRequiredService<IAccountStore>();
            IMessageStore messages = host.Services.GetRequiredService<IMessageStore>();
            Account account = new() { Sid = Sids.NewAccountSid(), AuthToken = "t", DateCreated = TestStore.T0, DateUpdated = TestStore.T0 };
            await accounts.UpsertAsync(account, CancellationToken.None);
            SmsMessage message = TestStore.NewMessage(account.Sid);
            await messages.InsertAsync(message, CancellationToken.None);
            await host.StopAsync();

            Assert.That(File.Exists(Path.Combine(folder, "data", "bridge.db")), Is.True, "default path, relative to the content root");
            Assert.That(host.Services.GetRequiredService<IPhoneNumberStore>(), Is.Not.Null);
            Assert.That(
                async () => await messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None),
                Throws.InstanceOf<ObjectDisposedException>(),
                "the writer is stopped once the host has stopped");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IHost BuildHost(string contentRoot, Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddStorage(builder.Configuration);
        return builder.Build();
    }
}
