using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The whole <c>load smpp</c> run: machine, settings, one row per API and window, and the peak resident set of the
/// process (client and simulator together); printed and saved as JSON.
/// </summary>
internal sealed record SmppLoadReport(
    DateTimeOffset StartedAt,
    SmppLoadMachine Machine,
    string Settings,
    int Count,
    IReadOnlyList<SmppWindowResult> Results,
    long PeakRssBytes)
{
    /// <summary>Target of the issue: submit_sm/s on one bind at window 64, via the session, on a 2-core machine.</summary>
    public const double Target = 250_000;

    /// <summary>The window of the headline figure.</summary>
    public const int TargetWindow = 64;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public SmppWindowResult? Headline =>
        Results.FirstOrDefault(r => r.Via == "session" && r.Window == TargetWindow);

    public string ToTable()
    {
        StringBuilder text = new();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"SMPP loopback: our client -> our simulator, one transmitter bind over TCP 127.0.0.1, {Count:N0} submit_sm per row");
        text.AppendLine(c, $"machine: {Machine.ProcessorCount} x {Machine.CpuModel}; {Machine.Runtime}, {Machine.Gc}; load average {Machine.LoadAverageAtStart} at start, {Machine.LoadAverageAtEnd} at end");
        text.AppendLine(c, $"settings: {Settings}");
        text.AppendLine(c, $"peak RSS of the process (client and simulator): {PeakRssBytes / (1024.0 * 1024.0):0} MiB");
        text.AppendLine();
        text.AppendLine("| via | window | submit_sm/s | p50 | p99 | p99.9 | max | CPU | CPU per msg | alloc per msg | GC 0/1/2 | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (SmppWindowResult r in Results)
        {
            LatencySummary l = r.Latency;
            string incomplete = r.Completed ? string.Empty : " (time limit hit)";
            text.AppendLine(c,
                $"| {r.Via}{incomplete} | {r.Window} | {r.PerSecond:N0} | {Micro(l.P50Ms)} | {Micro(l.P99Ms)} | {Micro(l.P999Ms)} | {Micro(l.MaxMs)} | {r.CpuSeconds:0.00} s | {r.CpuMicrosecondsPerMessage:0.0} µs | {r.AllocatedBytesPerMessage:N0} B | {r.Gen0}/{r.Gen1}/{r.Gen2} | {r.ErrorCount:N0} |");
        }

        text.AppendLine();
        text.AppendLine("latency: caller's view, from the send call to its await completing; CPU and allocations: the whole process, client and simulator together");
        foreach (SmppWindowResult r in Results)
        {
            foreach (KeyValuePair<string, int> error in r.Errors)
            {
                text.AppendLine(c, $"{r.Via} window {r.Window} error: {error.Key} x {error.Value:N0}");
            }

            if (r.SimulatorAccepted != r.Answered - r.ErrorCount)
            {
                text.AppendLine(c, $"{r.Via} window {r.Window}: the simulator accepted {r.SimulatorAccepted:N0}, the client saw {r.Answered - r.ErrorCount:N0} accepted");
            }
        }

        if (Headline is { } headline)
        {
            bool met = headline.Completed && headline.ErrorCount == 0 && headline.PerSecond >= Target;
            text.AppendLine(c, $"target >= {Target:N0} submit_sm/s at window {TargetWindow} via session: {(met ? "PASS" : "MISS")} ({headline.PerSecond:N0}/s)");
        }

        return text.ToString();
    }

    /// <summary>Writes <c>smpp-&lt;timestamp&gt;.json</c> into <paramref name="folder"/> and returns its path.</summary>
    public string WriteJson(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"smpp-{StartedAt:yyyyMMdd-HHmmss}.json"));
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));
        return path;
    }

    private static string Micro(double milliseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1000:N0} µs");
}

/// <summary>The machine and runtime the run was on.</summary>
internal sealed record SmppLoadMachine(int ProcessorCount, string CpuModel, string Runtime, string Gc, string LoadAverageAtStart,
    string LoadAverageAtEnd);
