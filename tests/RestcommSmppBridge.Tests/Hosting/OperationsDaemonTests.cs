using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// Issue 6, operations, on the real daemon binary: a taken port stops the start with one line and exit 2; real
/// traffic through the embedded demo simulator shows in the receipt latency histogram and the queue-depth gauges,
/// and the admin endpoints pause and resume the carrier; /health/ready and /metrics follow a bind going down and up.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OperationsDaemonTests
{
    private const string AdminToken = "daemon-admin-token-0123456789";

    [Test]
    [CancelAfter(90_000)]
    public async Task Start_PortHeldByAnotherSocket_OneLineNamingTheAddressAndExit2(CancellationToken cancellationToken)
    {
        using TcpListener holder = new(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        string folder = NewFolder();
        try
        {
            await using DaemonProcess daemon = DaemonProcess.Start(new Dictionary<string, string>
            {
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
            });
            int exitCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));

            string output = daemon.Output;
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2), output);
                Assert.That(output, Does.Contain($"Cannot listen on http://127.0.0.1:{port}: address already in use"));
                Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
                Assert.That(output, Does.Not.Contain("Hosting failed to start"), "the host's own error entry is not repeated");
                Assert.That(output, Does.Not.Contain("Unhandled exception"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    [CancelAfter(150_000)]
    public async Task DemoDaemon_TrafficPauseAndHeldCallback_MetricsAndAdminFollow(CancellationToken cancellationToken)
    {
        string folder = NewFolder();
        await using WebhookTestServer callbacks = await WebhookTestServer.StartAsync();
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        callbacks.On("/status", async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            context.Response.StatusCode = 204;
        });
        Dictionary<string, string> environment = new()
        {
            ["Bridge__Demo__Enabled"] = "true",
            ["Urls"] = $"http://127.0.0.1:{FreePort()}",
            ["Bridge__Demo__SimulatorPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
            ["Bridge__Operations__AdminToken"] = AdminToken,
            // One callback worker, so a held callback leaves the next one queued; quick retries while paused.
            ["Bridge__Outbound__CallbackConcurrency"] = "1",
            ["Bridge__Outbound__MaxAttempts"] = "100",
            ["Bridge__Outbound__RetryBackoffMin"] = "00:00:00.1",
            ["Bridge__Outbound__RetryBackoffMax"] = "00:00:00.3",
            ["Bridge__Webhooks__AttemptTimeout"] = "00:00:30",
            ["Bridge__Webhooks__TotalTimeout"] = "00:00:40",
        };
        try
        {
            await using DaemonProcess daemon = DaemonProcess.Start(environment);
            Uri address = await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));
            (HttpClient client, string messages) = await ApiClientAsync(address, folder);
            using HttpClient http = client;
            DemoApi api = new(http, messages);
            using HttpClient admin = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

            // (1) A send whose "sent" callback the app holds: the "delivered" callback waits in the queue meanwhile.
            string first = await SendAsync(api, "one", callbacks.Url("/status"));
            string held = await ScrapeUntilAsync(address, "bridge_status_callbacks_queued\\{[^}]*\\} 1\\n", cancellationToken);
            release.TrySetResult();
            await WaitForStatusAsync(api, first, "delivered", cancellationToken);
            string drained = await ScrapeUntilAsync(address, "bridge_status_callbacks_queued\\{[^}]*\\} 0\\n", cancellationToken);

            // (2) Pause the carrier: the next send stays in the outbox; resume: it is delivered.
            using JsonDocument carriers = JsonDocument.Parse(await admin.GetStringAsync("/admin/carriers", cancellationToken));
            string carrier = carriers.RootElement.GetProperty("carriers")[0].GetProperty("name").GetString()!;
            using HttpResponseMessage pause = await admin.PostAsync($"/admin/carriers/{carrier}/pause", null, cancellationToken);
            string second = await SendAsync(api, "two", statusCallback: null);
            string queued = await ScrapeUntilAsync(address, "bridge_outbox_messages\\{[^}]*status=\"queued\"[^}]*\\} 1\\n", cancellationToken);
            string whilePaused = await StatusAsync(api, second);
            using HttpResponseMessage resume = await admin.PostAsync($"/admin/carriers/{carrier}/resume", null, cancellationToken);
            await WaitForStatusAsync(api, second, "delivered", cancellationToken);
            string after = await ScrapeUntilAsync(address, "bridge_receipt_latency_seconds_count\\{[^}]*\\} 2\\n", cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(held, Does.Match("bridge_inbound_webhooks_pending\\{[^}]*\\} 0\\n"));
                Assert.That(callbacks.RequestsTo("/status"), Has.Count.EqualTo(2), "sent and delivered were both called back");
                Assert.That(drained, Does.Match($"bridge_receipt_latency_seconds_count\\{{[^}}]*carrier=\"{carrier}\"[^}}]*\\}} 1\\n"));
                Assert.That(drained, Does.Match($"bridge_receipt_latency_seconds_bucket\\{{[^}}]*carrier=\"{carrier}\",le=\"3600\"[^}}]*\\}} 1\\n"));
                Assert.That(drained, Does.Match($"bridge_receipt_latency_seconds_bucket\\{{[^}}]*carrier=\"{carrier}\",le=\"0.05\"[^}}]*\\}} [01]\\n"));
                Assert.That(drained, Does.Match("bridge_outbox_messages\\{[^}]*status=\"queued\"[^}]*\\} 0\\n"));

                Assert.That(pause.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(queued, Does.Match($"bridge_carrier_paused\\{{[^}}]*carrier=\"{carrier}\"[^}}]*\\}} 1\\n"));
                Assert.That(whilePaused, Is.EqualTo("queued").Or.EqualTo("sending"), "a paused carrier holds the message back, it does not fail it");
                Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(after, Does.Match("bridge_outbox_messages\\{[^}]*status=\"queued\"[^}]*\\} 0\\n"));
                Assert.That(after, Does.Match("bridge_outbox_messages\\{[^}]*status=\"sending\"[^}]*\\} 0\\n"));
                Assert.That(after, Does.Match($"bridge_carrier_paused\\{{[^}}]*carrier=\"{carrier}\"[^}}]*\\}} 0\\n"));
                Assert.That(daemon.Output, Does.Not.Contain(AdminToken), "the admin token is never logged");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> ScrapeUntilAsync(Uri address, string pattern, CancellationToken cancellationToken)
    {
        using HttpClient http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        (string metrics, bool matched) = await PollUntilAsync(
            token => http.GetStringAsync(OperationsEndpoints.MetricsPath, token), text => Regex.IsMatch(text, pattern), cancellationToken);
        return matched ? metrics : throw new AssertionException($"/metrics never matched {pattern}; last scrape:\n{metrics}");
    }

    /// <summary>Polls /health/ready until it answers <paramref name="expected"/> (bounded), and returns what it answered.</summary>
    private static async Task<HttpStatusCode> ReadyUntilAsync(HttpClient http, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        (HttpStatusCode status, _) = await PollUntilAsync(async token =>
        {
            using HttpResponseMessage response = await http.GetAsync(OperationsEndpoints.ReadyPath, token);
            return response.StatusCode;
        }, status => status == expected, cancellationToken);
        return status;
    }

    /// <summary>Runs <paramref name="probe"/> every 100 ms until <paramref name="done"/> (at most 30 s); the last value and whether it was done.</summary>
    private static async Task<(T Last, bool Done)> PollUntilAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> done,
        CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(100));
        using CancellationTokenSource bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        T last = default!;
        try
        {
            while (true)
            {
                last = await probe(bound.Token);
                if (done(last))
                {
                    return (last, true);
                }

                await timer.WaitForNextTickAsync(bound.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (last, false);
        }
    }

    private static async Task<string> SendAsync(DemoApi api, string body, Uri? statusCallback)
    {
        Dictionary<string, string> form = new() { ["From"] = "+15550100", ["To"] = "+15550199", ["Body"] = body };
        if (statusCallback is not null)
        {
            form["StatusCallback"] = statusCallback.ToString();
        }

        using HttpResponseMessage sent = await api.Client.PostAsync(api.Messages, new FormUrlEncodedContent(form));
        string json = await sent.Content.ReadAsStringAsync();
        Assert.That(sent.IsSuccessStatusCode, Is.True, json);
        return JsonDocument.Parse(json).RootElement.GetProperty("sid").GetString()!;
    }

    private static async Task<string> StatusAsync(DemoApi api, string sid)
    {
        string path = api.Messages.Replace(".json", $"/{sid}.json", StringComparison.Ordinal);
        using JsonDocument message = JsonDocument.Parse(await api.Client.GetStringAsync(path));
        return message.RootElement.GetProperty("status").GetString()!;
    }

    private static async Task WaitForStatusAsync(DemoApi api, string sid, string status, CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(100));
        while (await StatusAsync(api, sid) != status)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static async Task<(HttpClient Client, string Messages)> ApiClientAsync(Uri address, string folder)
    {
        using JsonDocument account = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "demo-account.json")));
        string sid = account.RootElement.GetProperty("Sid").GetString()!;
        string token = account.RootElement.GetProperty("AuthToken").GetString()!;
        HttpClient client = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{sid}:{token}")));
        return (client, $"/restcomm/2012-04-24/Accounts/{sid}/SMS/Messages.json");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Daemon_SimulatorStoppedThenBackOnItsPort_ReadyAndMetricsFollowTheBind(CancellationToken cancellationToken)
    {
        SimulatorOptions options = new()
        {
            Credentials = new Dictionary<string, string> { ["alpha"] = "pw" },
            Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
        };
        SmscSimulator first = new(options);
        first.Start();
        int smscPort = first.LocalEndPoint.Port;
        string folder = NewFolder();
        try
        {
            await using DaemonProcess daemon = DaemonProcess.Start(new Dictionary<string, string>
            {
                ["Urls"] = $"http://127.0.0.1:{FreePort()}",
                ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
                ["Bridge__Health__RequireCarrierBinds"] = "true",
                ["Bridge__Carriers__0__Name"] = "alpha",
                ["Bridge__Carriers__0__Host"] = "127.0.0.1",
                ["Bridge__Carriers__0__Port"] = smscPort.ToString(CultureInfo.InvariantCulture),
                ["Bridge__Carriers__0__SystemId"] = "alpha",
                ["Bridge__Carriers__0__Password"] = "pw",
                ["Bridge__Carriers__0__BindType"] = "Transceiver",
                ["Bridge__Carriers__0__ReconnectMinDelay"] = "00:00:00.2",
                ["Bridge__Carriers__0__ReconnectMaxDelay"] = "00:00:01",
                ["Bridge__Carriers__0__Routes__0__Preference"] = "100",
            });
            Uri address = await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));
            using HttpClient http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

            HttpStatusCode up = await ReadyUntilAsync(http, HttpStatusCode.OK, cancellationToken);
            string upMetrics = await ScrapeUntilAsync(address, "bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 1\\n", cancellationToken);

            // The SMSC goes away: the bind drops and the reconnects fail (nothing listens on the port).
            await first.DisposeAsync();
            HttpStatusCode down = await ReadyUntilAsync(http, HttpStatusCode.ServiceUnavailable, cancellationToken);
            string downMetrics = await ScrapeUntilAsync(address, "bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 0\\n", cancellationToken);

            // It comes back on the same port: the daemon binds again by itself.
            await using SmscSimulator second = new(options with { EndPoint = new IPEndPoint(IPAddress.Loopback, smscPort) });
            second.Start();
            HttpStatusCode back = await ReadyUntilAsync(http, HttpStatusCode.OK, cancellationToken);
            string backMetrics = await ScrapeUntilAsync(address, "bridge_carrier_up\\{[^}]*carrier=\"alpha\"[^}]*\\} 1\\n", cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(up, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(upMetrics, Does.Match("bridge_bind_state\\{[^}]*carrier=\"alpha\"[^}]*state=\"Bound\"[^}]*\\} 1"));
                Assert.That(down, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(downMetrics, Does.Match("bridge_carrier_binds_bound\\{[^}]*carrier=\"alpha\"[^}]*\\} 0"));
                Assert.That(back, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(backMetrics, Does.Match("smpp_client_reconnects_total\\{[^}]*\\} [1-9]"));
                Assert.That(second.Counters.BindsAccepted, Is.GreaterThanOrEqualTo(1));
            });
        }
        finally
        {
            await first.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-ops-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The demo account's API client and its messages path.</summary>
internal sealed record DemoApi(HttpClient Client, string Messages);
