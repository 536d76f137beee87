using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// What the load report needs from Linux's <c>/proc</c>: CPU time and peak memory of a process, and a description of
/// the machine. Every reader returns a neutral value when the file is missing (not Linux), so the run still reports
/// its throughput and latency.
/// </summary>
internal static class ProcFs
{
    // /proc/<pid>/stat counts in USER_HZ clock ticks, which the kernel ABI fixes at 100 on every mainstream
    // architecture (x86, arm64), whatever the kernel's internal HZ.
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>User plus system CPU seconds the process has used so far (utime + stime of /proc/pid/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        string? stat = ReadOrNull($"/proc/{pid}/stat");
        if (stat is null)
        {
            return 0;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields from the last ')'.
        // After it: field 3 (state) is index 0, so utime (field 14) is index 11 and stime (field 15) index 12.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / ClockTicksPerSecond;
    }

    /// <summary>Peak resident set size in bytes (VmHWM of /proc/pid/status); 0 when unknown.</summary>
    public static long PeakRssBytes(int pid)
    {
        string? status = ReadOrNull($"/proc/{pid}/status");
        if (status is null)
        {
            return 0;
        }

        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                // "VmHWM:	  123456 kB"
                string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>The first "model name" of /proc/cpuinfo.</summary>
    public static string CpuModel()
    {
        string? cpuinfo = ReadOrNull("/proc/cpuinfo");
        if (cpuinfo is not null)
        {
            foreach (string line in cpuinfo.Split('\n'))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        return "unknown CPU";
    }

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg shows them.</summary>
    public static string LoadAverage()
    {
        string? loadavg = ReadOrNull("/proc/loadavg");
        if (loadavg is null)
        {
            return "unknown";
        }

        string[] fields = loadavg.Split(' ');
        return fields.Length >= 3 ? $"{fields[0]} {fields[1]} {fields[2]}" : loadavg.Trim();
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
