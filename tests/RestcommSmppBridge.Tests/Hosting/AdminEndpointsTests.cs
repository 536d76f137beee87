using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Tests.Carriers;
using RestcommSmppBridge.Tests.Inbound;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The admin endpoints on a real Kestrel (127.0.0.1:0) over the real store (SQLite file), inbound pipeline, webhook
/// client and carrier supervisor bound to a real simulator, with a real app on Kestrel for the webhooks.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class AdminEndpointsTests
{
    private const string AdminToken = AdminTestHost.AdminToken;
    private const string Number = "+15551234567";
    private const string Subscriber = "447700900001";

    private readonly AsyncDisposables _disposables = new();
    private readonly Dictionary<WebApplication, StopOnce> _stops = [];
    private string _folder = null!;
    private SmscSimulator _simulator = null!;
    private WebhookTestServer _app = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = InboundTestHost.NewFolder();
        _simulator = InboundTestHost.StartSimulator();
        _app = await WebhookTestServer.StartAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _disposables.DisposeAsync();
        _stops.Clear();
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Admin_NoOrWrongToken_401WithoutServing()
    {
        (WebApplication app, HttpClient http) = await StartHostAsync(AdminToken);

        using HttpResponseMessage none = await http.GetAsync("/admin/carriers", Token);
        using HttpRequestMessage wrong = new(HttpMethod.Post, "/admin/carriers/carrier1/pause");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken + "x");
        using HttpResponseMessage wrongAnswer = await http.SendAsync(wrong, Token);
        using HttpRequestMessage basic = new(HttpMethod.Get, "/admin/carriers");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", AdminToken);
        using HttpResponseMessage basicAnswer = await http.SendAsync(basic, Token);

        Assert.Multiple(() =>
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
            Assert.That(wrongAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(basicAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(app.Services.GetRequiredService<CarrierSupervisor>().IsPaused("carrier1"), Is.False, "a refused pause changes nothing");
        });
    }

    [Test]
    public async Task Admin_TokenNotConfigured_EndpointsNotServed()
    {
        (_, HttpClient http) = await StartHostAsync(adminToken: null);

        using HttpRequestMessage request = new(HttpMethod.Get, "/admin/carriers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using HttpResponseMessage answer = await http.SendAsync(request, Token);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Carriers_ListPauseResume_StateInAnswersAndMetrics()
    {
        (WebApplication app, HttpClient http) = await StartHostAsync(AdminToken);
        CarrierSupervisor supervisor = app.Services.GetRequiredService<CarrierSupervisor>();
        await supervisor.WaitForStateAsync(InboundTestHost.CarrierName, s => s.Status == CarrierStatus.Up, Token);

        using JsonDocument list = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get, "/admin/carriers", HttpStatusCode.OK));
        using JsonDocument paused = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/carriers/CARRIER1/pause", HttpStatusCode.OK));
        string pausedMetrics = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);
        using JsonDocument pausedHealth = JsonDocument.Parse(await http.GetStringAsync(OperationsEndpoints.ReadyPath, Token));
        bool pausedInRouter = supervisor.IsPaused(InboundTestHost.CarrierName);
        using JsonDocument one = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get, "/admin/carriers/carrier1", HttpStatusCode.OK));
        using JsonDocument resumed = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/carriers/carrier1/resume", HttpStatusCode.OK));
        string resumedMetrics = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);
        using JsonDocument unknown = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/carriers/nope/pause", HttpStatusCode.NotFound));

        Assert.Multiple(() =>
        {
            JsonElement carrier = list.RootElement.GetProperty("carriers").EnumerateArray().Single();
            Assert.That(carrier.GetProperty("name").GetString(), Is.EqualTo("carrier1"));
            Assert.That(carrier.GetProperty("status").GetString(), Is.EqualTo("Up"));
            Assert.That(carrier.GetProperty("paused").GetBoolean(), Is.False);
            Assert.That(carrier.GetProperty("boundBinds").GetInt32(), Is.EqualTo(1));
            Assert.That(carrier.GetProperty("windowSize").GetInt32(), Is.GreaterThan(0));
            JsonElement bind = carrier.GetProperty("binds").EnumerateArray().Single();
            Assert.That(bind.GetProperty("state").GetString(), Is.EqualTo("Bound"));
            Assert.That(bind.GetProperty("windowDepth").GetInt32(), Is.Zero);

            Assert.That(paused.RootElement.GetProperty("name").GetString(), Is.EqualTo("carrier1"));
            Assert.That(paused.RootElement.GetProperty("paused").GetBoolean(), Is.True);
            Assert.That(paused.RootElement.GetProperty("status").GetString(), Is.EqualTo("Up"), "the binds stay up");
            Assert.That(pausedInRouter, Is.True);
            Assert.That(pausedHealth.RootElement.GetProperty("carriers")[0].GetProperty("paused").GetBoolean(), Is.True,
                "/health/ready shows the pause too");
            Assert.That(pausedHealth.RootElement.GetProperty("carriers")[0].GetProperty("pausedAt").GetDateTimeOffset(),
                Is.EqualTo(paused.RootElement.GetProperty("pausedAt").GetDateTimeOffset()), "and since when");
            Assert.That(list.RootElement.GetProperty("carriers")[0].TryGetProperty("pausedAt", out _), Is.False, "absent while not paused");
            Assert.That(pausedMetrics, Does.Match("bridge_carrier_paused\\{[^}]*carrier=\"carrier1\"[^}]*\\} 1"));
            Assert.That(one.RootElement.GetProperty("paused").GetBoolean(), Is.True);
            Assert.That(resumed.RootElement.GetProperty("paused").GetBoolean(), Is.False);
            Assert.That(resumedMetrics, Does.Match("bridge_carrier_paused\\{[^}]*carrier=\"carrier1\"[^}]*\\} 0"));
            Assert.That(supervisor.IsPaused(InboundTestHost.CarrierName), Is.False);
            Assert.That(unknown.RootElement.GetProperty("error").GetString(), Is.EqualTo("unknown carrier nope (configured: carrier1)"));
        });
    }

    [Test]
    public async Task PauseResume_HostRestartedOnTheSameFile_PauseOutlivesTheRestartAndSoDoesTheResume()
    {
        (WebApplication first, HttpClient firstHttp) = await StartHostAsync(AdminToken);
        await first.Services.GetRequiredService<CarrierSupervisor>().WaitForStateAsync(InboundTestHost.CarrierName, s => s.Status == CarrierStatus.Up, Token);
        using JsonDocument paused = JsonDocument.Parse(await AdminTestHost.SendAsync(firstHttp, HttpMethod.Post, "/admin/carriers/carrier1/pause", HttpStatusCode.OK));
        await StopHostAsync(first);

        (WebApplication second, HttpClient secondHttp) = await StartHostAsync(AdminToken);
        CarrierSupervisor supervisor = second.Services.GetRequiredService<CarrierSupervisor>();
        bool pausedOnStart = supervisor.IsPaused(InboundTestHost.CarrierName);
        await supervisor.WaitForStateAsync(InboundTestHost.CarrierName, s => s.BoundBinds > 0, Token);
        RoutedSubmit routed = await CarrierTestKit.Router(supervisor).SubmitAsync("+" + Subscriber,
            CarrierTestKit.Compose("ACME", "+" + Subscriber, "hello"), Token);
        using JsonDocument afterRestart = JsonDocument.Parse(await AdminTestHost.SendAsync(secondHttp, HttpMethod.Get, "/admin/carriers/carrier1", HttpStatusCode.OK));
        using JsonDocument resumed = JsonDocument.Parse(await AdminTestHost.SendAsync(secondHttp, HttpMethod.Post, "/admin/carriers/carrier1/resume", HttpStatusCode.OK));
        await StopHostAsync(second);

        (WebApplication third, HttpClient thirdHttp) = await StartHostAsync(AdminToken);
        using JsonDocument afterSecondRestart = JsonDocument.Parse(await AdminTestHost.SendAsync(thirdHttp, HttpMethod.Get, "/admin/carriers", HttpStatusCode.OK));

        Assert.Multiple(() =>
        {
            string pausedAt = paused.RootElement.GetProperty("pausedAt").GetString()!;
            Assert.That(paused.RootElement.GetProperty("paused").GetBoolean(), Is.True);
            Assert.That(pausedOnStart, Is.True, "paused by the start itself, before any bind");
            Assert.That(routed.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unavailable));
            Assert.That(routed.Attempts.Single().Result, Is.EqualTo(CarrierAttemptResult.Paused));
            Assert.That(_simulator.Counters.SubmitsReceived, Is.Zero, "not one message went to the paused carrier");
            Assert.That(afterRestart.RootElement.GetProperty("paused").GetBoolean(), Is.True);
            Assert.That(afterRestart.RootElement.GetProperty("pausedAt").GetString(), Is.EqualTo(pausedAt), "the pause keeps its time");
            Assert.That(resumed.RootElement.GetProperty("paused").GetBoolean(), Is.False);
            Assert.That(resumed.RootElement.TryGetProperty("pausedAt", out _), Is.False, "no pausedAt when not paused");
            Assert.That(third.Services.GetRequiredService<CarrierSupervisor>().IsPaused(InboundTestHost.CarrierName), Is.False);
            JsonElement carrier = afterSecondRestart.RootElement.GetProperty("carriers")[0];
            Assert.That(carrier.GetProperty("paused").GetBoolean(), Is.False, "the resume outlives a restart too");
            Assert.That(carrier.TryGetProperty("pausedAt", out _), Is.False);
        });
    }

    [Test]
    public async Task PauseResume_StoreRefusesTheWrite_503AndTheCarrierLeftAsItWas()
    {
        (WebApplication app, HttpClient http) = await StartHostAsync(AdminToken);
        CarrierSupervisor supervisor = app.Services.GetRequiredService<CarrierSupervisor>();
        ExecuteOnFile("CREATE TRIGGER tr_test_refuse_pause BEFORE INSERT ON carrier_pauses BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");

        using JsonDocument refusedPause = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/carriers/CARRIER1/pause", HttpStatusCode.ServiceUnavailable));
        bool pausedAfterRefusal = supervisor.IsPaused(InboundTestHost.CarrierName);
        using JsonDocument listed = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Get, "/admin/carriers/carrier1", HttpStatusCode.OK));
        ExecuteOnFile("DROP TRIGGER tr_test_refuse_pause; CREATE TRIGGER tr_test_refuse_resume BEFORE DELETE ON carrier_pauses BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
        await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/carriers/carrier1/pause", HttpStatusCode.OK);
        using JsonDocument refusedResume = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/carriers/carrier1/resume", HttpStatusCode.ServiceUnavailable));

        Assert.Multiple(() =>
        {
            Assert.That(refusedPause.RootElement.GetProperty("error").GetString(), Is.EqualTo(
                "the pause of carrier carrier1 could not be stored, so the carrier was not paused and still takes new submits; see the bridge log (CarrierPauseNotStored) and try again"));
            Assert.That(pausedAfterRefusal, Is.False);
            Assert.That(listed.RootElement.GetProperty("paused").GetBoolean(), Is.False);
            Assert.That(refusedResume.RootElement.GetProperty("error").GetString(), Is.EqualTo(
                "the resume of carrier carrier1 could not be stored, so the carrier stays paused; see the bridge log (CarrierPauseNotStored) and try again"));
            Assert.That(supervisor.IsPaused(InboundTestHost.CarrierName), Is.True, "a resume that is not stored leaves the pause");
        });
    }

    [Test]
    public async Task RequeueFailedWebhooks_AfterAppOutage_WebhookRunsAgainAndCompletes()
    {
        _app.On("/sms", WebhookTestServer.Status(500), WebhookTestServer.Status(200, "<Response/>"));
        (WebApplication app, HttpClient http) = await StartHostAsync(AdminToken);
        await app.Services.GetRequiredService<CarrierSupervisor>().WaitForStateAsync(InboundTestHost.CarrierName, s => s.BoundBinds > 0, Token);
        await AddNumberAsync(app.Services);
        IInboundStore store = app.Services.GetRequiredService<IInboundStore>();

        await _simulator.InjectMoAsync(Subscriber, Number[1..], "Hello", cancellationToken: Token);
        await _app.FirstRequestAsync("/sms");
        string sid = _app.RequestsTo("/sms")[0].Form.Single(p => p.Key == "SmsSid").Value;
        InboundWebhookRecord failed = await WaitForWebhookAsync(store, sid, InboundWebhookState.Failed);
        string before = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);

        using JsonDocument requeued = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/webhooks/inbound/requeue", HttpStatusCode.OK));
        InboundWebhookRecord completed = await WaitForWebhookAsync(store, sid, InboundWebhookState.Completed);
        using JsonDocument again = JsonDocument.Parse(await AdminTestHost.SendAsync(http, HttpMethod.Post, "/admin/webhooks/inbound/requeue", HttpStatusCode.OK));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Attempts, Is.EqualTo(1));
            Assert.That(before, Does.Match("bridge_inbound_webhooks_pending\\{[^}]*\\} 0"));
            Assert.That(requeued.RootElement.GetProperty("requeued").GetInt32(), Is.EqualTo(1));
            Assert.That(completed.Attempts, Is.EqualTo(1), "a requeued webhook gets a fresh attempt budget");
            Assert.That(_app.RequestsTo("/sms"), Has.Count.EqualTo(2));
            Assert.That(again.RootElement.GetProperty("requeued").GetInt32(), Is.Zero, "completed webhooks are not sent again");
        });
    }

    [Test]
    public async Task InboundPendingGauge_WebhookHeldByTheApp_CountedUntilAnswered()
    {
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.On("/sms", async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await WebhookTestServer.Status(200, "<Response/>")(context);
        });
        (WebApplication app, HttpClient http) = await StartHostAsync(AdminToken);
        await app.Services.GetRequiredService<CarrierSupervisor>().WaitForStateAsync(InboundTestHost.CarrierName, s => s.BoundBinds > 0, Token);
        await AddNumberAsync(app.Services);

        await _simulator.InjectMoAsync(Subscriber, Number[1..], "Hello", cancellationToken: Token);
        await _app.FirstRequestAsync("/sms");
        string held = await AdminTestHost.ScrapeUntilAsync(http, PendingGauge(1));
        release.TrySetResult();
        string answered = await AdminTestHost.ScrapeUntilAsync(http, PendingGauge(0));

        Assert.Multiple(() =>
        {
            Assert.That(held, Does.Match(PendingGauge(1)));
            Assert.That(answered, Does.Match(PendingGauge(0)));
            Assert.That(answered, Does.Match("bridge_outbox_messages\\{[^}]*status=\"queued\"[^}]*\\} 0"), "the outbox gauge reads the store");
            Assert.That(answered, Does.Match("bridge_outbox_messages\\{[^}]*status=\"sending\"[^}]*\\} 0"));
        });
    }

    private static string PendingGauge(int value) => $"bridge_inbound_webhooks_pending\\{{[^}}]*\\}} {value}\\n";

    private static async Task<InboundWebhookRecord> WaitForWebhookAsync(IInboundStore store, string sid, InboundWebhookState state)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            if (await store.GetWebhookAsync(sid, Token) is { } record && record.State == state)
            {
                return record;
            }

            await timer.WaitForNextTickAsync(Token);
        }
    }

    private async Task AddNumberAsync(IServiceProvider services)
    {
        Account account = new()
        {
            Sid = Sids.NewAccountSid(),
            AuthToken = "secret-token-" + Guid.NewGuid().ToString("N"),
            DateCreated = DateTimeOffset.UtcNow,
            DateUpdated = DateTimeOffset.UtcNow,
        };
        await services.GetRequiredService<IAccountStore>().UpsertAsync(account, Token);
        IncomingPhoneNumber number = new()
        {
            Sid = Sids.NewPhoneNumberSid(),
            AccountSid = account.Sid,
            PhoneNumber = Number,
            SmsUrl = _app.Url("/sms").ToString(),
            SmsMethod = "POST",
            DateCreated = DateTimeOffset.UtcNow,
            DateUpdated = DateTimeOffset.UtcNow,
        };
        Assert.That(await services.GetRequiredService<IPhoneNumberStore>().CreateAsync(number, Token), Is.EqualTo(PhoneNumberWriteResult.Applied));
    }

    /// <summary>
    /// The daemon's operations, store, webhook and inbound parts as Program.cs composes them, on Kestrel; stopped at
    /// tear-down, or earlier by <see cref="StopHostAsync"/> (a restart on the same file).
    /// </summary>
    private async Task<(WebApplication App, HttpClient Http)> StartHostAsync(string? adminToken)
    {
        WebApplicationBuilder builder = AdminTestHost.CreateBuilder(_folder, adminToken, ("Bridge:Inbound:WebhookMaxAttempts", "1"));
        builder.Services.AddRcml(builder.Configuration);
        builder.Services.AddInbound(builder.Configuration);
        builder.Services.AddOperations(builder.Configuration);
        builder.Services.AddSingleton<IRcmlReplySender>(new RecordingReplySender());
        CarrierProfile[] profiles = CarrierTestKit.Profiles(CarrierTestKit.Options(InboundTestHost.CarrierName, _simulator.LocalEndPoint.Port,
            password: "pw1", routes: [("", 1)]));
        builder.Services.AddSingleton(provider => new CarrierSupervisor(profiles, provider.GetRequiredService<ICarrierInboundHandler>(),
            TimeProvider.System, NullLoggerFactory.Instance, provider.GetRequiredService<IOperationsStore>()));
        builder.Services.AddSingleton<ICarrierRegistry>(provider => provider.GetRequiredService<CarrierSupervisor>());
        builder.Services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<CarrierSupervisor>());

        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapBridgeHealth();
        app.MapBridgeMetrics();
        app.MapBridgeAdmin();
        await app.StartAsync(Token);
        HttpClient http = AdminTestHost.ClientOf(app);
        StopOnce stop = new(app, http);
        _stops[app] = stop;
        _disposables.Add(stop);
        return (app, http);
    }

    /// <summary>Stops a host before tear-down: its store's writer drains, the file stays for the next host.</summary>
    private Task StopHostAsync(WebApplication app) => _stops[app].DisposeAsync().AsTask();

    /// <summary>Runs <paramref name="sql"/> on the host's database file from a connection of its own (another process's view).</summary>
    private void ExecuteOnFile(string sql)
    {
        using SqliteConnection connection = new($"Data Source={Path.Combine(_folder, "bridge.db")};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A host and its client, stopped once: by a restart in the test or at tear-down, whichever comes first.</summary>
    private sealed class StopOnce(WebApplication app, HttpClient http) : IAsyncDisposable
    {
        private int _stopped;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            http.Dispose();
            await new AdminTestHost.StoppingApp(app).DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
