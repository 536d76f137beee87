using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// Every <see cref="InboundOptions.SweepInterval"/>: delivers the long messages whose missing parts did not come within
/// <see cref="InboundOptions.ReassemblyTimeout"/> (gap-marked, never dropped: smpp.md P9) and forgets duplicate keys
/// older than the window.
/// </summary>
internal sealed class InboundReassemblySweeper : BackgroundService
{
    private readonly InboundPipeline _pipeline;
    private readonly ICarrierRegistry _carriers;
    private readonly InboundOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InboundPipeline> _logger;

    public InboundReassemblySweeper(InboundPipeline pipeline, ICarrierRegistry carriers, IOptions<InboundOptions> options,
        TimeProvider timeProvider, ILogger<InboundPipeline> logger)
    {
        _pipeline = pipeline;
        _carriers = carriers;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(_options.SweepInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _pipeline.FlushExpiredAsync(name => _carriers.Find(name)?.Text, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    InboundPipeline.Log.SweepFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
