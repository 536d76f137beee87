using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Tests.Carriers;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// /health/* and /metrics on a real Kestrel (127.0.0.1:0) with a real carrier supervisor bound to a real simulator:
/// both reflect the bind coming up and going down.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class OperationsEndpointsTests
{
    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task HealthAndMetrics_BindUpThenSimulatorGone_ReflectTheBind()
    {
        SmscSimulator simulator = new(new SimulatorOptions
        {
            Credentials = new Dictionary<string, string> { ["alpha"] = "pw" },
            Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
        });
        simulator.Start();
        await using (simulator)
        {
            await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
                CarrierTestKit.Options("alpha", simulator.LocalEndPoint.Port)));
            await using WebApplication app = await StartHostAsync(supervisor, new Dictionary<string, string?>
            {
                ["Bridge:Health:RequireCarrierBinds"] = "true",
            });
            using HttpClient http = new() { BaseAddress = Address(app) };

            await supervisor.StartAsync(Token);
            await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);

            HttpResponseMessage ready = await http.GetAsync(OperationsEndpoints.ReadyPath, Token);
            using JsonDocument body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Token));
            string metrics = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);
            Assert.Multiple(() =>
            {
                Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("ready"));
                Assert.That(body.RootElement.GetProperty("store").GetString(), Is.EqualTo("open"));
                JsonElement carrier = body.RootElement.GetProperty("carriers")[0];
                Assert.That(carrier.GetProperty("name").GetString(), Is.EqualTo("alpha"));
                Assert.That(carrier.GetProperty("status").GetString(), Is.EqualTo("Up"));
                Assert.That(carrier.GetProperty("binds")[0].GetProperty("state").GetString(), Is.EqualTo("Bound"));
                Assert.That(metrics, Does.Contain("smpp_sessions_bound"), "the SMPP library's meter is exported");
                Assert.That(metrics, Does.Contain("smpp_pdus_sent_total"));
                Assert.That(metrics, Does.Match("bridge_carrier_binds_bound\\{[^}]*carrier=\"alpha\"[^}]*\\} 1"));
                Assert.That(metrics, Does.Match("bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 1"));
                Assert.That(metrics, Does.Match("http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/health/ready\"[^}]*le=\"0.001\"\\} [01]"),
                    "request durations have millisecond buckets below ASP.NET Core's first (5 ms)");
            });

            await simulator.StopAsync(Token);
            await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds == 0, Token);

            HttpResponseMessage notReady = await http.GetAsync(OperationsEndpoints.ReadyPath, Token);
            string notReadyBody = await notReady.Content.ReadAsStringAsync(Token);
            string metricsDown = await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token);
            HttpResponseMessage live = await http.GetAsync(OperationsEndpoints.LivePath, Token);
            Assert.Multiple(() =>
            {
                Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(notReadyBody, Does.Contain("carrier alpha has no bound bind (Down)"));
                Assert.That(metricsDown, Does.Match("bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 0"));
                Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on carriers");
            });
        }
    }

    [Test]
    public async Task HealthAndMetrics_SimulatorDownThenBackOnItsPort_FollowTheBindBothWays()
    {
        SimulatorOptions options = new()
        {
            Credentials = new Dictionary<string, string> { ["alpha"] = "pw" },
            Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
        };
        SmscSimulator first = new(options);
        first.Start();
        int port = first.LocalEndPoint.Port;
        await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(CarrierTestKit.Options("alpha", port)));
        await using WebApplication app = await StartHostAsync(supervisor, new Dictionary<string, string?>
        {
            ["Bridge:Health:RequireCarrierBinds"] = "true",
        });
        using HttpClient http = new() { BaseAddress = Address(app) };
        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);
        (HttpStatusCode upStatus, string upMetrics) = await ProbeAsync(http);

        // The SMSC goes away: the bind drops and keeps failing to reconnect (nothing listens on the port).
        await first.DisposeAsync();
        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds == 0, Token);
        (HttpStatusCode downStatus, string downMetrics) = await ProbeAsync(http);

        // It comes back on the same port: the client's reconnect binds again.
        await using SmscSimulator second = new(options with { EndPoint = new IPEndPoint(IPAddress.Loopback, port) });
        second.Start();
        await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);
        (HttpStatusCode backStatus, string backMetrics) = await ProbeAsync(http);

        Assert.Multiple(() =>
        {
            Assert.That(upStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(upMetrics, Does.Match(BindState("Bound", 1)));
            Assert.That(upMetrics, Does.Match("bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 1"));

            Assert.That(downStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(downMetrics, Does.Not.Match(BindState("Bound", 1)), "the bound series is gone, not left at its last value");
            Assert.That(downMetrics, Does.Match("bridge_bind_state\\{[^}]*carrier=\"alpha\"[^}]*state=\"(Connecting|Binding|BackingOff)\"[^}]*\\} 1"));
            Assert.That(downMetrics, Does.Match("bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 0"));
            Assert.That(downMetrics, Does.Match("bridge_carrier_binds_bound\\{[^}]*carrier=\"alpha\"[^}]*\\} 0"));

            Assert.That(backStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(backMetrics, Does.Match(BindState("Bound", 1)));
            Assert.That(backMetrics, Does.Match("bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 1"));
            Assert.That(backMetrics, Does.Match("smpp_client_reconnects_total\\{[^}]*\\} [1-9]"));
        });
    }

    [Test]
    public async Task Ready_CarrierDownWithoutRequireCarrierBinds_IsReady()
    {
        await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", CarrierSupervisorTests.ClosedPort())));
        await using WebApplication app = await StartHostAsync(supervisor, new Dictionary<string, string?>());
        using HttpClient http = new() { BaseAddress = Address(app) };

        HttpResponseMessage ready = await http.GetAsync(OperationsEndpoints.ReadyPath, Token);
        string body = await ready.Content.ReadAsStringAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Does.Contain("\"name\":\"alpha\""));
        });
    }

    [Test]
    public void Ready_ShuttingDown_NotReady()
    {
        using CancellationTokenSource started = new();
        using CancellationTokenSource stopping = new();
        started.Cancel();
        stopping.Cancel();
        Moq.Mock<IHostApplicationLifetime> lifetime = new();
        lifetime.SetupGet(l => l.ApplicationStarted).Returns(started.Token);
        lifetime.SetupGet(l => l.ApplicationStopping).Returns(stopping.Token);

        HealthReport report = OperationsEndpoints.Ready(lifetime.Object, null, new HealthOptions());

        Assert.Multiple(() =>
        {
            Assert.That(report.Status, Is.EqualTo("not_ready"));
            Assert.That(report.Store, Is.EqualTo("closing"));
            Assert.That(report.Carriers, Is.Empty, "no carriers registered: health still answers");
        });
    }

    [TestCase(5, "not_ready", "failing", false)]
    [TestCase(29, "not_ready", "failing", false)]
    [TestCase(30, "ready", "open", false)]
    [TestCase(5, "not_ready", "failing", true)]
    [TestCase(29, "not_ready", "failing", true)]
    [TestCase(30, "ready", "open", true)]
    public void Ready_StoreCouldNotCommitOrRead_NotReadyForThirtySeconds(int secondsAgo, string status, string store, bool read)
    {
        using CancellationTokenSource started = new();
        started.Cancel();
        Moq.Mock<IHostApplicationLifetime> lifetime = new();
        lifetime.SetupGet(l => l.ApplicationStarted).Returns(started.Token);
        lifetime.SetupGet(l => l.ApplicationStopping).Returns(CancellationToken.None);
        DateTimeOffset now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        Moq.Mock<RestcommSmppBridge.Storage.IStoreHealth> storeHealth = new();
        RestcommSmppBridge.Storage.StoreFailure failure = new(now.AddSeconds(-secondsAgo), read ? "disk I/O error" : "database or disk is full");
        if (read)
        {
            storeHealth.SetupGet(h => h.LastReadFailure).Returns(failure);
        }
        else
        {
            storeHealth.SetupGet(h => h.LastFailure).Returns(failure);
        }

        HealthReport report = OperationsEndpoints.Ready(lifetime.Object, null, new HealthOptions(), storeHealth.Object, now);

        Assert.Multiple(() =>
        {
            Assert.That(report.Status, Is.EqualTo(status));
            Assert.That(report.Store, Is.EqualTo(store));
            Assert.That(report.Problems, status == "ready"
                ? Is.Empty
                : Has.One.EqualTo(read
                    ? $"the store could not be read {secondsAgo} s ago and no read succeeded since (disk I/O error)"
                    : $"the store could not commit a write {secondsAgo} s ago and none since (database or disk is full)"));
        });
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("::1", true)]
    [TestCase("10.1.2.3", false)]
    [TestCase(null, true)]
    public void IsLocal_RemoteAddress_LoopbackOrSocketOnly(string? remote, bool expected)
    {
        DefaultHttpContext context = new();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);

        Assert.That(OperationsEndpoints.IsLocal(context.Connection), Is.EqualTo(expected));
    }

    private static string BindState(string state, int value) =>
        $"bridge_bind_state\\{{[^}}]*carrier=\"alpha\"[^}}]*state=\"{state}\"[^}}]*\\}} {value}";

    private static async Task<(HttpStatusCode Ready, string Metrics)> ProbeAsync(HttpClient http)
    {
        using HttpResponseMessage ready = await http.GetAsync(OperationsEndpoints.ReadyPath, Token);
        return (ready.StatusCode, await http.GetStringAsync(OperationsEndpoints.MetricsPath, Token));
    }

    private static async Task<WebApplication> StartHostAsync(CarrierSupervisor supervisor, Dictionary<string, string?> settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOperations(builder.Configuration);
        builder.Services.AddSingleton<ICarrierRegistry>(supervisor);
        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapBridgeHealth();
        app.MapBridgeMetrics();
        await app.StartAsync(Token);
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
