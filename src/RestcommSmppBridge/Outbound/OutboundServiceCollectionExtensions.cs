using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

// In the DI namespace, like the framework's own AddXxx methods, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the outbound side: outbox store, dispatcher, receipt matching and status callbacks.</summary>
public static class OutboundServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OutboundOptions"/> from <c>Bridge:Outbound</c> (validated at start), <see cref="IOutboxStore"/>
    /// (SQLite), <see cref="IOutboxSignal"/>, <see cref="StatusCallbackNotifier"/>, <see cref="ReceiptProcessor"/> as
    /// <see cref="IDeliveryReceiptSink"/>, <see cref="OutboxReplySender"/> as <see cref="IRcmlReplySender"/> and the
    /// <see cref="OutboxDispatcher"/>. Needs the store (<c>AddStorage</c>), the carriers (<c>AddCarriers</c>, for
    /// <see cref="ICarrierRouter"/>) and the webhooks (<c>AddWebhooks</c>, for the WebhookClient).
    /// </summary>
    public static IServiceCollection AddOutbound(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<OutboundOptions>()
            .Bind(configuration.GetSection(OutboundOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboundOptions>, OutboundOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IOutboxStore>(static provider => new SqliteOutboxStore(provider.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxSignal>(static provider => provider.GetRequiredService<OutboxSignal>());
        services.TryAddSingleton<StatusCallbackNotifier>();
        services.TryAddSingleton<IDeliveryReceiptSink, ReceiptProcessor>();
        services.TryAddSingleton<IRcmlReplySender, OutboxReplySender>();
        services.TryAddSingleton(static provider => new OutboxDispatcher(
            provider.GetRequiredService<IOutboxStore>(),
            provider.GetRequiredService<ICarrierRouter>(),
            provider.GetRequiredService<OutboxSignal>(),
            provider.GetRequiredService<StatusCallbackNotifier>(),
            provider.GetRequiredService<IOptions<OutboundOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OutboxDispatcher>>()));

        // The notifier starts before the dispatcher and, hosted services stopping in reverse order, stops after it, so
        // the dispatcher's last changes still find it running.
        services.AddHostedService(static provider => provider.GetRequiredService<StatusCallbackNotifier>());
        services.AddHostedService(static provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
