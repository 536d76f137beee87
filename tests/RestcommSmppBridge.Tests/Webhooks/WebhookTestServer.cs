using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RestcommSmppBridge.Tests.Webhooks;

/// <summary>
/// A webhook receiver on a real Kestrel (127.0.0.1, port 0) that records every request and answers each path from a
/// script: request n to a path gets answer n, the last answer repeating.
/// </summary>
internal sealed class WebhookTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrivals = new(StringComparer.Ordinal);

    private WebhookTestServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    public static async Task<WebhookTestServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        WebhookTestServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new WebhookTestServer(app, new Uri(address));
        return server;
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>Answers requests to <paramref name="path"/> in turn; the last answer repeats.</summary>
    public void On(string path, params Func<HttpContext, Task>[] answers) => _scripts[path] = new Script(answers);

    /// <summary>Completes when a first request to <paramref name="path"/> has been recorded.</summary>
    public Task FirstRequestAsync(string path) => Arrival(path).Task.WaitAsync(TimeSpan.FromSeconds(10));

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. _requests.Where(r => r.Path == path)];

    public static Func<HttpContext, Task> Status(int statusCode, string? body = null, string contentType = "text/xml; charset=utf-8",
        string? retryAfter = null) => async context =>
    {
        context.Response.StatusCode = statusCode;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (body is not null)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body, Encoding.UTF8);
        }
    };

    /// <summary>Never answers: waits until the client gives up and aborts the request (no sleep, a signal).</summary>
    public static Func<HttpContext, Task> Hang() => async context =>
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client aborted: what this answer waits for.
        }
    };

    /// <summary>A 200 with <paramref name="size"/> bytes, with or without a Content-Length (chunked).</summary>
    public static Func<HttpContext, Task> Huge(int size, bool declareLength) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/xml";
        if (declareLength)
        {
            context.Response.ContentLength = size;
        }

        byte[] chunk = new byte[8192];
        Array.Fill(chunk, (byte)'x');
        try
        {
            for (int sent = 0; sent < size; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, size - sent)), context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client stopped reading at its limit.
        }
        catch (IOException)
        {
            // Same, seen as a reset.
        }
    };

    public static Func<HttpContext, Task> Redirect(int statusCode, string location) => context =>
    {
        context.Response.StatusCode = statusCode;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using MemoryStream body = new();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        RecordedRequest request = new(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "",
            context.Request.GetEncodedUrl(), headers, body.ToArray());
        _requests.Enqueue(request);
        Arrival(request.Path).TrySetResult();
        if (_scripts.TryGetValue(request.Path, out Script? script))
        {
            await script.Next()(context);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private TaskCompletionSource Arrival(string path) =>
        _arrivals.GetOrAdd(path, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Script(Func<HttpContext, Task>[] answers)
    {
        private int _next = -1;

        public Func<HttpContext, Task> Next() => answers[Math.Min(Interlocked.Increment(ref _next), answers.Length - 1)];
    }
}

/// <summary>One request as the receiver saw it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string QueryString, string EncodedUrl,
    IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The form fields of the body, in order, decoded as a receiving app would.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form => ParseForm(BodyText);

    /// <summary>The query string's fields, in order, decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => ParseForm(QueryString.TrimStart('?'));

    private static List<KeyValuePair<string, string>> ParseForm(string text)
    {
        List<KeyValuePair<string, string>> fields = [];
        foreach (string pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? pair : pair[..equals];
            string value = equals < 0 ? "" : pair[(equals + 1)..];
            fields.Add(new(Decode(name), Decode(value)));
        }

        return fields;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
