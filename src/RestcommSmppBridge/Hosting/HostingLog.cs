namespace RestcommSmppBridge.Hosting;

/// <summary>Log messages of the host's own parts (event ids 5100–5149; the certificate monitor has 5160–5169 in its own class).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 5100, EventName = "WatchdogEnabled", Level = LogLevel.Information,
        Message = "systemd watchdog enabled: pinging every {Interval}")]
    public static partial void WatchdogEnabled(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 5101, EventName = "WatchdogPingFailed", Level = LogLevel.Warning,
        Message = "systemd watchdog ping failed")]
    public static partial void WatchdogPingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5102, EventName = "ShuttingDown", Level = LogLevel.Information,
        Message = "Shutting down: the API refuses new sends, then carriers unbind and the store flushes (bound {ShutdownTimeout})")]
    public static partial void ShuttingDown(ILogger logger, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 5103, EventName = "AdminEndpointsEnabled", Level = LogLevel.Information,
        Message = "Admin endpoints enabled under {Prefix} (bearer token; remote callers allowed: {AllowRemote})")]
    public static partial void AdminEnabled(ILogger logger, string prefix, bool allowRemote);

    [LoggerMessage(EventId = 5104, EventName = "AdminUnauthorized", Level = LogLevel.Warning,
        Message = "Admin request {Method} {Path} from {RemoteAddress} refused: missing or wrong bearer token")]
    public static partial void AdminUnauthorized(ILogger logger, string method, string path, string remoteAddress);

    [LoggerMessage(EventId = 5105, EventName = "AdminWebhooksRequeued", Level = LogLevel.Information,
        Message = "Admin: {Count} failed inbound webhook(s) put back into the queue")]
    public static partial void AdminWebhooksRequeued(ILogger logger, int count);
}
