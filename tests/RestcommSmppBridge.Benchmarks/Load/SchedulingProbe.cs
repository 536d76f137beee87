using System.Diagnostics;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// How punctually the machine wakes a sleeping thread while none of the load runs: one thread sleeps 100 µs
/// (<see cref="LinuxCalls.Sleep"/>, nanosleep) over and over for a while and records how late each wake-up is. A
/// quiet machine wakes it tens of microseconds late; a virtual machine whose host runs other guests on the same cores
/// now and then wakes it milliseconds late, and such a stall under load delays every request in flight at that moment.
/// A paced p99 of a few milliseconds can only be read next to this figure, so the report prints it.
/// </summary>
internal sealed record SchedulingProbe(TimeSpan Duration, int Wakeups, LatencySummary Lateness, int LateOver1Ms)
{
    private static readonly TimeSpan s_sleep = TimeSpan.FromTicks(1_000); // 100 µs

    /// <summary>Sleeps and wakes on a thread of its own for <paramref name="duration"/>; blocks the caller that long.</summary>
    public static SchedulingProbe Measure(TimeSpan duration)
    {
        SchedulingProbe? result = null;
        Thread thread = new(() => result = Run(duration)) { IsBackground = true, Name = "scheduling probe" };
        thread.Start();
        thread.Join();
        return result!;
    }

    private static SchedulingProbe Run(TimeSpan duration)
    {
        long sleepTicks = (long)(s_sleep.TotalSeconds * Stopwatch.Frequency);
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long oneMs = Stopwatch.Frequency / 1_000;
        List<long> late = new(capacity: (int)(duration.TotalSeconds * 12_000));
        int over1Ms = 0;
        while (true)
        {
            long before = Stopwatch.GetTimestamp();
            if (before >= end)
            {
                break;
            }

            LinuxCalls.Sleep(s_sleep);
            long lateBy = Math.Max(0, Stopwatch.GetTimestamp() - before - sleepTicks);
            late.Add(lateBy);
            if (lateBy >= oneMs)
            {
                over1Ms++;
            }
        }

        long[] ticks = [.. late];
        return new SchedulingProbe(duration, ticks.Length, LatencySummary.FromTicks(ticks, ticks.Length, Stopwatch.Frequency), over1Ms);
    }

    /// <summary>One line for the report.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"idle wake-up probe ({Wakeups:N0} sleeps of 100 µs in {Duration.TotalSeconds:0} s, before the daemon started): late p99 {Lateness.P99Ms:0.00} ms, max {Lateness.MaxMs:0.0} ms, {LateOver1Ms} late by 1 ms or more");
}
