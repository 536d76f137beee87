using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>Which API the SMPP load drives.</summary>
internal enum SmppLoadVia
{
    /// <summary><c>SmppSession.SendAsync&lt;SubmitSmResp&gt;</c>: the session's window, no client policy.</summary>
    Session,

    /// <summary><c>SmppClient.SubmitAsync</c>: the ordered per-bind sender pump on top of the session (TPS unlimited).</summary>
    Client,
}

/// <summary>
/// Settings of <c>load smpp</c>, from the command line:
/// <c>[--window 1,10,64,256] [--count 200000] [--via session|client|both] [--warmup 2] [--out ./bench-results]
/// [--allocations]</c>.
/// </summary>
internal sealed record SmppLoadOptions
{
    public const string Usage = """
        usage: load smpp [--window 1,10,64,256] [--count 200000] [--via session|client|both] [--warmup 2]
                         [--out ./bench-results] [--allocations]
          --window   window sizes to run, comma-separated; each keeps exactly that many submit_sm outstanding
          --count    submit_sm answered per window size, after the warm-up
          --via      session: SmppSession directly; client: SmppClient.SubmitAsync (TPS unlimited); both (default)
          --warmup   seconds of the same load before each measured run, not counted (0 for none)
          --out      folder of the JSON result
          --allocations  also print the types allocated per submit_sm, sampled from GCAllocationTick events
        """;

    public IReadOnlyList<int> Windows { get; init; } = [1, 10, 64, 256];

    public int Count { get; init; } = 200_000;

    public IReadOnlyList<SmppLoadVia> Via { get; init; } = [SmppLoadVia.Session, SmppLoadVia.Client];

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public string OutputFolder { get; init; } = "bench-results";

    /// <summary>Sample the allocated types of each measured run (see <see cref="AllocationSampler"/>).</summary>
    public bool Allocations { get; init; }

    /// <summary>Parses the arguments after <c>load smpp</c>; the first mistake becomes <paramref name="error"/>.</summary>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out SmppLoadOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        SmppLoadOptions result = new();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--allocations")
            {
                result = result with { Allocations = true };
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
                case "--window":
                    List<int> windows = [];
                    foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        // The session's own limit is 100,000; a window beyond the inbound queue of the simulator
                        // (256 by default) would be answered ESME_RMSGQFUL, so the driver sizes that queue to match.
                        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int window) || window is < 1 or > 4096)
                        {
                            error = $"--window takes sizes from 1 to 4096, comma-separated, not '{value}'.";
                            return false;
                        }

                        windows.Add(window);
                    }

                    if (windows.Count == 0)
                    {
                        error = "--window needs at least one size.";
                        return false;
                    }

                    result = result with { Windows = windows };
                    break;
                case "--count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is < 1 or > 10_000_000)
                    {
                        error = $"--count must be a whole number from 1 to 10,000,000, not '{value}'.";
                        return false;
                    }

                    result = result with { Count = count };
                    break;
                case "--via":
                    switch (value)
                    {
                        case "session":
                            result = result with { Via = [SmppLoadVia.Session] };
                            break;
                        case "client":
                            result = result with { Via = [SmppLoadVia.Client] };
                            break;
                        case "both":
                            result = result with { Via = [SmppLoadVia.Session, SmppLoadVia.Client] };
                            break;
                        default:
                            error = $"--via takes session, client or both, not '{value}'.";
                            return false;
                    }

                    break;
                case "--warmup":
                    string seconds = value.EndsWith('s') ? value[..^1] : value;
                    if (!double.TryParse(seconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double warmup)
                        || warmup > 10)
                    {
                        error = $"--warmup must be seconds between 0 and 10, not '{value}'.";
                        return false;
                    }

                    result = result with { Warmup = TimeSpan.FromSeconds(warmup) };
                    break;
                case "--out":
                    result = result with { OutputFolder = value };
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return false;
            }
        }

        options = result;
        error = null;
        return true;
    }
}
