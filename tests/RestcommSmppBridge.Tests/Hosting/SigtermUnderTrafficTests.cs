using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// systemd stops the bridge with SIGTERM while applications are sending: the process must exit 0 within the bound,
/// and after a restart every send that was acknowledged must be there and leave the outbox (nothing lost).
/// </summary>
[NonParallelizable]
public sealed class SigtermUnderTrafficTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task Sigterm_DuringApiTraffic_ExitsZeroAndLosesNoAcknowledgedSend(CancellationToken cancellationToken)
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-sigterm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        int httpPort = FreePort();
        Dictionary<string, string> environment = new()
        {
            ["Bridge__Demo__Enabled"] = "true",
            ["Urls"] = $"http://127.0.0.1:{httpPort}",
            ["Bridge__Demo__SimulatorPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
        };
        var acknowledged = new ConcurrentBag<string>();
        DaemonProcess? daemon = null;
        try
        {
            daemon = DaemonProcess.Start(environment);
            Uri address = await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));
            (HttpClient client, string messages) = await ClientAsync(address, folder);
            using (client)
            {
                // 16 senders until the process stops answering; SIGTERM after the 60th acknowledgement.
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var sixty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Task[] senders = Enumerable.Range(0, 16).Select(async worker =>
                {
                    for (int i = 0; !stop.IsCancellationRequested; i++)
                    {
                        try
                        {
                            using HttpResponseMessage response = await client.PostAsync(messages, new FormUrlEncodedContent(
                                new Dictionary<string, string> { ["From"] = "+15550100", ["To"] = "+15550199", ["Body"] = $"w{worker} #{i}" }),
                                stop.Token);
                            if (response.StatusCode != HttpStatusCode.OK)
                            {
                                return; // 503 once shutdown began: refused, not acknowledged
                            }

                            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop.Token));
                            acknowledged.Add(json.RootElement.GetProperty("sid").GetString()!);
                            if (acknowledged.Count >= 60)
                            {
                                sixty.TrySetResult();
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                        {
                            return; // connection refused or reset: not acknowledged
                        }
                    }
                }).ToArray();

                await sixty.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                daemon.Terminate();
                int exitCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(45));
                await stop.CancelAsync();
                await Task.WhenAll(senders);

                Assert.That(exitCode, Is.Zero, daemon.Output);
            }

            await daemon.DisposeAsync();
            daemon = DaemonProcess.Start(environment);
            address = await daemon.WaitListeningAsync(TimeSpan.FromSeconds(60));
            (HttpClient again, string list) = await ClientAsync(address, folder);
            using (again)
            {
                // Every acknowledged send is stored and leaves the outbox (sent to the simulator, and delivered when
                // the simulator that took it is the one still running).
                Dictionary<string, string> statuses = [];
                for (int attempt = 0; attempt < 120; attempt++)
                {
                    statuses = await StatusesAsync(again, list);
                    if (acknowledged.All(s => statuses.TryGetValue(s, out string? status) && status is "sent" or "delivered"))
                    {
                        break;
                    }

                    await Task.Delay(250, cancellationToken);
                }

                Assert.Multiple(() =>
                {
                    Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(60));
                    Assert.That(acknowledged.Where(s => !statuses.ContainsKey(s)), Is.Empty, "acknowledged but lost");
                    Assert.That(acknowledged.Where(s => statuses.TryGetValue(s, out string? status) && status is not ("sent" or "delivered")),
                        Is.Empty, "acknowledged but never sent");
                });
            }
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

    private static async Task<(HttpClient Client, string Messages)> ClientAsync(Uri address, string folder)
    {
        using JsonDocument account = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "demo-account.json")));
        string sid = account.RootElement.GetProperty("Sid").GetString()!;
        string token = account.RootElement.GetProperty("AuthToken").GetString()!;
        HttpClient client = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{sid}:{token}")));
        return (client, $"/restcomm/2012-04-24/Accounts/{sid}/SMS/Messages.json");
    }

    private static async Task<Dictionary<string, string>> StatusesAsync(HttpClient client, string messages)
    {
        Dictionary<string, string> statuses = [];
        for (int page = 0; ; page++)
        {
            using HttpResponseMessage response = await client.GetAsync($"{messages}?PageSize=1000&Page={page}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return statuses;
            }

            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            JsonElement items = json.RootElement.GetProperty("messages");
            foreach (JsonElement message in items.EnumerateArray())
            {
                statuses[message.GetProperty("sid").GetString()!] = message.GetProperty("status").GetString()!;
            }

            if (items.GetArrayLength() < 1000)
            {
                return statuses;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
