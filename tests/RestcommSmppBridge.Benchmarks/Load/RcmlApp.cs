using System.Collections.Concurrent;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The application side of <c>load mt</c> / <c>load mo</c>, a Kestrel app in the driver on 127.0.0.1:0:
/// <c>POST /sms</c> answers every inbound webhook with <c>&lt;Response&gt;&lt;Sms&gt;re: {Body}&lt;/Sms&gt;&lt;/Response&gt;</c>;
/// <c>POST /status</c> records each StatusCallback: the arrival time of the first <c>delivered</c> per message sid,
/// repeated <c>delivered</c> callbacks, and a count of every other status. Signatures are not checked (the
/// end-to-end tests do that); the app does as little as it can, since it shares the cores with the daemon.
/// </summary>
internal sealed class RcmlApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _otherStatuses = new(StringComparer.Ordinal);
    private int _webhooks;
    private int _repeatedDelivered;

    private RcmlApp(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri SmsUrl { get; private set; } = null!;

    public Uri StatusCallbackUrl { get; private set; } = null!;

    /// <summary>Inbound webhooks answered.</summary>
    public int Webhooks => Volatile.Read(ref _webhooks);

    /// <summary>Message sid → timestamp of its first <c>delivered</c> callback.</summary>
    public IReadOnlyDictionary<string, long> Delivered => _delivered;

    /// <summary><c>delivered</c> callbacks beyond the first of their message.</summary>
    public int RepeatedDelivered => Volatile.Read(ref _repeatedDelivered);

    /// <summary>Callbacks by status, <c>delivered</c> excluded (<c>sent</c> is expected once per message).</summary>
    public IReadOnlyDictionary<string, int> OtherStatuses => new SortedDictionary<string, int>(_otherStatuses, StringComparer.Ordinal);

    public static async Task<RcmlApp> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        // No configuration sources: the repository's appsettings.json in the working directory would otherwise give
        // Kestrel the daemon's Urls.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        WebApplication web = builder.Build();
        web.Urls.Add("http://127.0.0.1:0");
        RcmlApp app = new(web, time);
        web.MapPost("/sms", app.AnswerWebhookAsync);
        web.MapPost("/status", app.RecordCallbackAsync);
        await web.StartAsync(cancellationToken);

        string address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Uri root = new(address);
        app.SmsUrl = new Uri(root, "/sms");
        app.StatusCallbackUrl = new Uri(root, "/status");
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task AnswerWebhookAsync(HttpContext http)
    {
        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        Interlocked.Increment(ref _webhooks);
        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync(
            "<Response><Sms>" + TaggedText.ReplyPrefix + SecurityElement.Escape(form["Body"].ToString()) + "</Sms></Response>",
            http.RequestAborted);
    }

    private async Task RecordCallbackAsync(HttpContext http)
    {
        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        long arrived = _time.GetTimestamp();
        string status = form["MessageStatus"].ToString();
        if (status == "delivered")
        {
            if (!_delivered.TryAdd(form["MessageSid"].ToString(), arrived))
            {
                Interlocked.Increment(ref _repeatedDelivered);
            }
        }
        else
        {
            _otherStatuses.AddOrUpdate(status, 1, static (_, count) => count + 1);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }
}
