using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Webhooks;

// In the DI namespace, like the framework's own AddXxx methods (and the store's), so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the webhook client.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Bridge:Webhooks</c> (<see cref="WebhookOptions"/>, validated at start) and registers
    /// <see cref="WebhookClient"/> as a typed HttpClient with its own handler (no automatic redirects, no cookies,
    /// renewed connections) and without the factory's request logging, which would print full URLs with their query
    /// strings. Registers <see cref="TimeProvider.System"/> if no <see cref="TimeProvider"/> is registered.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<WebhookClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(WebhookClient.CreatePrimaryHandler)
            .RemoveAllLoggers();
        return services;
    }
}
