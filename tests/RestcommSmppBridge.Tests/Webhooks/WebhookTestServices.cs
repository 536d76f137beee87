using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Webhooks;

/// <summary>The webhook client as the daemon registers it, with a test's own timeouts and retries (short backoff).</summary>
internal static class WebhookTestServices
{
    public static ServiceProvider Create(TimeSpan attemptTimeout, TimeSpan totalTimeout, int maxAttempts)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Webhooks:AttemptTimeout"] = attemptTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge:Webhooks:TotalTimeout"] = totalTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge:Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge:Webhooks:BackoffInitial"] = "00:00:00.010",
            ["Bridge:Webhooks:BackoffMax"] = "00:00:00.050",
        }).Build();
        ServiceCollection services = new();
        services.AddLogging();
        services.AddWebhooks(configuration);
        return services.BuildServiceProvider();
    }
}
