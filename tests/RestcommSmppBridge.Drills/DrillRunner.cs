using System.Diagnostics;

namespace RestcommSmppBridge.Drills;

/// <summary>Runs one drill by name; a drill that throws (the daemon would not start, …) still ends in its closing line.</summary>
internal static class DrillRunner
{
    public static async Task<DrillResult> RunAsync(string name, DrillOptions options)
    {
        DrillResult result = new(name);
        Stopwatch clock = Stopwatch.StartNew();
        result.Detail($"{(options.Quick ? "quick" : "full")} run, seed {options.Seed}, daemon {options.DaemonDll}");
        try
        {
            switch (name)
            {
                case "kill9":
                    await Kill9Drill.RunAsync(options, result);
                    break;
                case "carrier":
                    await CarrierDrill.RunAsync(options, result);
                    break;
                case "app":
                    await AppDrill.RunAsync(options, result);
                    break;
                default:
                    await SoakDrill.RunAsync(options, result);
                    break;
            }
        }
        catch (Exception exception)
        {
            result.Problem($"the drill could not run to its end: {exception.GetType().Name}: {exception.Message}");
        }

        result.Detail($"took {clock.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        long start = TimeProvider.System.GetTimestamp();
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(250), TimeProvider.System);
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                return false;
            }

            await timer.WaitForNextTickAsync();
        }

        return true;
    }

    /// <summary>Waits until <paramref name="moment"/> (time since <paramref name="start"/>) has come.</summary>
    public static Task DelayUntilAsync(long start, TimeSpan moment, CancellationToken cancellationToken)
    {
        TimeSpan wait = moment - TimeProvider.System.GetElapsedTime(start);
        return wait > TimeSpan.Zero ? Task.Delay(wait, TimeProvider.System, cancellationToken) : Task.CompletedTask;
    }
}
