using System.Diagnostics.Metrics;

namespace RestcommSmppBridge.Storage;

/// <summary>Store metrics on the meter <c>RestcommSmppBridge.Store</c> (exported on /metrics).</summary>
public static class StoreMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "RestcommSmppBridge.Store";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Histogram<int> BatchSize =
        s_meter.CreateHistogram<int>("store.commit.batch_size", "{write}", "Writes committed in one group-commit transaction");

    internal static readonly Histogram<double> CommitLatency =
        s_meter.CreateHistogram<double>("store.commit.duration", "ms", "Time to run and commit one batch");

    internal static readonly Counter<long> FailedBatches =
        s_meter.CreateCounter<long>("store.commit.failures", "{batch}", "Batches whose commit failed (every write in them failed)");

    internal static readonly Counter<long> ExpiredMessages =
        s_meter.CreateCounter<long>("store.messages.expired", "{message}", "Ended messages deleted by the retention sweep (Bridge:Storage:MessageRetention)");
}
