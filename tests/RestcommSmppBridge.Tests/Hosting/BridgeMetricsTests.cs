using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Storage;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>The gauges <see cref="BridgeMetrics"/> reads from the store, on a real SQLite file.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class BridgeMetricsTests
{
    private static readonly string[] s_storeGauges = ["bridge.outbox.messages", "bridge.status_callbacks.failed"];

    [Test]
    public async Task StoreGauges_FileGoneUnderTheStore_LeftOutOfTheScrapeWhichStillSucceeds()
    {
        await using TestStore store = await TestStore.OpenAsync();
        Account account = await store.AddAccountAsync();
        await store.Messages.InsertAsync(TestStore.NewMessage(account.Sid), CancellationToken.None);
        ServiceCollection services = new();
        services.AddMetrics();
        services.AddSingleton<IOperationsStore>(new SqliteOperationsStore(store.Database));
        services.AddSingleton<IStatusCallbackStore>(new SqliteStatusCallbackStore(store.Database));
        services.AddSingleton<BridgeMetrics>();
        using ServiceProvider provider = services.BuildServiceProvider();
        IMeterFactory factory = provider.GetRequiredService<IMeterFactory>();
        _ = provider.GetRequiredService<BridgeMetrics>();
        List<(string Gauge, long Value)> seen = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && s_storeGauges.Contains(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen.Add((instrument.Name, value)));
        listener.Start();

        listener.RecordObservableInstruments();
        List<(string, long)> readable = [.. seen];
        seen.Clear();
        File.Delete(store.Database.FullPath);
        Directory.CreateDirectory(store.Database.FullPath);
        SqliteConnection.ClearAllPools();
        listener.RecordObservableInstruments();

        Assert.Multiple(() =>
        {
            Assert.That(readable, Is.EquivalentTo(new[]
            {
                ("bridge.outbox.messages", 1L), ("bridge.outbox.messages", 0L), ("bridge.status_callbacks.failed", 0L),
            }), "queued 1, sending 0, failed callbacks 0 while the file is there");
            Assert.That(seen, Is.Empty, "an unreadable store leaves its gauges out instead of reporting a false zero");
        });
    }
}
