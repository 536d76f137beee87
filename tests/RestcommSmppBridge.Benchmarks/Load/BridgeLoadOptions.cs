using System.Diagnostics.CodeAnalysis;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>Which way <c>load mt</c> / <c>load mo</c> drives the bridge.</summary>
internal enum BridgeDirection
{
    /// <summary>API send → outbox → submit_sm → receipt → StatusCallback <c>delivered</c>.</summary>
    Mt,

    /// <summary>Simulator deliver_sm → webhook → RCML <c>&lt;Sms&gt;</c> reply → submit_sm at the simulator.</summary>
    Mo,
}

/// <summary>
/// Settings of <c>load mt</c> and <c>load mo</c>, from the command line:
/// <c>[--count 50000] [--clients 64] [--rate N] [--duration 10] [--warmup 3] [--drain 30] [--limit 170] [--binds 2]
/// [--window 64] [--daemon path] [--env NAME=VALUE]... [--out ./bench-results]</c>.
/// </summary>
internal sealed record BridgeLoadOptions
{
    public const string Usage = """
        usage: load mt|mo [--count 50000] [--clients 64] [--rate 2000|5000] [--duration 10] [--warmup 3] [--drain 30]
                          [--limit 170] [--binds 2] [--window 64] [--daemon <RestcommSmppBridge.dll>]
                          [--env NAME=VALUE]... [--out ./bench-results]
          --count     saturation phase: sends (mt: API sends answered 200; mo: MOs answered deliver_sm_resp 0)
          --clients   saturation phase: mt: concurrent keep-alive API clients; mo: MOs outstanding at once
          --rate      paced phase: offered per second (mt default 2000, mo default 5000)
          --duration  paced phase: seconds (1 to 30)
          --warmup    seconds of saturation load first, not counted, then drained (0 for none; at most 10)
          --drain     seconds each phase may take, after its last send, for the last delivered callback or reply
          --limit     seconds the whole run may take (30 to 170); the drains shrink to fit it
          --binds     transceiver binds of the carrier (the simulator); --window: window of each
          --daemon    the daemon to start; default: src/RestcommSmppBridge/bin/Release/net10.0 of this repository
          --env       extra environment for the daemon (e.g. Bridge__Outbound__MaxConcurrency=128); repeatable
          --out       folder of the JSON result (file name mt-<time>.json / mo-<time>.json)
        """;

    public BridgeDirection Direction { get; init; }

    public int Count { get; init; } = 50_000;

    public int Clients { get; init; } = 64;

    /// <summary>Paced rate; null takes the direction's default.</summary>
    public int? RateOption { get; init; }

    /// <summary>MT: 2,000/s (well under what the bridge completes, so the phase measures latency, not a backlog); MO: the 5,000/s.</summary>
    public int Rate => RateOption ?? (Direction == BridgeDirection.Mt ? 2_000 : 5_000);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole run's bound: each phase's drain is cut to fit, and the run is stopped at it.</summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromSeconds(170);

    public int Binds { get; init; } = 2;

    public int Window { get; init; } = 64;

    public string? DaemonPath { get; init; }

    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    public string OutputFolder { get; init; } = "bench-results";

    /// <summary>Parses the arguments after <c>load mt</c> / <c>load mo</c>; the first mistake becomes <paramref name="error"/>.</summary>
    public static bool TryParse(BridgeDirection direction, IReadOnlyList<string> args, [NotNullWhen(true)] out BridgeLoadOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        BridgeLoadOptions result = new() { Direction = direction };
        Dictionary<string, string> environment = new(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return false;
            }

            string value = args[++i];
            int number;
            TimeSpan span;
            switch (name)
            {
                case "--count":
                    if (!RestLoadOptions.TryPositive(name, value, out number, out error))
                    {
                        return false;
                    }

                    result = result with { Count = number };
                    break;
                case "--clients":
                    if (!RestLoadOptions.TryPositive(name, value, out number, out error))
                    {
                        return false;
                    }

                    result = result with { Clients = number };
                    break;
                case "--rate":
                    if (!RestLoadOptions.TryPositive(name, value, out number, out error))
                    {
                        return false;
                    }

                    result = result with { RateOption = number };
                    break;
                case "--binds":
                    if (!RestLoadOptions.TryPositive(name, value, out number, out error) || number > 64)
                    {
                        error ??= "--binds must be 1 to 64.";
                        return false;
                    }

                    result = result with { Binds = number };
                    break;
                case "--window":
                    if (!RestLoadOptions.TryPositive(name, value, out number, out error))
                    {
                        return false;
                    }

                    result = result with { Window = number };
                    break;
                case "--duration":
                    if (!RestLoadOptions.TrySeconds(name, value, 1, 30, out span, out error))
                    {
                        return false;
                    }

                    result = result with { Duration = span };
                    break;
                case "--warmup":
                    if (!RestLoadOptions.TrySeconds(name, value, 0, 10, out span, out error))
                    {
                        return false;
                    }

                    result = result with { Warmup = span };
                    break;
                case "--drain":
                    if (!RestLoadOptions.TrySeconds(name, value, 1, 60, out span, out error))
                    {
                        return false;
                    }

                    result = result with { Drain = span };
                    break;
                case "--limit":
                    if (!RestLoadOptions.TrySeconds(name, value, 30, 170, out span, out error))
                    {
                        return false;
                    }

                    result = result with { Limit = span };
                    break;
                case "--daemon":
                    result = result with { DaemonPath = value };
                    break;
                case "--env":
                    if (!RestLoadOptions.TryAddEnvironment(value, environment, out error))
                    {
                        return false;
                    }

                    break;
                case "--out":
                    result = result with { OutputFolder = value };
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return false;
            }
        }

        options = result with { ExtraEnvironment = environment };
        error = null;
        return true;
    }
}
