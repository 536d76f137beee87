using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Rcml;

// In the DI namespace, like the framework's own AddXxx methods (and the store's), so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of RCML handling.</summary>
public static class RcmlServiceCollectionExtensions
{
    /// <summary>
    /// Registers the RCML options (<c>Bridge:Rcml</c>, validated at start), <see cref="RcmlParser"/> and
    /// <see cref="RcmlInterpreter"/>. The interpreter needs an <see cref="IRcmlFetcher"/> (the webhook side) and an
    /// <see cref="IRcmlReplySender"/> (the outbound side), registered by their own features.
    /// </summary>
    public static IServiceCollection AddRcml(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RcmlOptions>().Bind(configuration.GetSection(RcmlOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RcmlOptions>, RcmlOptionsValidator>());
        services.TryAddSingleton<RcmlParser>();
        services.TryAddSingleton<RcmlInterpreter>();
        return services;
    }
}
