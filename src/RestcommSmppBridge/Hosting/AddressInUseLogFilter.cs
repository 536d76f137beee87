using Serilog.Core;
using Serilog.Events;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Drops the host's own "Hosting failed to start" error when its cause is a listening address already in use:
/// <see cref="StartupErrors"/> reports that failure as one line on stderr, and the host's entry would print the same
/// failure again with a stack trace. Every other log event passes. Picked up by Serilog's <c>ReadFrom.Services</c>.
/// </summary>
internal sealed class AddressInUseLogFilter : ILogEventFilter
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public bool IsEnabled(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return logEvent.Exception is null
            || !StartupErrors.IsAddressInUse(logEvent.Exception)
            || !logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out LogEventPropertyValue? source)
            || source is not ScalarValue { Value: HostCategory };
    }
}
