using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RestcommSmppBridge.Drills;

/// <summary>What the RCML app does with the next request.</summary>
internal enum AppFault
{
    /// <summary>200 with an empty <c>&lt;Response/&gt;</c> (webhook) or 200 (status callback).</summary>
    None,

    /// <summary>500.</summary>
    Error500,

    /// <summary>Holds the request past the bridge's attempt timeout (until the bridge gives up on it).</summary>
    Timeout,

    /// <summary>200 with a document that is not well-formed XML (webhooks; status callbacks get a plain 200).</summary>
    BadXml,
}

/// <summary>
/// The application the bridge calls: a real Kestrel on 127.0.0.1:0 serving <c>POST /sms</c> (the number's SmsUrl)
/// and <c>POST /status</c> (every message's StatusCallback). It records every request by message text (webhooks) or
/// message sid (callbacks), separating those it answered well from those it answered with the current fault.
/// </summary>
internal sealed class RcmlApp : IAsyncDisposable
{
    private static readonly TimeSpan s_holdLimit = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private int _fault;

    private RcmlApp(WebApplication app) => _app = app;

    public Uri SmsUrl { get; private set; } = null!;

    public Uri StatusUrl { get; private set; } = null!;

    /// <summary>Body → how many webhooks for it were answered with a usable document.</summary>
    public ConcurrentDictionary<string, int> Answered { get; } = new(StringComparer.Ordinal);

    /// <summary>Body → how many webhooks for it were answered with a fault.</summary>
    public ConcurrentDictionary<string, int> Faulted { get; } = new(StringComparer.Ordinal);

    /// <summary>MessageSid → statuses called back and answered 200, in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Callbacks { get; } = new(StringComparer.Ordinal);

    /// <summary>Status callbacks answered with a fault.</summary>
    public long CallbacksFaulted => Interlocked.Read(ref _callbacksFaulted);

    private long _callbacksFaulted;

    public AppFault Fault
    {
        get => (AppFault)Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, (int)value);
    }

    public static async Task<RcmlApp> StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        WebApplication web = builder.Build();
        web.Urls.Add("http://127.0.0.1:0");
        RcmlApp app = new(web);
        web.MapPost("/sms", app.OnSmsAsync);
        web.MapPost("/status", app.OnStatusAsync);
        await web.StartAsync(cancellationToken);
        string address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        app.SmsUrl = new Uri(new Uri(address), "/sms");
        app.StatusUrl = new Uri(new Uri(address), "/status");
        return app;
    }

    public int CallbackCount()
    {
        int total = 0;
        foreach (ConcurrentQueue<string> statuses in Callbacks.Values)
        {
            total += statuses.Count;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task OnSmsAsync(HttpContext context)
    {
        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        string body = form["Body"].ToString();
        AppFault fault = Fault;
        if (fault == AppFault.None)
        {
            Answered.AddOrUpdate(body, 1, static (_, n) => n + 1);
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync("<Response/>", context.RequestAborted);
            return;
        }

        Faulted.AddOrUpdate(body, 1, static (_, n) => n + 1);
        await AnswerFaultAsync(context, fault, "<Response><Sms>never closed");
    }

    private async Task OnStatusAsync(HttpContext context)
    {
        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        AppFault fault = Fault;
        if (fault is AppFault.None or AppFault.BadXml)
        {
            Callbacks.GetOrAdd(form["MessageSid"].ToString(), static _ => new ConcurrentQueue<string>())
                .Enqueue(form["MessageStatus"].ToString());
            return;
        }

        Interlocked.Increment(ref _callbacksFaulted);
        await AnswerFaultAsync(context, fault, string.Empty);
    }

    private static async Task AnswerFaultAsync(HttpContext context, AppFault fault, string badDocument)
    {
        switch (fault)
        {
            case AppFault.Error500:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case AppFault.Timeout:
                // Held until the bridge's attempt timeout aborts it (bounded here too, so nothing waits for ever).
                try
                {
                    await Task.Delay(s_holdLimit, TimeProvider.System, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The bridge gave up on this attempt, as intended.
                }

                return;
            default:
                context.Response.ContentType = "text/xml";
                await context.Response.WriteAsync(badDocument, context.RequestAborted);
                return;
        }
    }
}
