using System.Globalization;

namespace RestcommSmppBridge.Drills;

/// <summary>The command line: <c>[drill] NAME|all [--quick] [--count N] [--seconds S] [--rate R] [--seed N] [--daemon PATH]</c>.</summary>
internal sealed record DrillOptions
{
    public const string Usage = """
        usage: drill NAME|all [--quick] [--count N] [--seconds S] [--rate R] [--seed N] [--daemon PATH]
          kill9    SIGKILL the bridge at random moments under MT and MO traffic, restart it, reconcile
          carrier  the SMSC throttles 30%, drops the connection every N requests, answers late
          app      the RCML app answers 500, times out, answers bad XML, then recovers
          soak     N MT messages at a steady rate; RSS and queue depth must stay bounded
          all      the four, one after the other
          --quick  the reduced version (CI: under a minute each)
          --count N    messages (MT) to send; --seconds S  traffic duration (soak: longest sending time)
          --rate R     soak: messages per second offered
          --seed N     the seed of every random choice (printed, so a run can be repeated)
          --daemon PATH  RestcommSmppBridge.dll to run (default: this repository's build of the same configuration)
        """;

    public required string Name { get; init; }

    public bool Quick { get; init; }

    public int? Count { get; init; }

    public double? Seconds { get; init; }

    public double? Rate { get; init; }

    public int Seed { get; init; }

    public required string DaemonDll { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static DrillOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        int i = 0;
        if (args.Count > 0 && args[0] == "drill")
        {
            i++;
        }

        if (i >= args.Count)
        {
            error = "name a drill";
            return null;
        }

        string name = args[i++];
        if (name is not ("kill9" or "carrier" or "app" or "soak" or "all"))
        {
            error = $"unknown drill '{name}'";
            return null;
        }

        bool quick = false;
        int? count = null;
        double? seconds = null;
        double? rate = null;
        int seed = Random.Shared.Next(1, int.MaxValue);
        string? daemon = null;
        for (; i < args.Count; i++)
        {
            string arg = args[i];
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    continue;
                case "--count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0:
                    count = n;
                    break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0:
                    seconds = s;
                    break;
                case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r > 0:
                    rate = r;
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int d):
                    seed = d;
                    break;
                case "--daemon" when value is not null:
                    daemon = Path.GetFullPath(value);
                    break;
                default:
                    error = $"bad argument '{arg}'" + (value is null ? string.Empty : $" '{value}'");
                    return null;
            }

            i++;
        }

        daemon ??= DefaultDaemonPath();
        if (!File.Exists(daemon))
        {
            error = $"the daemon is not built: {daemon} is missing (dotnet build -c Release src/RestcommSmppBridge)";
            return null;
        }

        return new DrillOptions { Name = name, Quick = quick, Count = count, Seconds = seconds, Rate = rate, Seed = seed, DaemonDll = daemon };
    }

    /// <summary>
    /// The daemon built in this repository with the drills' own configuration (bin/Release or bin/Debug, found from
    /// this program's folder); the project reference builds it first.
    /// </summary>
    private static string DefaultDaemonPath()
    {
        string baseDirectory = AppContext.BaseDirectory;
        string configuration = baseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Debug"
            : "Release";
        DirectoryInfo? folder = new(baseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RestcommSmppBridge.sln")))
        {
            folder = folder.Parent;
        }

        string root = folder?.FullName ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "src", "RestcommSmppBridge", "bin", configuration, "net10.0", "RestcommSmppBridge.dll");
    }
}
