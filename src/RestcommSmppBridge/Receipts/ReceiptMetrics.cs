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
}
