using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Smpp.Diagnostics;

// In the DI namespace, like the framework's own AddXxx methods, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of what makes the bridge run as a service: shutdown bound, watchdog, health, metrics.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Bridge:Host</c>, <c>Bridge:Health</c>, <c>Bridge:Metrics</c> and <c>Bridge:Operations</c>
    /// (the admin token, the certificate expiry settings); sizes the host's shutdown timeout; registers the systemd
    /// watchdog pinger, the <see cref="CertificateExpiryMonitor"/> and the metrics pipeline (OpenTelemetry with the
    /// Prometheus exporter) over the meters <c>RestcommSmppBridge.Smpp</c>, <c>RestcommSmppBridge</c>, the ASP.NET Core
    /// and Kestrel meters and the runtime's <c>System.Runtime</c>.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BridgeHostOptions>().Bind(configuration.GetSection(BridgeHostOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BridgeHostOptions>, BridgeHostOptionsValidator>());
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName)).ValidateOnStart();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>());
        services.AddOptions<CertificateExpiryOptions>().Bind(configuration.GetSection(CertificateExpiryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CertificateExpiryOptions>, CertificateExpiryOptionsValidator>());
        services.AddOptions<HostOptions>().Configure<IOptions<BridgeHostOptions>>(static (host, bridge) =>
            host.ShutdownTimeout = bridge.Value.ShutdownTimeout);
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SystemdWatchdog>());

        // The carriers are optional (a host without them watches Kestrel's certificates only).
        services.TryAddSingleton(provider => new CertificateExpiryMonitor(configuration,
            provider.GetRequiredService<IHostEnvironment>().ContentRootPath, provider.GetService<RestcommSmppBridge.Carriers.ICarrierRegistry>(),
            provider.GetRequiredService<IOptions<CertificateExpiryOptions>>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<CertificateExpiryMonitor>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CertificateExpiryMonitor>(
            static provider => provider.GetRequiredService<CertificateExpiryMonitor>()));

        // Read by Serilog's ReadFrom.Services: a port already in use is reported once, as one line, by StartupErrors.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Serilog.Core.ILogEventFilter, AddressInUseLogFilter>());

        services.TryAddSingleton<BridgeMetrics>();
        services.AddOpenTelemetry().WithMetrics(static metrics => metrics
            .AddMeter(SmppMetrics.MeterName, BridgeMetrics.MeterName, RestcommSmppBridge.Storage.StoreMetrics.MeterName,
                RestcommSmppBridge.Webhooks.WebhookMetrics.MeterName, RestcommSmppBridge.Receipts.ReceiptMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")

            // ASP.NET Core's buckets start at 5 ms; an API send is answered in one or two, so the first buckets are
            // split to tell 1, 2 and 5 ms apart (what a latency objective for the REST API is written in).
            .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration
            {
                Boundaries = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            })
            .AddPrometheusExporter(static prometheus =>
            {
                // One Prometheus server scrapes a bridge; a cached answer would hide a bind that just went down.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
            }));

        // The gauges exist once the meter is created; create it with the provider rather than at the first scrape.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BridgeMetricsActivator>());
        return services;
    }
}
