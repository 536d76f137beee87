using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The daemon's own counters, read from its <c>/metrics</c> before and after a phase: ASP.NET Core's
/// <c>http_server_request_duration_seconds</c> histogram for the send route, the runtime's garbage collections and
/// pause time, and the store's group commits. Kestrel times a request from its first byte read to its last byte
/// written, so the difference from the generator's latency is time spent outside the daemon's request handling (in
/// the generator, in the kernel, waiting for a core before the daemon reads); the collections and commits say what
/// the daemon did meanwhile.
/// </summary>
internal sealed class DaemonMetricsSnapshot
{
    private const string RequestBuckets = "http_server_request_duration_seconds_bucket{";

    private readonly SortedDictionary<double, long> _requestBuckets;
    private readonly Dictionary<string, double> _totals;

    private DaemonMetricsSnapshot(SortedDictionary<double, long> requestBuckets, Dictionary<string, double> totals)
    {
        _requestBuckets = requestBuckets;
        _totals = totals;
    }

    /// <summary>The counters now; null when the daemon has no <c>/metrics</c> (the baseline server).</summary>
    public static async Task<DaemonMetricsSnapshot?> ReadAsync(HttpClient http, Uri daemon, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(daemon, "metrics"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        SortedDictionary<double, long> buckets = [];
        Dictionary<string, double> totals = new(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int close = line.LastIndexOf('}');
            int space = line.IndexOf(' ', close < 0 ? 0 : close);
            if (space < 0)
            {
                continue;
            }

            string series = line[..space];
            string[] fields = line[(space + 1)..].Trim().Split(' ');
            if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                continue;
            }

            if (series.StartsWith(RequestBuckets, StringComparison.Ordinal))
            {
                if (series.Contains("http_request_method=\"POST\"", StringComparison.Ordinal)
                    && series.Contains("/SMS/Messages", StringComparison.Ordinal)
                    && Label(series, "le") is { } bound)
                {
                    double upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
                    buckets[upper] = buckets.GetValueOrDefault(upper) + (long)value;
                }

                continue;
            }

            // Totals by metric name and, for the collections, by generation.
            string name = close < 0 ? series : series[..series.IndexOf('{', StringComparison.Ordinal)];
            string key = name == "dotnet_gc_collections_total" ? name + ":" + Label(series, "gc_heap_generation") : name;
            totals[key] = totals.GetValueOrDefault(key) + value;
        }

        return new DaemonMetricsSnapshot(buckets, totals);
    }

    /// <summary>What the daemon counted between <paramref name="before"/> and <paramref name="after"/>; null without both.</summary>
    public static DaemonCounters? Between(DaemonMetricsSnapshot? before, DaemonMetricsSnapshot? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        double Delta(string key) => after._totals.GetValueOrDefault(key) - before._totals.GetValueOrDefault(key);
        return new DaemonCounters(
            RequestLatency(before, after),
            (long)Delta("dotnet_gc_collections_total:gen0"),
            (long)Delta("dotnet_gc_collections_total:gen1"),
            (long)Delta("dotnet_gc_collections_total:gen2"),
            Delta("dotnet_gc_pause_time_seconds_total") * 1000,
            (long)Delta("store_commit_duration_milliseconds_count"),
            Delta("store_commit_duration_milliseconds_sum"),
            Delta("store_commit_batch_size_sum"),
            Delta("dotnet_gc_heap_total_allocated_bytes_total"));
    }

    private static DaemonLatency? RequestLatency(DaemonMetricsSnapshot before, DaemonMetricsSnapshot after)
    {
        if (after._requestBuckets.Count == 0)
        {
            return null;
        }

        List<(double Upper, long Count)> buckets = [];
        foreach ((double upper, long count) in after._requestBuckets)
        {
            buckets.Add((upper, count - before._requestBuckets.GetValueOrDefault(upper)));
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

    private static string? Label(string series, string name)
    {
        string start = name + "=\"";
        int at = series.IndexOf(start, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        at += start.Length;
        int end = series.IndexOf('"', at);
        return end < 0 ? null : series[at..end];
    }
}

/// <summary>
/// The daemon-side latency of one phase: how many sends Kestrel timed, the share answered within 5 ms, and the
/// bucket bounds (ms) the median and the 99th percentile fall under.
/// </summary>
internal sealed record DaemonLatency(long Count, double ShareWithin5Ms, double P50AtMostMs, double P99AtMostMs);

/// <summary>What the daemon counted during one phase: its request latency, allocations, collections, GC pause and group commits.</summary>
internal sealed record DaemonCounters(
    DaemonLatency? Requests,
    long Gen0Collections,
    long Gen1Collections,
    long Gen2Collections,
    double GcPauseMs,
    long Commits,
    double CommitMs,
    double CommittedRequests,
    double AllocatedBytes);
