using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using RestcommSmppBridge.Tests.Api;
using RestcommSmppBridge.Tests.Hosting;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// "A committed message is there after the process is killed; an uncommitted one was never acknowledged": the real
/// daemon takes concurrent sends, is SIGKILLed in the middle of them (no shutdown, no flush), and is restarted on the
/// same database file.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StoreCrashSafetyTests
{
    private const int Total = 400;
    private const int KillAfterAcknowledged = 120;
    private const int Concurrency = 16;

    [Test]
    [CancelAfter(180_000)]
    public async Task KilledWhileSending_EveryAcknowledgedMessageIsListedAfterRestartAndNothingNeverSent()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        TestAccount account = TestAccounts.First;
        Dictionary<string, string> environment = new()
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
            ["Bridge__Accounts__0__Sid"] = account.Sid,
            ["Bridge__Accounts__0__AuthToken"] = account.Token,
        };

        ConcurrentDictionary<string, string> acknowledged = new(StringComparer.Ordinal);
        ConcurrentDictionary<string, bool> attempted = new(StringComparer.Ordinal);
        try
        {
            await using (DaemonProcess first = DaemonProcess.Start(environment))
            {
                Uri address = await first.WaitListeningAsync(TimeSpan.FromSeconds(60));
                using HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency })
                {
                    BaseAddress = address,
                    Timeout = TimeSpan.FromSeconds(30),
                };
                int next = -1;
                int acknowledgedCount = 0;
                bool killed = false;

                async Task SendLoopAsync()
                {
                    while (!Volatile.Read(ref killed))
                    {
                        int index = Interlocked.Increment(ref next);
                        if (index >= Total)
                        {
                            return;
                        }

                        string body = $"crash-{index:D4}";
                        attempted[body] = true;
                        string? sid = await TrySendAsync(client, account, body);
                        if (sid is null)
                        {
                            continue;
                        }

                        acknowledged[body] = sid;
                        if (Interlocked.Increment(ref acknowledgedCount) == KillAfterAcknowledged)
                        {
                            // SIGKILL while the other senders are mid-request.
                            Volatile.Write(ref killed, true);
                            first.Kill();
                        }
                    }
                }

                await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(SendLoopAsync)));
                Assert.That(Volatile.Read(ref killed), Is.True, "the daemon was killed mid-stream, before all sends ended");
            }

            Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(KillAfterAcknowledged));
            Assert.That(attempted, Has.Count.LessThan(Total), "sending stopped at the kill");

            await using DaemonProcess second = DaemonProcess.Start(environment);
            Uri restarted = await second.WaitListeningAsync(TimeSpan.FromSeconds(60));
            Dictionary<string, string> listed = await ListAllAsync(restarted, account);

            Assert.Multiple(() =>
            {
                foreach (KeyValuePair<string, string> sent in acknowledged)
                {
                    Assert.That(listed.TryGetValue(sent.Key, out string? sid) ? sid : "(missing)", Is.EqualTo(sent.Value),
                        $"acknowledged message '{sent.Key}' survives the kill with its sid");
                }

                foreach (string body in listed.Keys)
                {
                    Assert.That(attempted.ContainsKey(body), Is.True, $"listed message '{body}' was acknowledged or in flight");
                }
            });
            TestContext.Out.WriteLine(
                $"{attempted.Count} sends attempted, {acknowledged.Count} acknowledged, {listed.Count} listed after restart");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The sid when the daemon answered 200 with the whole body; null when the request died with the process.</summary>
    private static async Task<string?> TrySendAsync(HttpClient client, TestAccount account, string body)
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account.Sid, account.Token,
            [new("From", "+15550001111"), new("To", "+15552223333"), new("Body", body)]);
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            return JsonDocument.Parse(text).RootElement.GetProperty("sid").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (JsonException)
        {
            // A 200 whose body was cut by the kill: never fully acknowledged.
            return null;
        }
    }

    private static async Task<Dictionary<string, string>> ListAllAsync(Uri address, TestAccount account)
    {
        using HttpClient client = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json?PageSize=1000",
            account.Sid, account.Token);
        using HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        JsonElement root = JsonDocument.Parse(text).RootElement;
        Assert.That(root.GetProperty("total").GetInt32(), Is.LessThanOrEqualTo(Total));

        Dictionary<string, string> listed = new(StringComparer.Ordinal);
        foreach (JsonElement message in root.GetProperty("messages").EnumerateArray())
        {
            listed.Add(message.GetProperty("body").GetString()!, message.GetProperty("sid").GetString()!);
        }

        return listed;
    }
}
