using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Pings systemd's watchdog (<c>WATCHDOG=1</c>) at half the unit's <c>WatchdogSec</c>. UseSystemd sends READY=1 and
/// STOPPING=1 but never pings, so without this a unit with <c>WatchdogSec</c> would be killed after one period. The
/// ping runs on a thread-pool timer: a starved pool or a wedged process misses it and systemd restarts the service.
/// Does nothing when systemd did not ask for a watchdog (<c>WATCHDOG_USEC</c> unset, or meant for another process).
/// </summary>
internal sealed class SystemdWatchdog : BackgroundService
{
    private readonly ISystemdNotifier? _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdWatchdog> _logger;

    public SystemdWatchdog(IServiceProvider services, TimeProvider time, ILogger<SystemdWatchdog> logger)
    {
        // Registered by UseSystemd only when the process runs under systemd.
        _notifier = services.GetService<ISystemdNotifier>();
        _time = time;
        _logger = logger;
    }

    /// <summary>Half the watchdog period systemd set (sd_watchdog_enabled(3)), or null when there is none for us.</summary>
    public static TimeSpan? PingInterval(string? watchdogMicroseconds, string? watchdogPid, int processId)
    {
        if (!ulong.TryParse(watchdogMicroseconds, NumberStyles.None, CultureInfo.InvariantCulture, out ulong microseconds) || microseconds == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(microseconds / 2.0);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan? interval = PingInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);
        if (_notifier is not { IsEnabled: true } || interval is null)
        {
            return;
        }

        HostingLog.WatchdogEnabled(_logger, interval.Value);
        using PeriodicTimer timer = new(interval.Value, _time);
        try
        {
            do
            {
                try
                {
                    _notifier.Notify(new ServiceState("WATCHDOG=1"));
                }
                catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
                {
                    HostingLog.WatchdogPingFailed(_logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: systemd stops expecting pings once STOPPING=1 is sent.
        }
    }
}
