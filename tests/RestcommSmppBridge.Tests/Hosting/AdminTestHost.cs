using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>What the admin endpoint fixtures share: the token, the host builder and client, authorised calls, metric scrapes, host teardown.</summary>
internal static class AdminTestHost
{
    public const string AdminToken = "test-admin-token-0123456789";

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    /// <summary>Calls <paramref name="path"/> with the admin bearer token and asserts the status and a JSON answer.</summary>
    public static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, HttpStatusCode expected)
    {
        using HttpRequestMessage request = new(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using HttpResponseMessage response = await http.SendAsync(request, Token);
        string body = await response.Content.ReadAsStringAsync(Token);
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return body;
    }

    /// <summary>Scrapes /metrics until it matches <paramref name="pattern"/> (bounded by the test's CancelAfter).</summary>
    public static async Task<string> ScrapeUntilAsync(HttpClient http, string pattern)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            string metrics = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);
            if (Regex.IsMatch(metrics, pattern))
            {
                return metrics;
            }

            await timer.WaitForNextTickAsync(Token);
        }
    }

    /// <summary>Stops the host (hosted services end, the store's writer drains) before disposing it.</summary>
    public sealed class StoppingApp(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// A host builder as the admin fixtures start the daemon's parts: content root <paramref name="folder"/> (the store's
    /// file is bridge.db there), production environment, the admin token, webhooks tried once with short timeouts, no
    /// log providers, and the store and webhook services; <paramref name="settings"/> adds or overrides keys.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string folder, string? adminToken, params (string Key, string? Value)[] settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = folder,
            EnvironmentName = Environments.Production,
        });
        Dictionary<string, string?> values = new()
        {
            ["Bridge:Storage:Path"] = "bridge.db",
            ["Bridge:Operations:AdminToken"] = adminToken,
            ["Bridge:Webhooks:MaxAttempts"] = "1",
            ["Bridge:Webhooks:AttemptTimeout"] = "00:00:05",
            ["Bridge:Webhooks:TotalTimeout"] = "00:00:10",
        };
        foreach ((string key, string? value) in settings)
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddWebhooks(builder.Configuration);
        return builder;
    }

    /// <summary>A client of the started <paramref name="app"/>'s first address (10 s timeout).</summary>
    public static HttpClient ClientOf(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()),
        Timeout = TimeSpan.FromSeconds(10),
    };
}
