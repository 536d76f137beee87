using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// Settings of <c>load rest</c>, from the command line:
/// <c>[--clients 64] [--requests 50000] [--warmup 15] [--settle 2] [--rate 10000] [--duration 10] [--paced-connections 256]
/// [--paced-warmup 1] [--daemon path/to/RestcommSmppBridge.dll] [--env NAME=VALUE]... [--out ./bench-results] [--baseline]</c>.
/// </summary>
internal sealed record RestLoadOptions
{
    public const string Usage = """
        usage: load rest [--clients 64] [--requests 50000] [--warmup 15] [--settle 2] [--rate 10000] [--duration 10]
                         [--paced-connections 256] [--paced-warmup 1] [--daemon <RestcommSmppBridge.dll>] [--env NAME=VALUE]...
                         [--carrier-tps 500] [--out ./bench-results] [--baseline]
          --clients            concurrent keep-alive clients of the closed-loop (saturation) run
          --requests           accepted (200) sends the saturation run counts, after the warm-up
          --warmup             seconds of closed-loop load before the saturation run, not counted (0 for none); long
                               enough for tiered JIT and dynamic PGO to reach their final code (after 5 s the daemon
                               still spent 62-72 us of CPU per saturated send, after 15 s 48-54 us)
          --settle             seconds between the saturation run and the paced run (0 to 30), so that the paced run
                               measures the steady rate, not the end of the burst before it (the daemon copying the
                               burst's log into the database file, the closed-loop connections closing)
          --rate               offered requests per second of the paced (open-loop) run
          --duration           seconds of the paced run (10, 10s or 00:00:10)
          --paced-connections  most connections the paced run may open (it opens only what it needs)
          --paced-warmup       seconds of the same paced load, on the same connections, before the counted paced run
                               (0 to 10): the generator's paced path is compiled and its connections are open, as a
                               client sending steadily has them
          --daemon             the daemon to start; default: src/RestcommSmppBridge/bin/Release/net10.0 of this repository
          --env                extra environment for the daemon (e.g. DOTNET_gcServer=0); repeatable
          --carrier-tps        the daemon sends to one carrier (the SMSC simulator, in this process) at this many
                               submit_sm per second, as a carrier contract limits it, while the API takes sends
                               faster into the outbox; 0 = no carrier (every send is failed for lack of a route)
          --out                folder of the JSON result
          --baseline           run the same load against a bare Kestrel form endpoint that stores nothing
        """;

    public int Clients { get; init; } = 64;

    /// <summary>The carrier's submit_sm per second (one bind); 0 = no carrier.</summary>
    public int CarrierTps { get; init; } = 500;

    public int Requests { get; init; } = 50_000;

    /// <summary>
    /// Closed-loop load before the saturation run. 15 s: the daemon's code is still being recompiled by tiered JIT and
    /// dynamic PGO after 5 s (three alternating pairs: 62–72 µs of daemon CPU per saturated send after 5 s, 48–54 µs
    /// after 15 s; with DOTNET_TieredPGO=0 the 5 s warm-up already reached the faster figure), and a daemon is measured
    /// for what it does once it runs, not in its first seconds.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(15);

    public int Rate { get; init; } = 10_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int PacedConnections { get; init; } = 256;

    /// <summary>Paced load before the counted paced run, not counted in its figures.</summary>
    public TimeSpan PacedWarmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The pause between the saturation run and the paced run.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    public string? DaemonPath { get; init; }

    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    public string OutputFolder { get; init; } = "bench-results";

    /// <summary>Load the bare Kestrel endpoint (<see cref="BareServer"/>) instead of the daemon.</summary>
    public bool Baseline { get; init; }

