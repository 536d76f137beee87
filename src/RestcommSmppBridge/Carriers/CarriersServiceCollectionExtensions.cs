using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;

// In the DI namespace, like the framework's own AddXxx methods, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the carriers.</summary>
public static class CarriersServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CarriersOptions"/> from <c>Bridge:Carriers</c> (validated at start, with the raw keys
    /// checked for misspellings and committed passwords), the <see cref="CarrierSupervisor"/> as a hosted service and
    /// as <see cref="ICarrierRegistry"/>, and the <see cref="ICarrierRouter"/>. The supervisor needs an
    /// <see cref="ICarrierInboundHandler"/>, which the inbound pipeline registers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddCarriers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CarriersOptions>()
            .Bind(configuration.GetSection(CarriersOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CarriersOptions>, CarriersOptionsValidator>(
            provider => new CarriersOptionsValidator(configuration, provider.GetRequiredService<TimeProvider>())));

        services.TryAddSingleton<CarrierSupervisor>();
        services.TryAddSingleton<ICarrierRegistry>(static provider => provider.GetRequiredService<CarrierSupervisor>());
        services.TryAddSingleton<ICarrierRouter, CarrierRouter>();

        // TryAddEnumerable rather than AddHostedService, so that a second call does not start the binds twice.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CarrierSupervisor>(
            static provider => provider.GetRequiredService<CarrierSupervisor>()));
        return services;
    }
}
