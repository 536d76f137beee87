using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>A whole <c>load mt</c> or <c>load mo</c> run: machine, daemon, both phases and the issue's targets; printed and saved as JSON.</summary>
internal sealed record BridgeLoadReport(
    DateTimeOffset StartedAt,
    string Direction,
    LoadMachine Machine,
    LoadDaemon Daemon,
    int Count,
    EndToEndResult Saturation,
    EndToEndResult Paced)
{
    /// <summary>Issue 5 on a 2-core machine: MT (API send → delivered, StatusCallback received) per second.</summary>
    public const double MtTarget = 20_000;

    /// <summary>Issue 5: MO with reply (reply submit_sm at the simulator) per second.</summary>
    public const double MoTarget = 10_000;

    /// <summary>Issue 5: p99 from MO to reply submit_sm at 5,000 MO/s offered, in milliseconds.</summary>
    public const double MoPacedP99TargetMs = 50;

    /// <summary>The offered rate the MO latency target is stated for.</summary>
    public const int MoPacedTargetRate = 5_000;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What the phases measure, in words.</summary>
    public string Path => Direction == "mt"
        ? "API send (form POST, Basic auth, StatusCallback) → store → outbox → submit_sm → simulator → DELIVRD receipt → StatusCallback 'delivered' at the app"
        : "simulator deliver_sm (MO) → store → deliver_sm_resp → webhook to the app → RCML <Sms> reply → outbox → submit_sm at the simulator";

    /// <summary>The issue's targets for this direction, each with its verdict.</summary>
    public IReadOnlyList<TargetVerdict> Targets
    {
        get
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            if (Direction == "mt")
            {
                return
                [
                    new TargetVerdict(string.Create(c, $"MT completed (delivered callback) >= {MtTarget:N0}/s"),
                        Saturation.Clean && Saturation.CompletedPerSecond >= MtTarget,
                        string.Create(c, $"{Saturation.CompletedPerSecond:N0}/s")),
                ];
            }

            bool pacedAtTargetRate = Paced.Send.OfferedPerSecond is double offered && offered >= MoPacedTargetRate * 0.98;
            return
            [
                new TargetVerdict(string.Create(c, $"MO with reply >= {MoTarget:N0}/s"),
                    Saturation.Clean && Saturation.CompletedPerSecond >= MoTarget,
                    string.Create(c, $"{Saturation.CompletedPerSecond:N0}/s")),
                new TargetVerdict(string.Create(c, $"MO → reply p99 < {MoPacedP99TargetMs:0} ms at {MoPacedTargetRate:N0}/s offered"),
                    pacedAtTargetRate && Paced.Clean && Paced.Latency.P99Ms < MoPacedP99TargetMs,
                    string.Create(c, $"p99 {Paced.Latency.P99Ms:0.0} ms at {Paced.Load}")),
            ];
        }
    }

    public string ToTable()
    {
        StringBuilder text = new();
        CultureInfo c = CultureInfo.InvariantCulture;
        string unit = Direction == "mt" ? "API sends" : "MOs";
        text.AppendLine(c, $"{Direction.ToUpperInvariant()} end to end, loopback: {Path}");
        text.AppendLine(c, $"machine: {Machine.ProcessorCount} x {Machine.CpuModel}; load average {Machine.LoadAverageAtStart} at start, {Machine.LoadAverageAtEnd} at end");
        text.AppendLine(c, $"daemon: dotnet {Daemon.Dll}; {Daemon.Settings}; peak RSS {Daemon.PeakRssBytes / (1024.0 * 1024.0):0} MiB; console lines under load: {Daemon.ConsoleLinesUnderLoad}");
        text.AppendLine(c, $"each phase on a fresh daemon and database, after its own warm-up ({Saturation.WarmupAccepted:N0} and {Paced.WarmupAccepted:N0} {unit} accepted, then drained)");
        text.AppendLine();
        text.AppendLine(c, $"| phase | load | {unit} accepted | accepted/s | completed | completed/s | p50 | p99 | p99.9 | max | daemon CPU | daemon CPU per msg | driver CPU | daemon peak RSS | not completed | duplicates |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        AppendRow(text, Saturation);
        AppendRow(text, Paced);
        text.AppendLine();
        text.AppendLine(Direction == "mt"
            ? "completed: 'delivered' StatusCallback received by the app; latency: from the API request's start (paced: its intended start) to that callback"
            : "completed: the reply submit_sm accepted by the simulator; latency: from the MO's deliver_sm (paced: its intended start) to that submit_sm");
        text.AppendLine("CPU: from the phase's first send until its last completion; driver = load generator + simulator + RCML app (one process)");
        AppendDetails(text, Saturation);
        AppendDetails(text, Paced);
        foreach (TargetVerdict target in Targets)
        {
            text.AppendLine(c, $"target {target.Name}: {(target.Met ? "PASS" : "MISS")} ({target.Figure})");
        }

        return text.ToString();
    }

    /// <summary>Writes <c>mt-&lt;timestamp&gt;.json</c> or <c>mo-…</c> into <paramref name="folder"/> and returns its path.</summary>
    public string WriteJson(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{Direction}-{StartedAt:yyyyMMdd-HHmmss}.json"));
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));
        return path;
    }

    private static void AppendRow(StringBuilder text, EndToEndResult phase)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        LatencySummary l = phase.Latency;
        string incomplete = phase.Send.Completed && phase.Drained ? string.Empty : " (limit hit)";
        text.AppendLine(c,
            $"| {phase.Name}{incomplete} | {phase.Load} | {phase.Send.Accepted:N0} | {phase.Send.AcceptedPerSecond:N0} | {phase.Completed:N0} | {phase.CompletedPerSecond:N0} | {l.P50Ms:0.0} ms | {l.P99Ms:0.0} ms | {l.P999Ms:0.0} ms | {l.MaxMs:0.0} ms | {phase.DaemonCpuSeconds:0.0} s | {phase.DaemonCpuMicrosecondsPerMessage:0} µs | {phase.DriverCpuSeconds:0.0} s | {phase.DaemonPeakRssBytes / (1024.0 * 1024.0):0} MiB | {phase.NotCompleted:N0} | {phase.Duplicates:N0} |");
    }

    private static void AppendDetails(StringBuilder text, EndToEndResult phase)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (phase.Send.DispatchLag is LatencySummary lag)
        {
            text.AppendLine(c, $"{phase.Name}: dispatched at {phase.Send.OfferedPerSecond:N0}/s; generator's own lateness p50 {lag.P50Ms:0.00} ms, p99 {lag.P99Ms:0.00} ms");
        }

        text.AppendLine(c, $"{phase.Name}: answer latency (200 / deliver_sm_resp) p50 {phase.Send.Latency.P50Ms:0.00} ms, p99 {phase.Send.Latency.P99Ms:0.00} ms");
        foreach (KeyValuePair<string, int> error in phase.Send.Errors)
        {
            text.AppendLine(c, $"{phase.Name} error: {error.Key} x {error.Value:N0}");
        }

        foreach (KeyValuePair<string, long> check in phase.Checks)
        {
            text.AppendLine(c, $"{phase.Name}: {check.Key}: {check.Value:N0}");
        }
    }
}

/// <summary>One target of the issue and whether the run met it.</summary>
internal sealed record TargetVerdict(string Name, bool Met, string Figure);