    /// <summary>Parses the arguments after <c>load rest</c>; the first mistake becomes <paramref name="error"/>.</summary>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out RestLoadOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        RestLoadOptions result = new();
        Dictionary<string, string> environment = new(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--baseline")
            {
                result = result with { Baseline = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return false;
            }

            string value = args[++i];
            switch (name)
            {
                case "--clients":
                    if (!TryPositive(name, value, out int clients, out error))
                    {
                        return false;
                    }

                    result = result with { Clients = clients };
                    break;
                case "--requests":
                    if (!TryPositive(name, value, out int requests, out error))
                    {
                        return false;
                    }

                    result = result with { Requests = requests };
                    break;
                case "--warmup":
                    if (!TrySeconds(name, value, 0, 30, out TimeSpan warmup, out error))
                    {
                        return false;
                    }

                    result = result with { Warmup = warmup };
                    break;
                case "--rate":
                    if (!TryPositive(name, value, out int rate, out error))
                    {
                        return false;
                    }

                    result = result with { Rate = rate };
                    break;
                case "--duration":
                    if (!TrySeconds(name, value, 1, 60, out TimeSpan duration, out error))
                    {
                        return false;
                    }

                    result = result with { Duration = duration };
                    break;
                case "--paced-connections":
                    if (!TryPositive(name, value, out int connections, out error))
                    {
                        return false;
                    }

                    result = result with { PacedConnections = connections };
                    break;
                case "--paced-warmup":
                    if (!TrySeconds(name, value, 0, 10, out TimeSpan pacedWarmup, out error))
                    {
                        return false;
                    }

                    result = result with { PacedWarmup = pacedWarmup };
                    break;
                case "--settle":
                    if (!TrySeconds(name, value, 0, 30, out TimeSpan settle, out error))
                    {
                        return false;
                    }

                    result = result with { Settle = settle };
                    break;
                case "--daemon":
                    result = result with { DaemonPath = value };
                    break;
                case "--env":
                    if (!TryAddEnvironment(value, environment, out error))
                    {
                        return false;
                    }

                    break;
                case "--out":
                    result = result with { OutputFolder = value };
                    break;
                case "--carrier-tps":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int tps))
                    {
                        error = $"--carrier-tps must be a whole number of submits per second (0 for no carrier), not '{value}'.";
                        return false;
                    }

                    result = result with { CarrierTps = tps };
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

    internal static bool TryPositive(string name, string value, out int number, [NotNullWhen(false)] out string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0)
        {
            error = null;
            return true;
        }

        error = $"{name} must be a positive whole number, not '{value}'.";
        return false;
    }

    /// <summary>Adds one <c>--env NAME=VALUE</c> to <paramref name="environment"/>.</summary>
    internal static bool TryAddEnvironment(string value, Dictionary<string, string> environment, [NotNullWhen(false)] out string? error)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = $"--env takes NAME=VALUE, not '{value}'.";
            return false;
        }

        environment[value[..equals]] = value[(equals + 1)..];
        error = null;
        return true;
    }

    /// <summary>Parses option <paramref name="name"/>'s <paramref name="value"/> as a duration from <paramref name="minSeconds"/> to <paramref name="maxSeconds"/>.</summary>
    internal static bool TrySeconds(string name, string value, int minSeconds, int maxSeconds, out TimeSpan duration,
        [NotNullWhen(false)] out string? error)
    {
        if (TryParseSeconds(value, out duration) && duration >= TimeSpan.FromSeconds(minSeconds) && duration <= TimeSpan.FromSeconds(maxSeconds))
        {
            error = null;
            return true;
        }

        error = $"{name} must be seconds ({maxSeconds}, {maxSeconds}s) or a time span ({TimeSpan.FromSeconds(maxSeconds):c}) between {minSeconds} and {maxSeconds} s, not '{value}'.";
        return false;
    }

    private static bool TryParseSeconds(string value, out TimeSpan duration)
    {
        string seconds = value.EndsWith('s') ? value[..^1] : value;
        if (double.TryParse(seconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
        {
            duration = TimeSpan.FromSeconds(number);
        }
        else if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        // The callers' bounds keep the whole run under 3 minutes (warm-up, saturation, paced run and its drain).
        return duration >= TimeSpan.Zero;
    }
}
