using System.Diagnostics.Metrics;

namespace RestcommSmppBridge.Receipts;

/// <summary>Receipt metrics on the meter <c>RestcommSmppBridge.Receipts</c> (exported on /metrics).</summary>
public static class ReceiptMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "RestcommSmppBridge.Receipts";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Counter<long> Received =
        s_meter.CreateCounter<long>("receipts.received", "{receipt}", "Delivery receipts received, by carrier and state");

    // From a fast SMSC's simulated receipt (tens of ms) to a phone that was off for most of an hour; later receipts
    // land in +Inf. Seconds, as Prometheus expects for durations.
    private static readonly double[] s_latencyBuckets =
        [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>
    /// Seconds from the submit's acceptance (the message's <c>date_sent</c>) to the receipt that made the message
    /// final being stored, by carrier.
    /// </summary>
    internal static readonly Histogram<double> Latency = s_meter.CreateHistogram(
        "bridge.receipt.latency", "s", "Seconds from submit accepted to final receipt stored, by carrier",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_latencyBuckets });
}
