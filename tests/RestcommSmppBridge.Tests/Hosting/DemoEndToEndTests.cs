using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// Issue 6: the README's first command. The real daemon binary on the root appsettings.json with the demo on (only
/// the data folder and ports changed) sends an SMS through its embedded simulator to "delivered", and answers an MO
/// with the built-in echo application, whose reply is delivered too.
/// </summary>
[TestFixture]
public sealed class DemoEndToEndTests
{
    private static readonly TimeSpan s_deliveryBound = TimeSpan.FromSeconds(20);

    [Test]
    [CancelAfter(120_000)]
    public async Task DemoDaemon_SendAndMo_MessagesAndEchoReplyDelivered()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        int httpPort = FreePort();
        int smppPort = FreePort();
        Dictionary<string, string> environment = new()
        {
            ["Bridge__Demo__Enabled"] = "true",
            ["Urls"] = $"http://127.0.0.1:{httpPort}",
            ["Bridge__Demo__SimulatorPort"] = smppPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
        };
        DaemonProcess? daemon = null;
        try
        {
            daemon = DaemonProcess.Start(environment);
            Uri address = await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));

            using JsonDocument accountFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "demo-account.json")));
            string sid = accountFile.RootElement.GetProperty("Sid").GetString()!;
            string token = accountFile.RootElement.GetProperty("AuthToken").GetString()!;
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(folder, "demo-account.json")),
                    Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "the token file is owner-only");
            }

            using HttpClient client = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.ASCII.GetBytes($"{sid}:{token}")));
            string messages = $"/restcomm/2012-04-24/Accounts/{sid}/SMS/Messages.json";

            // (a) The README's first curl.
            using HttpResponseMessage sent = await client.PostAsync(messages, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["From"] = "+15550100",
                ["To"] = "+15550199",
                ["Body"] = "Hello",
            }));
            string sentJson = await sent.Content.ReadAsStringAsync();
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Created), sentJson);
            string messageSid = JsonDocument.Parse(sentJson).RootElement.GetProperty("sid").GetString()!;
            string? status = await PollAsync(async () =>
            {
                using JsonDocument message = JsonDocument.Parse(await client.GetStringAsync($"/restcomm/2012-04-24/Accounts/{sid}/SMS/Messages/{messageSid}.json"));
                string value = message.RootElement.GetProperty("status").GetString()!;
                return value == "delivered" ? value : null;
            });
            Assert.That(status, Is.EqualTo("delivered"), daemon.Output);

            // (b) The README's MO curl: the echo application answers, and its reply goes out and is delivered.
            using HttpResponseMessage mo = await client.PostAsync("/demo/mo", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["From"] = "+15550199",
                ["To"] = "+15550100",
                ["Body"] = "Hi <bridge> & co",
            }));
            Assert.That(mo.StatusCode, Is.EqualTo(HttpStatusCode.OK), await mo.Content.ReadAsStringAsync());

            string? found = await PollAsync(async () =>
            {
                using JsonDocument list = JsonDocument.Parse(await client.GetStringAsync(messages));
                bool inbound = false;
                bool replyDelivered = false;
                foreach (JsonElement message in list.RootElement.GetProperty("messages").EnumerateArray())
                {
                    string direction = message.GetProperty("direction").GetString()!;
                    string body = message.GetProperty("body").GetString()!;
                    inbound |= direction == "inbound" && body == "Hi <bridge> & co";
                    replyDelivered |= direction == "outbound-reply" && body == "You said: Hi <bridge> & co"
                        && message.GetProperty("status").GetString() == "delivered";
                }

                return inbound && replyDelivered ? "both" : null;
            });
            Assert.That(found, Is.EqualTo("both"), daemon.Output);

            // The store's and the webhooks' meters are exported next to the SMPP ones.
            string metrics = await client.GetStringAsync("/metrics");
            Assert.That(metrics, Does.Contain("store_commit_batch_size_bucket").And.Contain("store_commit_duration")
                .And.Contain("webhook_answered").And.Contain("receipts_received_total").And.Contain("smpp_responses_total"));
            Assert.That(daemon.Output, Does.Contain("--data-urlencode \"Body=Hello\"").And.Contain("/demo/mo"), "the start banner");
        }
        finally
        {
            if (daemon is not null)
            {
                await daemon.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DemoDaemon_SimulatorPortBusy_ConfigurationErrorExitCode2()
    {
        using TcpListener busy = new(IPAddress.Loopback, 0);
        busy.Start();
        int port = ((IPEndPoint)busy.LocalEndpoint).Port;
        string folder = Path.Combine(Path.GetTempPath(), "rsb-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using DaemonProcess daemon = DaemonProcess.Start(new Dictionary<string, string>
            {
                ["Bridge__Demo__Enabled"] = "true",
                ["Urls"] = $"http://127.0.0.1:{FreePort()}",
                ["Bridge__Demo__SimulatorPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
            });

            int exitCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(45));

            Assert.That(exitCode, Is.EqualTo(2), daemon.Output);
            Assert.That(daemon.Output, Does.Contain($"configuration error: Bridge:Demo:SimulatorPort {port} on 127.0.0.1 cannot be used")
                .And.Not.Contain("   at "));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [TestCase("Hello", "<Response><Sms>You said: Hello</Sms></Response>")]
    [TestCase("a<b & \"c\"", "<Response><Sms>You said: a&lt;b &amp; &quot;c&quot;</Sms></Response>")]
    [TestCase("", "<Response><Sms>You said: </Sms></Response>")]
    public void EchoDocument_Text_EscapedReply(string body, string expected)
    {
        Assert.That(DemoEndpoints.EchoDocument(body), Is.EqualTo(expected));
    }

    [TestCase("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [TestCase("https://0.0.0.0:8443;http://0.0.0.0:9000", "http://127.0.0.1:9000/")]
    [TestCase("http://*:8081", "http://127.0.0.1:8081/")]
    [TestCase("http://localhost:8082", "http://127.0.0.1:8082/")]
    public void FindBridgeUrl_Urls_LoopbackHttpAddress(string urls, string expected)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = urls })
            .Build();

        Assert.That(DemoServiceCollectionExtensions.FindBridgeUrl(configuration).ToString(), Is.EqualTo(expected));
    }

    [TestCase("http://127.0.0.1:0")]
    [TestCase("https://127.0.0.1:8443")]
    public void FindBridgeUrl_NoFixedHttpPort_ConfigurationError(string urls)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = urls })
            .Build();

        Assert.That(() => DemoServiceCollectionExtensions.FindBridgeUrl(configuration),
            Throws.TypeOf<ConfigurationFileException>().With.Message.Contains("Bridge:Demo:Enabled needs a plain http:// address"));
    }

    /// <summary>Polls every 100 ms until <paramref name="probe"/> gives a value, or null past the bound.</summary>
    private static async Task<string?> PollAsync(Func<Task<string?>> probe)
    {
        using CancellationTokenSource bound = new(s_deliveryBound);
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            while (await timer.WaitForNextTickAsync(bound.Token));
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            return null;
        }

        return null;
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
