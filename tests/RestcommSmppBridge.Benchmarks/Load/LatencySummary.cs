namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>Percentiles of a set of latencies, in milliseconds (nearest-rank on the full, sorted sample: no histogram bucketing).</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>Summarises <paramref name="ticks"/> (timestamp ticks of <paramref name="frequency"/> per second); sorts it in place.</summary>
    public static LatencySummary FromTicks(long[] ticks, int count, long frequency)
    {
        if (count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        Array.Sort(ticks, 0, count);
        double ToMs(long value) => value * 1000.0 / frequency;
        long Rank(double quantile) => ticks[Math.Clamp((int)Math.Ceiling(quantile * count) - 1, 0, count - 1)];
        return new LatencySummary(count, ToMs(Rank(0.50)), ToMs(Rank(0.99)), ToMs(Rank(0.999)), ToMs(ticks[count - 1]));
    }
}
