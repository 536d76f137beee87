namespace RestcommSmppBridge.Hosting;

/// <summary>Creates <see cref="BridgeMetrics"/> at start, so its gauges are registered before the first scrape.</summary>
internal sealed class BridgeMetricsActivator : IHostedService
{
    public BridgeMetricsActivator(BridgeMetrics metrics) => _ = metrics;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
