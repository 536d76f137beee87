using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>load summary --in FOLDER --out FILE.json</c>: what <c>scripts/bench.sh</c> ends with. Reads the JSON each driver
/// wrote into FOLDER (<c>smpp-*.json</c>, <c>rest-*.json</c>, <c>mt-*.json</c>, <c>mo-*.json</c>) and the
/// BenchmarkDotNet reports under it (<c>**/*-report-full*.json</c>, from <c>--exporters json</c>), prints one table (rate, p50, p99, CPU seconds, peak
/// RSS, target per row) and writes the rows, the machine and the source files as one JSON file. Figures are copied
/// from the drivers' files, never recomputed.
/// </summary>
internal static class SummaryCommand
{
    public const string Usage = """
        usage: load summary --in <folder with the drivers' JSON> --out <combined.json>
        """;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Runs the subcommand with the arguments after <c>load summary</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string? input = null;
        string? output = null;
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--in":
                    input = args[i + 1];
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown option '{args[i]}'.\n{Usage}");
                    return 2;
            }
        }

        if (input is null || output is null || args.Count % 2 != 0 || !Directory.Exists(input))
        {
            await Console.Error.WriteLineAsync((input is not null && !Directory.Exists(input) ? $"No folder {input}.\n" : string.Empty) + Usage);
            return 2;
        }

        List<SummaryRow> rows = [];
        List<string> sources = [];
        List<string> problems = [];
        foreach (string file in Directory.EnumerateFiles(input, "*-report-full*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            Read(file, CodecRows, rows, sources, problems);
        }

        Read(Latest(input, "smpp-"), SmppRows, rows, sources, problems);
        // Every REST run, each row marked with its run: on a shared 2-core machine one run of the same binary lands
        // anywhere in a wide range (saturation 16,000-20,000/s in one session), so the table shows the spread.
        string[] restRuns = [.. Directory.EnumerateFiles(input, "rest-*.json").Order(StringComparer.Ordinal)];
        for (int run = 0; run < restRuns.Length; run++)
        {
            int first = rows.Count;
            Read(restRuns[run], RestRows, rows, sources, problems);
            if (restRuns.Length > 1)
            {
                for (int i = first; i < rows.Count; i++)
                {
                    rows[i] = rows[i] with { Name = string.Create(CultureInfo.InvariantCulture, $"{rows[i].Name}, run {run + 1} of {restRuns.Length}") };
                }
            }
        }

        Read(Latest(input, "mt-"), BridgeRows, rows, sources, problems);
        Read(Latest(input, "mo-"), BridgeRows, rows, sources, problems);

        Summary summary = new(
            TimeProvider.System.GetLocalNow(),
            new SummaryMachine(Environment.ProcessorCount, ProcFs.CpuModel(), ProcFs.LoadAverage()),
            rows,
            sources,
            problems);
        Console.Write(summary.ToTable());
        string? folder = Path.GetDirectoryName(Path.GetFullPath(output));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(summary, s_json));
        Console.WriteLine($"JSON: {output}");
        return problems.Count == 0 ? 0 : 1;
    }

    private static string? Latest(string folder, string prefix) =>
        Directory.EnumerateFiles(folder, prefix + "*.json").Order(StringComparer.Ordinal).LastOrDefault();

    private static void Read(string? file, Action<JsonElement, List<SummaryRow>> rowsOf, List<SummaryRow> rows, List<string> sources,
        List<string> problems)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            rowsOf(document.RootElement, rows);
            sources.Add(file);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problems.Add($"{file}: {exception.Message}");
        }
    }

    /// <summary>BenchmarkDotNet's full JSON report: one row per benchmark case (mean and median per operation).</summary>
    private static void CodecRows(JsonElement root, List<SummaryRow> rows)
    {
        foreach (JsonElement benchmark in root.GetProperty("Benchmarks").EnumerateArray())
        {
            string type = benchmark.GetProperty("Type").GetString() ?? "?";
            string method = benchmark.GetProperty("Method").GetString() ?? "?";
            string parameters = benchmark.TryGetProperty("Parameters", out JsonElement p) ? p.GetString() ?? string.Empty : string.Empty;
            JsonElement statistics = benchmark.GetProperty("Statistics");
            double meanNs = statistics.GetProperty("Mean").GetDouble();
            double medianNs = statistics.GetProperty("Median").GetDouble();
            string allocated = benchmark.TryGetProperty("Memory", out JsonElement memory)
                && memory.TryGetProperty("BytesAllocatedPerOperation", out JsonElement bytes)
                ? string.Create(CultureInfo.InvariantCulture, $"{bytes.GetInt64():N0} B allocated per op")
                : string.Empty;
            string name = parameters.Length == 0 ? $"codec {type}.{method}" : $"codec {type}.{method} ({parameters})";
            rows.Add(new SummaryRow(name, 1e9 / meanNs, "op/s", medianNs / 1e6, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"mean {meanNs:0.0} ns; {allocated}").TrimEnd(' ', ';'), null));
        }
    }

    /// <summary><c>load smpp</c>: the session rows (window 64 is the issue's figure); CPU and RSS are the whole process's.</summary>
    private static void SmppRows(JsonElement root, List<SummaryRow> rows)
    {
        long? rss = root.TryGetProperty("peakRssBytes", out JsonElement r) ? r.GetInt64() : null;
        foreach (JsonElement result in root.GetProperty("results").EnumerateArray())
        {
            string via = result.GetProperty("via").GetString() ?? "?";
            int window = result.GetProperty("window").GetInt32();
            double rate = result.GetProperty("perSecond").GetDouble();
            JsonElement latency = result.GetProperty("latency");
            bool? met = via == "session" && window == SmppLoadReport.TargetWindow
                ? result.GetProperty("completed").GetBoolean() && rate >= SmppLoadReport.Target
                : null;
            rows.Add(new SummaryRow(
                string.Create(CultureInfo.InvariantCulture, $"SMPP {via}, 1 bind, window {window} (client + simulator)"),
                rate, "submit_sm/s", latency.GetProperty("p50Ms").GetDouble(), latency.GetProperty("p99Ms").GetDouble(),
                result.GetProperty("cpuSeconds").GetDouble(), rss,
                met is null ? null : string.Create(CultureInfo.InvariantCulture, $">= {SmppLoadReport.Target:N0}/s"), met));
        }
    }

    /// <summary><c>load rest</c>: accepted sends per second (answered 200), both phases.</summary>
    private static void RestRows(JsonElement root, List<SummaryRow> rows)
    {
        long rss = root.GetProperty("daemon").GetProperty("peakRssBytes").GetInt64();
        JsonElement saturation = root.GetProperty("saturation");
        JsonElement paced = root.GetProperty("paced");
        rows.Add(PhaseRow("REST accept, saturation (" + saturation.GetProperty("load").GetString() + ")", saturation,
            "acceptedPerSecond", "accepted/s", rss, string.Create(CultureInfo.InvariantCulture, $">= {RestLoadReport.SaturationTarget:N0}/s"),
            root.GetProperty("saturationTargetMet").GetBoolean()));
        rows.Add(PhaseRow("REST accept, paced (" + paced.GetProperty("load").GetString() + ")", paced,
            "acceptedPerSecond", "accepted/s", rss, string.Create(CultureInfo.InvariantCulture, $"p99 < {RestLoadReport.PacedP99TargetMs:0} ms"),
            root.GetProperty("pacedTargetMet").GetBoolean()));
    }

    /// <summary><c>load mt</c> / <c>load mo</c>: completed end to end per second, latency send → far end.</summary>
    private static void BridgeRows(JsonElement root, List<SummaryRow> rows)
    {
        string direction = root.GetProperty("direction").GetString() ?? "?";
        string unit = direction == "mt" ? "delivered/s" : "replies/s";
        List<(string Name, bool Met)> targets = [];
        foreach (JsonElement target in root.GetProperty("targets").EnumerateArray())
        {
            targets.Add((target.GetProperty("name").GetString() ?? "?", target.GetProperty("met").GetBoolean()));
        }

        foreach (string phaseName in (string[])["saturation", "paced"])
        {
            JsonElement phase = root.GetProperty(phaseName);
            JsonElement send = phase.GetProperty("send");
            JsonElement latency = phase.GetProperty("latency");
            (string Name, bool Met)? target = phaseName == "saturation"
                ? targets.Count > 0 ? targets[0] : null
                : targets.Count > 1 ? targets[1] : null;
            // A phase that hit its limit measured a rate over the messages that made it, not over all it accepted.
            string limit = phase.GetProperty("drained").GetBoolean() && send.GetProperty("completed").GetBoolean()
                ? string.Empty
                : string.Create(CultureInfo.InvariantCulture, $", limit hit: {phase.GetProperty("notCompleted").GetInt32():N0} not completed");
            rows.Add(new SummaryRow(
                $"{direction.ToUpperInvariant()} end to end, {phaseName} ({phase.GetProperty("load").GetString()}{limit})",
                phase.GetProperty("completedPerSecond").GetDouble(), unit,
                latency.GetProperty("p50Ms").GetDouble(), latency.GetProperty("p99Ms").GetDouble(),
                phase.GetProperty("daemonCpuSeconds").GetDouble(), phase.GetProperty("daemonPeakRssBytes").GetInt64(),
                target?.Name ?? string.Create(CultureInfo.InvariantCulture,
                    $"accepted {send.GetProperty("acceptedPerSecond").GetDouble():N0}/s; not completed {phase.GetProperty("notCompleted").GetInt32()}, duplicates {phase.GetProperty("duplicates").GetInt32()}"),
                target?.Met));
        }
    }

    private static SummaryRow PhaseRow(string name, JsonElement phase, string rateProperty, string unit, long rss, string target, bool met)
    {
        JsonElement latency = phase.GetProperty("latency");
        return new SummaryRow(name, phase.GetProperty(rateProperty).GetDouble(), unit, latency.GetProperty("p50Ms").GetDouble(),
            latency.GetProperty("p99Ms").GetDouble(), phase.GetProperty("daemonCpuSeconds").GetDouble(), rss, target, met);
    }
}

