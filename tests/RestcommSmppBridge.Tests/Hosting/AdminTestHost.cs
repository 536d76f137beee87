using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>What the admin endpoint fixtures share: the token, authorised calls, metric scrapes, host teardown.</summary>
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

    public sealed class DisposableClient(HttpClient client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
