using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

// In the DI namespace, like the framework's own AddXxx methods, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite store: <see cref="StorageOptions"/> from <c>Bridge:Storage</c> (validated at start),
    /// <see cref="IAccountStore"/>, <see cref="IPhoneNumberStore"/>, <see cref="IMessageStore"/>,
    /// <see cref="IOperationsStore"/>, <see cref="IStatusCallbackStore"/>, <see cref="IStoreHealth"/>, a hosted service that applies migrations
    /// before the API serves and drains the writer on shutdown, and the message retention sweep
    /// (<see cref="StorageOptions.MessageRetention"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(static provider => new SqliteDatabase(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>().ContentRootPath,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SqliteDatabase>>()));
        services.TryAddSingleton<IAccountStore, SqliteAccountStore>();
        services.TryAddSingleton<IPhoneNumberStore, SqlitePhoneNumberStore>();
        services.TryAddSingleton<IMessageStore, SqliteMessageStore>();
        services.TryAddSingleton<IOperationsStore, SqliteOperationsStore>();
        services.TryAddSingleton<IStatusCallbackStore, SqliteStatusCallbackStore>();
        services.TryAddSingleton<IStoreHealth>(static provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddHostedService<SqliteStorageService>();

        // After the store's own service, so the schema is migrated before the first sweep.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MessageRetentionService>());
        return services;
    }
}
