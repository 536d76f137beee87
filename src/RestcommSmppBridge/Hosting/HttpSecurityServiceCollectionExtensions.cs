using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Hosting;

// In the DI namespace, like the framework's own AddXxx methods, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the HTTPS-only rule of the REST API.</summary>
public static class HttpSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Bridge:Http</c> and checks at start, before Kestrel binds anything, every endpoint Kestrel would open
    /// from <paramref name="configuration"/>: plain HTTP only on loopback (or behind a declared TLS proxy), and every
    /// HTTPS endpoint with a certificate that exists, opens with its password and has its private key. Each mistake is
    /// one <c>configuration error:</c> line and exit code 2 (see <c>StartupErrors</c>).
    /// </summary>
    public static IServiceCollection AddHttpSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HttpSecurityOptions>().Bind(configuration.GetSection(HttpSecurityOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpSecurityOptions>, HttpEndpointsValidator>(provider =>
            new HttpEndpointsValidator(configuration, provider.GetRequiredService<IHostEnvironment>().ContentRootPath,
                provider.GetRequiredService<TimeProvider>())));
        return services;
    }
}