/// <summary>One row of the summary.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Rate">Per second, in <paramref name="Unit"/>.</param>
/// <param name="Unit">"op/s", "submit_sm/s", "accepted/s", "delivered/s", "replies/s".</param>
/// <param name="P50Ms">Median latency (codec rows: median time per operation), in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency; null where not measured (codec rows).</param>
/// <param name="CpuSeconds">Daemon CPU seconds of the phase (SMPP row: the whole client + simulator process); null for codec rows.</param>
/// <param name="PeakRssBytes">Daemon peak RSS (SMPP row: the driver process); null where not measured.</param>
/// <param name="Target">The issue's target for this row, or a note.</param>
/// <param name="TargetMet">Whether the target was met; null when the row has none.</param>
internal sealed record SummaryRow(string Name, double Rate, string Unit, double? P50Ms, double? P99Ms, double? CpuSeconds,
    long? PeakRssBytes, string? Target, bool? TargetMet);

/// <summary>The machine, as the summary saw it.</summary>
internal sealed record SummaryMachine(int ProcessorCount, string CpuModel, string LoadAverage);

/// <summary>The combined result of <c>scripts/bench.sh</c>.</summary>
internal sealed record Summary(DateTimeOffset WrittenAt, SummaryMachine Machine, IReadOnlyList<SummaryRow> Rows, IReadOnlyList<string> Sources,
    IReadOnlyList<string> Problems)
{
    public string ToTable()
    {
        StringBuilder text = new();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(c, $"machine: {Machine.ProcessorCount} cores, {Machine.CpuModel}; load average now {Machine.LoadAverage} (each driver's JSON has its own at start and end)");
        text.AppendLine();
        text.AppendLine("| benchmark | rate | p50 | p99 | CPU | peak RSS | target |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (SummaryRow row in Rows)
        {
            string verdict = row.TargetMet switch
            {
                true => "PASS ",
                false => "MISS ",
                null => string.Empty,
            };
            text.AppendLine(c,
                $"| {row.Name} | {row.Rate:N0} {row.Unit} | {Duration(row.P50Ms)} | {Duration(row.P99Ms)} | {(row.CpuSeconds is double cpu ? cpu.ToString("0.0", c) + " s" : "–")} | {(row.PeakRssBytes is long rss ? (rss / (1024.0 * 1024.0)).ToString("0", c) + " MiB" : "–")} | {verdict}{row.Target} |");
        }

        foreach (string problem in Problems)
        {
            text.AppendLine(c, $"could not read {problem}");
        }

        return text.ToString();
    }

    private static string Duration(double? milliseconds) => milliseconds switch
    {
        null => "–",
        < 0.001 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1e6:0.0} ns"),
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1e3:0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms"),
    };
}
