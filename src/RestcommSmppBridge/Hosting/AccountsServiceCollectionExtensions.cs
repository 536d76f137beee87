using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Hosting;

/// <summary>Registration of the account and number seeding.</summary>
public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Bridge:Accounts</c> / <c>Bridge:Numbers</c>, validates them at start and registers the startup step that
    /// writes them into the store. Called by <c>AddRestcommApi</c>; must come after the store's registration, so that
    /// its migrations run first.
    /// </summary>
    public static IServiceCollection AddAccountSeeding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AccountsOptions>().Bind(configuration.GetSection(AccountsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccountsOptions>, AccountsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // TryAddEnumerable rather than AddHostedService, so that a second call does not seed twice.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AccountsSeeder>());
        return services;
    }
}
