using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The daemon's own view of the sends' latency: its <c>http_server_request_duration_seconds</c> histogram (ASP.NET
/// Core's, from <c>/metrics</c>) for the send route, read before and after a phase. Kestrel times a request from its
/// first byte read to its last byte written, so the difference from the generator's latency is time spent outside
/// the daemon's request handling: in the generator, in the kernel, and waiting for a core before the daemon reads.
/// </summary>
internal sealed class DaemonRequestDurations
{
    private const string Series = "http_server_request_duration_seconds_bucket{";

    private readonly SortedDictionary<double, long> _cumulative;

    private DaemonRequestDurations(SortedDictionary<double, long> cumulative) => _cumulative = cumulative;

    /// <summary>The histogram now, summed over statuses, for POSTs to a route containing "/SMS/Messages"; null when absent.</summary>
    public static async Task<DaemonRequestDurations?> ReadAsync(HttpClient http, Uri daemon, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(daemon, "metrics"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        SortedDictionary<double, long> cumulative = [];
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith(Series, StringComparison.Ordinal)
                || !line.Contains("http_request_method=\"POST\"", StringComparison.Ordinal)
                || !line.Contains("/SMS/Messages", StringComparison.Ordinal))
            {
                continue;
            }

            int le = line.IndexOf("le=\"", StringComparison.Ordinal);
            int leEnd = le < 0 ? -1 : line.IndexOf('"', le + 4);
            int close = line.LastIndexOf('}');
            if (leEnd < 0 || close < 0)
            {
                continue;
            }

            string bound = line[(le + 4)..leEnd];
            string[] after = line[(close + 1)..].Trim().Split(' ');
            double upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
            long count = long.Parse(after[0], CultureInfo.InvariantCulture);
            cumulative[upper] = cumulative.GetValueOrDefault(upper) + count;
        }

        return cumulative.Count == 0 ? null : new DaemonRequestDurations(cumulative);
    }

    /// <summary>What the daemon measured between <paramref name="before"/> and <paramref name="after"/>; null without both.</summary>
    public static DaemonLatency? Between(DaemonRequestDurations? before, DaemonRequestDurations? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        List<(double Upper, long Count)> buckets = [];
        foreach ((double upper, long count) in after._cumulative)
        {
            buckets.Add((upper, count - before._cumulative.GetValueOrDefault(upper)));
        }

        long total = buckets[^1].Count;
        if (total <= 0)
        {
            return null;
        }

        long within5 = 0;
        foreach ((double upper, long count) in buckets)
        {
            if (upper <= 0.005)
            {
                within5 = count;
            }
        }

        return new DaemonLatency(total, (double)within5 / total, UpperBoundMs(buckets, total, 0.50), UpperBoundMs(buckets, total, 0.99));
    }

    /// <summary>The upper bound, in ms, of the bucket holding the <paramref name="quantile"/>; infinity past the last bound.</summary>
    private static double UpperBoundMs(List<(double Upper, long Count)> buckets, long total, double quantile)
    {
        double rank = quantile * total;
        foreach ((double upper, long count) in buckets)
        {
            if (count >= rank)
            {
                return upper * 1000;
            }
        }

        return double.PositiveInfinity;
    }
}

/// <summary>
/// The daemon-side latency of one phase: how many sends Kestrel timed, the share answered within 5 ms, and the
/// bucket bounds (ms) the median and the 99th percentile fall under.
/// </summary>
internal sealed record DaemonLatency(long Count, double ShareWithin5Ms, double P50AtMostMs, double P99AtMostMs);
