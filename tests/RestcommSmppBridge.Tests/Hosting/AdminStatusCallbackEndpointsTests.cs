using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Storage;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The admin endpoints of failed status callbacks on a real Kestrel (127.0.0.1:0) over the real store (SQLite file),
/// webhook client and status callback notifier, with a real app on Kestrel that is down (500) first and then answers.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class AdminStatusCallbackEndpointsTests
{
    private const string AdminToken = AdminTestHost.AdminToken;
    private const string CallbackPath = "/status";

    // A test-only header that makes the request look remote to the admin guard (Kestrel here only hears loopback).
    private const string RemoteHeader = "X-Test-Remote";

    private readonly AsyncDisposables _disposables = new();
    private string _folder = null!;
    private WebhookTestServer _app = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = TestStore.NewFolder();
        _app = await WebhookTestServer.StartAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _disposables.DisposeAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task RequeueStatusCallbacks_AfterAppOutage_ListedRequeuedSentOnceAndCleared()
    {
        _app.On(CallbackPath, WebhookTestServer.Status(500), WebhookTestServer.Status(200));
        (WebApplication app, HttpClient http) = await StartHostAsync();
        string sid = await SendAndFailAsync(app);

        using JsonDocument listed = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get, "/admin/callbacks/status/failed", HttpStatusCode.OK));
        string failedMetrics = await AdminTestHost.ScrapeUntilAsync(http, FailedGauge(1));
        using JsonDocument requeued = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/callbacks/status/requeue", HttpStatusCode.OK));
        await WaitUntilAsync(() => _app.RequestsTo(CallbackPath).Count == 2);
        await WaitUntilNothingOwedAsync(app);
        using JsonDocument after = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get, "/admin/callbacks/status/failed", HttpStatusCode.OK));
        using JsonDocument again = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/callbacks/status/requeue", HttpStatusCode.OK));
        string clearedMetrics = await AdminTestHost.ScrapeUntilAsync(http, FailedGauge(0));

        Assert.Multiple(() =>
        {
            Assert.That(listed.RootElement.GetProperty("count").GetInt64(), Is.EqualTo(1));
            JsonElement failed = listed.RootElement.GetProperty("failed").EnumerateArray().Single();
            Assert.That(failed.GetProperty("messageSid").GetString(), Is.EqualTo(sid));
            Assert.That(failed.GetProperty("status").GetString(), Is.EqualTo("sent"));
            Assert.That(failed.GetProperty("failedAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.That(failed.GetProperty("error").GetString(), Does.Contain("500"));
            Assert.That(failedMetrics, Does.Match(FailedGauge(1)));
            Assert.That(requeued.RootElement.GetProperty("requeued").GetInt32(), Is.EqualTo(1));
            Assert.That(_app.RequestsTo(CallbackPath).Select(r => r.Form.Single(f => f.Key == "MessageStatus").Value),
                Is.EqualTo(new[] { "sent", "sent" }));
            Assert.That(after.RootElement.GetProperty("count").GetInt64(), Is.Zero);
            Assert.That(after.RootElement.GetProperty("failed").GetArrayLength(), Is.Zero);
            Assert.That(again.RootElement.GetProperty("requeued").GetInt32(), Is.Zero, "a callback the app heard is not sent again");
            Assert.That(clearedMetrics, Does.Match(FailedGauge(0)));
        });
    }

    [Test]
    public async Task RequeueAndDelete_Filters_OnlyMatchingAndBadInput400()
    {
        _app.On(CallbackPath, WebhookTestServer.Status(500));
        (WebApplication app, HttpClient http) = await StartHostAsync();
        string sid = await SendAndFailAsync(app);
        string future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        string past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        using JsonDocument sinceFuture = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post,
            $"/admin/callbacks/status/requeue?since={future}", HttpStatusCode.OK));
        using JsonDocument otherMessage = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post,
            "/admin/callbacks/status/requeue?messageSid=SM00000000000000000000000000000000", HttpStatusCode.OK));
        using JsonDocument listedSincePast = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get,
            $"/admin/callbacks/status/failed?since={past}&messageSid={sid}&limit=5", HttpStatusCode.OK));
        using JsonDocument badSince = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post,
            "/admin/callbacks/status/requeue?since=yesterday", HttpStatusCode.BadRequest));
        using JsonDocument badLimit = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get,
            "/admin/callbacks/status/failed?limit=0", HttpStatusCode.BadRequest));
        using JsonDocument noBefore = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Delete,
            "/admin/callbacks/status/failed", HttpStatusCode.BadRequest));
        using JsonDocument deletedNone = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Delete,
            $"/admin/callbacks/status/failed?before={past}", HttpStatusCode.OK));
        using JsonDocument deleted = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Delete,
            $"/admin/callbacks/status/failed?before={future}", HttpStatusCode.OK));
        using JsonDocument after = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get, "/admin/callbacks/status/failed", HttpStatusCode.OK));

        Assert.Multiple(() =>
        {
            Assert.That(sinceFuture.RootElement.GetProperty("requeued").GetInt32(), Is.Zero);
            Assert.That(otherMessage.RootElement.GetProperty("requeued").GetInt32(), Is.Zero);
            Assert.That(listedSincePast.RootElement.GetProperty("count").GetInt64(), Is.EqualTo(1), "still failed: nothing matched the requeues");
            Assert.That(badSince.RootElement.GetProperty("error").GetString(), Does.StartWith("since must be an ISO 8601 time"));
            Assert.That(badLimit.RootElement.GetProperty("error").GetString(), Does.StartWith("limit must be"));
            Assert.That(noBefore.RootElement.GetProperty("error").GetString(), Does.StartWith("before is required"));
            Assert.That(deletedNone.RootElement.GetProperty("deleted").GetInt32(), Is.Zero);
            Assert.That(deleted.RootElement.GetProperty("deleted").GetInt32(), Is.EqualTo(1));
            Assert.That(after.RootElement.GetProperty("count").GetInt64(), Is.Zero);
            Assert.That(_app.RequestsTo(CallbackPath), Has.Count.EqualTo(1), "nothing was requeued, so nothing was sent again");
        });
    }

    [TestCase("GET", "/admin/callbacks/status/failed")]
    [TestCase("POST", "/admin/callbacks/status/requeue")]
    [TestCase("DELETE", "/admin/callbacks/status/failed?before=2030-01-01T00:00:00Z")]
    public async Task StatusCallbackAdmin_NoTokenWrongTokenOrRemoteCaller_401Or403AndNothingDone(string method, string path)
    {
        _app.On(CallbackPath, WebhookTestServer.Status(500));
        (WebApplication app, HttpClient http) = await StartHostAsync();
        await SendAndFailAsync(app);

        using HttpRequestMessage none = new(new HttpMethod(method), path);
        using HttpResponseMessage noneAnswer = await http.SendAsync(none, Token);
        using HttpRequestMessage wrong = new(new HttpMethod(method), path);
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken + "x");
        using HttpResponseMessage wrongAnswer = await http.SendAsync(wrong, Token);
        using HttpRequestMessage remote = new(new HttpMethod(method), path);
        remote.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        remote.Headers.Add(RemoteHeader, "203.0.113.7");
        using HttpResponseMessage remoteAnswer = await http.SendAsync(remote, Token);
        IStatusCallbackStore store = app.Services.GetRequiredService<IStatusCallbackStore>();

        Assert.Multiple(() =>
        {
            Assert.That(noneAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(noneAnswer.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
            Assert.That(wrongAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(remoteAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(store.CountFailedCallbacks(), Is.EqualTo(1), "a refused request changes nothing");
        });
    }

    private static string FailedGauge(int value) => $"bridge_status_callbacks_failed(_total)?(\\{{[^}}]*\\}})? {value}\\n";

    /// <summary>Stores a message with a StatusCallback as sent and lets the notifier call back; waits until it failed for good.</summary>
    private async Task<string> SendAndFailAsync(WebApplication app)
    {
        IServiceProvider services = app.Services;
        Account account = new()
        {
            Sid = Sids.NewAccountSid(),
            AuthToken = "secret-token-" + Guid.NewGuid().ToString("N"),
            DateCreated = DateTimeOffset.UtcNow,
            DateUpdated = DateTimeOffset.UtcNow,
        };
        await services.GetRequiredService<IAccountStore>().UpsertAsync(account, Token);
        SmsMessage message = TestStore.NewMessage(account.Sid, DateTimeOffset.UtcNow) with
        {
            StatusCallback = _app.Url(CallbackPath).AbsoluteUri,
            StatusCallbackMethod = "POST",
        };
        await services.GetRequiredService<IMessageStore>().InsertAsync(message, Token);
        IOutboxStore outbox = services.GetRequiredService<IOutboxStore>();
        await outbox.ClaimAsync(10, DateTimeOffset.UtcNow, Token);
        IReadOnlyList<OutboxStatusChange> changes = await outbox.RecordSentAsync(new OutboxSent
        {
            MessageSid = message.Sid,
            At = DateTimeOffset.UtcNow,
            Carrier = "sim",
            NumSegments = 1,
            Encoding = "GSM7",
            Parts = [new OutboxPart(0, "cb-" + message.Sid)],
        }, Token);
        await services.GetRequiredService<StatusCallbackNotifier>().NotifyAsync(changes, Token);
        IStatusCallbackStore failures = services.GetRequiredService<IStatusCallbackStore>();
        await WaitUntilAsync(() => failures.CountFailedCallbacks() == 1);
        return message.Sid;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            await timer.WaitForNextTickAsync(Token);
        }
    }

    private static async Task WaitUntilNothingOwedAsync(WebApplication app)
    {
        IOutboxStore outbox = app.Services.GetRequiredService<IOutboxStore>();
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while ((await outbox.ListOwedCallbacksAsync(0, 1, Token)).Count > 0)
        {
            await timer.WaitForNextTickAsync(Token);
        }
    }

    /// <summary>The daemon's operations, store, webhook parts and the status callback notifier as the daemon wires them, on Kestrel.</summary>
    private async Task<(WebApplication App, HttpClient Http)> StartHostAsync()
    {
        WebApplicationBuilder builder = AdminTestHost.CreateBuilder(_folder, AdminToken);
        builder.Services.AddOperations(builder.Configuration);

        // The status callback half of AddOutbound (which also needs carriers): its store and notifier, same lifetimes.
        builder.Services.AddSingleton<IOutboxStore>(static provider => new SqliteOutboxStore(provider.GetRequiredService<SqliteDatabase>()));
        builder.Services.AddSingleton<IOptions<OutboundOptions>>(Options.Create(new OutboundOptions { CallbackConcurrency = 1 }));
        builder.Services.AddSingleton<StatusCallbackNotifier>();
        builder.Services.AddHostedService(static provider => provider.GetRequiredService<StatusCallbackNotifier>());

        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Use(static (context, next) =>
        {
            if (context.Request.Headers.TryGetValue(RemoteHeader, out Microsoft.Extensions.Primitives.StringValues remote))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(remote.ToString());
            }

            return next(context);
        });
        app.MapBridgeMetrics();
        app.MapBridgeAdmin();
        await app.StartAsync(Token);
        _disposables.Add(new AdminTestHost.StoppingApp(app));
        HttpClient http = _disposables.Track(AdminTestHost.ClientOf(app));
        return (app, http);
    }
}
