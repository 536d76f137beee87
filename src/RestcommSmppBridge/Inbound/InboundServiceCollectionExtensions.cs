using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

// In the DI namespace, like the framework's own AddXxx methods, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the inbound pipeline.</summary>
public static class InboundServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InboundOptions"/> from <c>Bridge:Inbound</c> (validated at start), the SQLite
    /// <see cref="IInboundStore"/>, the <see cref="InboundPipeline"/>, the <see cref="InboundHandler"/> as the carriers'
    /// <see cref="ICarrierInboundHandler"/>, and two hosted services: the <see cref="WebhookDispatcher"/> and the
    /// reassembly sweeper. Needs <c>AddStorage</c>, <c>AddCarriers</c>, <c>AddWebhooks</c> and <c>AddRcml</c>; receipts
    /// and replies are handled by whatever the outbound side registers as <c>IDeliveryReceiptSink</c> and
    /// <c>IRcmlReplySender</c>.
    /// </summary>
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<InboundOptions>()
            .Bind(configuration.GetSection(InboundOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InboundOptions>, InboundOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IInboundStore, SqliteInboundStore>();
        services.TryAddSingleton<InboundWebhookQueue>();
        services.TryAddSingleton<InboundPipeline>();
        services.TryAddSingleton<ICarrierInboundHandler, InboundHandler>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WebhookDispatcher>(
            static provider => provider.GetRequiredService<WebhookDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboundReassemblySweeper>());
        return services;
    }
}
