using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>The whole run: machine, daemon, both phases and the issue's targets; printed as a table and saved as JSON.</summary>
internal sealed record RestLoadReport(
    DateTimeOffset StartedAt,
    LoadMachine Machine,
    LoadDaemon Daemon,
    string Endpoint,
    PhaseResult Saturation,
    PhaseResult Paced,
    int StoredMessages,
    int AcceptedTotal)
{
    /// <summary>Saturation target of the issue on a 2-core machine: accepted sends per second.</summary>
    public const double SaturationTarget = 20_000;

    /// <summary>Latency target of the issue at 10,000 sends/s offered: p99 in milliseconds.</summary>
    public const double PacedP99TargetMs = 5;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public bool SaturationTargetMet => Saturation.Completed && Saturation.AcceptedPerSecond >= SaturationTarget;

    public bool PacedTargetMet => Paced.Completed && Paced.ErrorCount == 0 && Paced.Latency.P99Ms < PacedP99TargetMs;

    /// <summary>Every 200 is a committed row: the file, read after a SIGKILL of the daemon, holds at least as many.</summary>
    public bool DurabilityHolds => StoredMessages >= AcceptedTotal;

    /// <summary>True for a <c>--baseline</c> run, which has no file to check.</summary>
    public bool IsBaseline => StoredMessages < 0;

    public string ToTable()
    {
        StringBuilder text = new();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"REST load: POST {Endpoint} (form From/To/Body, Basic auth), loopback, HTTP/1.1 keep-alive");
        text.AppendLine(c, $"machine: {Machine.ProcessorCount} x {Machine.CpuModel}; load average {Machine.LoadAverageAtStart} at start, {Machine.LoadAverageAtEnd} at end");
        if (Machine.IdleWakeups is { } probe)
        {
            text.AppendLine(c, $"machine: {probe.Describe()}");
        }

        text.AppendLine(c, $"daemon: dotnet {Daemon.Dll}; {Daemon.Settings}; peak RSS {Daemon.PeakRssBytes / (1024.0 * 1024.0):0} MiB; console lines under load: {Daemon.ConsoleLinesUnderLoad}");
        text.AppendLine();
        text.AppendLine("| run | load | answered | accepted (200) | errors | accepted/s | p50 | p99 | p99.9 | max | daemon CPU | daemon CPU per send | generator CPU |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        AppendRow(text, Saturation);
        AppendRow(text, Paced);
        text.AppendLine();
        if (Paced.OfferedPerSecond is double offered)
        {
            text.AppendLine(c, $"paced: dispatched at {offered:N0}/s; latency measured from each request's intended start");
            if (Paced.DispatchLag is LatencySummary lag)
            {
                text.AppendLine(c, $"paced: generator's own lateness in starting requests: p50 {lag.P50Ms:0.00} ms, p99 {lag.P99Ms:0.00} ms, max {lag.MaxMs:0.0} ms");
            }
        }

        AppendDaemonSide(text, Saturation);
        AppendDaemonSide(text, Paced);
        AppendErrors(text, Saturation);
        AppendErrors(text, Paced);
        if (IsBaseline)
        {
            return text.ToString();
        }

        text.AppendLine(c, $"durability: {StoredMessages:N0} messages in the file after SIGKILL, {AcceptedTotal:N0} answered 200 (warm-up included): {(DurabilityHolds ? "OK" : "MISSING ROWS")}");
        text.AppendLine(c, $"target saturation >= {SaturationTarget:N0} accepted/s: {Verdict(SaturationTargetMet)} ({Saturation.AcceptedPerSecond:N0}/s)");
        text.AppendLine(c, $"target p99 < {PacedP99TargetMs:0} ms at {Paced.Load}: {Verdict(PacedTargetMet)} (p99 {Paced.Latency.P99Ms:0.00} ms)");
        return text.ToString();
    }

    /// <summary>Writes <c>rest-&lt;timestamp&gt;.json</c> into <paramref name="folder"/> and returns its path.</summary>
    public string WriteJson(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"rest-{StartedAt:yyyyMMdd-HHmmss}.json"));
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));
        return path;
    }

    private static void AppendRow(StringBuilder text, PhaseResult phase)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        LatencySummary l = phase.Latency;
        string incomplete = phase.Completed ? string.Empty : " (time limit hit)";
        text.AppendLine(c,
            $"| {phase.Name}{incomplete} | {phase.Load} | {l.Count:N0} | {phase.Accepted:N0} | {phase.ErrorCount:N0} | {phase.AcceptedPerSecond:N0} | {l.P50Ms:0.00} ms | {l.P99Ms:0.00} ms | {l.P999Ms:0.00} ms | {l.MaxMs:0.0} ms | {phase.DaemonCpuSeconds:0.0} s | {phase.DaemonCpuMicrosecondsPerSend:0} µs | {phase.GeneratorCpuSeconds:0.0} s |");
    }

    private static void AppendDaemonSide(StringBuilder text, PhaseResult phase)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c,
            $"{phase.Name}: generator GC {phase.GeneratorGc.Collections:N0} collections, paused {phase.GeneratorGc.Paused.TotalMilliseconds:N0} ms");
        if (phase.DaemonSide is not DaemonCounters d)
        {
            return;
        }

        if (d.Requests is DaemonLatency r)
        {
            text.AppendLine(c,
                $"{phase.Name}: inside the daemon (Kestrel's request duration histogram, {r.Count:N0} sends): {r.ShareWithin5Ms:P1} within 5 ms, p50 <= {r.P50AtMostMs:0.#} ms, p99 <= {r.P99AtMostMs:0.#} ms");
        }

        double batch = d.Commits == 0 ? 0 : d.CommittedRequests / d.Commits;
        double perSend = phase.Accepted == 0 ? 0 : d.AllocatedBytes / phase.Accepted;
        text.AppendLine(c,
            $"{phase.Name}: daemon allocated {perSend / 1024:0.0} KiB per send; GC {d.Gen0Collections + d.Gen1Collections + d.Gen2Collections:N0} collections (gen0 {d.Gen0Collections:N0}, gen1 {d.Gen1Collections:N0}, gen2 {d.Gen2Collections:N0}), paused {d.GcPauseMs:N0} ms; store {d.Commits:N0} group commits, {batch:0.0} requests each, {d.CommitMs:N0} ms committing");
    }

    private static void AppendErrors(StringBuilder text, PhaseResult phase)
    {
        foreach (KeyValuePair<string, int> error in phase.Errors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{phase.Name} error: {error.Key} x {error.Value:N0}");
        }
    }

    private static string Verdict(bool met) => met ? "PASS" : "MISS";
}

/// <summary>The machine the run was on.</summary>
internal sealed record LoadMachine(int ProcessorCount, string CpuModel, string LoadAverageAtStart, string LoadAverageAtEnd)
{
    /// <summary>How late the machine woke a sleeping thread before the load started (null when not measured).</summary>
    public SchedulingProbe? IdleWakeups { get; init; }
}

/// <summary>The daemon process: which build, which settings, and its peak memory.</summary>
internal sealed record LoadDaemon(string Dll, string Settings, long PeakRssBytes, int ConsoleLinesUnderLoad);
