using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Hosting;

// In the DI namespace, like the framework's own AddXxx methods (and the store's), so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the Restcomm-compatible REST API.</summary>
public static class RestcommApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API's options (<c>Bridge:Api</c>, validated at start), handlers, the <see cref="ApiAdmission"/>
    /// singleton, and the seeding of its accounts and numbers from configuration
    /// (<see cref="AccountsServiceCollectionExtensions.AddAccountSeeding"/>). Call it after <c>AddStorage</c>, so
    /// that the store's migrations run before the seeding step. Registers <see cref="TimeProvider.System"/> if no
    /// <see cref="TimeProvider"/> is registered.
    /// </summary>
    public static IServiceCollection AddRestcommApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiAdmission>();
        services.TryAddSingleton<SmsMessagesHandler>();
        services.TryAddSingleton<SendSmsEndpoint>();
        services.TryAddSingleton<IncomingPhoneNumbersHandler>();
        services.TryAddSingleton<ApiExceptionFilter>();
        services.TryAddSingleton<AccountAuthenticationFilter>();
        services.AddAccountSeeding(configuration);
        return services;
    }
}
