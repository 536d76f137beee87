using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Tests.Api;
using RestcommSmppBridge.Tests.Hosting;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.EndToEnd;

/// <summary>
/// One carrier of a <see cref="BridgeRig"/>: an <see cref="SmscSimulator"/> on 127.0.0.1:0 built from
/// <paramref name="Simulator"/> (null: the carrier points at a closed port, so it is never bound), the destination
/// prefixes it serves with their preference, and any further <c>Bridge:Carriers:N:*</c> keys.
/// </summary>
internal sealed record RigCarrier(string Name, SimulatorOptions? Simulator, (string Prefix, int Preference)[] Routes,
    IReadOnlyDictionary<string, string>? Settings = null);

/// <summary>A number of the rig's account whose inbound SMS go to <paramref name="SmsPath"/> of the rig's RCML app.</summary>
internal sealed record RigNumber(string PhoneNumber, string SmsPath);

/// <summary>
/// The whole bridge as users run it, with real parts around it: the daemon binary (<see cref="DaemonProcess"/>)
/// configured only through environment variables, on a SQLite file in a temporary folder; SMSC simulators as its
/// carriers; and a real RCML application (<see cref="WebhookTestServer"/>, Kestrel on 127.0.0.1:0) that answers
/// scripted documents and records every request, status callbacks included (they go to <see cref="CallbackPath"/>).
/// </summary>
internal sealed class BridgeRig : IAsyncDisposable
{
    public const string CallbackPath = "/status";
    public const string Password = "pw-e2e";
    public const string DefaultFrom = "+15550100";

    private static readonly TimeSpan s_startBound = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> _environment;
    private readonly Dictionary<string, SmscSimulator> _simulators;
    private readonly string[] _boundCarriers;
    private HttpClient _client;

    private BridgeRig(string folder, WebhookTestServer app, Dictionary<string, SmscSimulator> simulators, string[] boundCarriers,
        Dictionary<string, string> environment, DaemonProcess daemon, HttpClient client)
    {
        Folder = folder;
        App = app;
        _simulators = simulators;
        _boundCarriers = boundCarriers;
        _environment = environment;
        Daemon = daemon;
        _client = client;
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "bridge.db");

    /// <summary>The RCML application; status callbacks are answered 200 at <see cref="CallbackPath"/>.</summary>
    public WebhookTestServer App { get; }

    public DaemonProcess Daemon { get; private set; }

    public static TestAccount Account => TestAccounts.First;

    public SmscSimulator Simulator(string carrier) => _simulators[carrier];

    /// <summary>
    /// Starts the app, the simulators and the daemon, and returns once every carrier with a simulator has a bound bind.
    /// <paramref name="settings"/> are extra environment variables (<c>Bridge__Outbound__MaxAttempts</c>, …).
    /// </summary>
    public static async Task<BridgeRig> StartAsync(IReadOnlyList<RigCarrier> carriers, IReadOnlyList<RigNumber>? numbers = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        WebhookTestServer app = await WebhookTestServer.StartAsync();
        app.On(CallbackPath, WebhookTestServer.Status(200));
        Dictionary<string, SmscSimulator> simulators = new(StringComparer.Ordinal);
        try
        {
            Dictionary<string, string> environment = new()
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db"),
                ["Bridge__Accounts__0__Sid"] = Account.Sid,
                ["Bridge__Accounts__0__AuthToken"] = Account.Token,
                // Short pauses, so that retries and resumes happen within a test's bound.
                ["Bridge__Outbound__PollInterval"] = "00:00:00.1",
                ["Bridge__Outbound__RetryBackoffMin"] = "00:00:00.05",
                ["Bridge__Outbound__RetryBackoffMax"] = "00:00:00.5",
                ["Bridge__Webhooks__AttemptTimeout"] = "00:00:03",
                ["Bridge__Webhooks__TotalTimeout"] = "00:00:10",
                ["Bridge__Webhooks__BackoffInitial"] = "00:00:00.05",
                ["Bridge__Webhooks__BackoffMax"] = "00:00:00.2",
                ["Bridge__Inbound__WebhookRetryDelay"] = "00:00:00.2",
                ["Bridge__Inbound__WebhookRetryMaxDelay"] = "00:00:01",
            };
            List<string> bound = [];
            for (int i = 0; i < carriers.Count; i++)
            {
                RigCarrier carrier = carriers[i];
                int port;
                if (carrier.Simulator is { } options)
                {
                    SmscSimulator simulator = new(options with
                    {
                        Credentials = new Dictionary<string, string> { [carrier.Name] = Password },
                        Session = options.Session with { Name = carrier.Name, EnquireLinkInterval = TimeSpan.Zero },
                    });
                    simulator.Start();
                    simulators[carrier.Name] = simulator;
                    port = simulator.LocalEndPoint.Port;
                    bound.Add(carrier.Name);
                }
                else
                {
                    port = ClosedPort();
                }

                string key = $"Bridge__Carriers__{i}__";
                environment[key + "Name"] = carrier.Name;
                environment[key + "Host"] = "127.0.0.1";
                environment[key + "Port"] = port.ToString(CultureInfo.InvariantCulture);
                environment[key + "SystemId"] = carrier.Name;
                environment[key + "Password"] = Password;
                environment[key + "ReconnectMinDelay"] = "00:00:00.05";
                environment[key + "ReconnectMaxDelay"] = "00:00:00.2";
                environment[key + "ResponseTimeout"] = "00:00:05";
                environment[key + "ConnectTimeout"] = "00:00:05";
                for (int r = 0; r < carrier.Routes.Length; r++)
                {
                    environment[$"{key}Routes__{r}__Prefix"] = carrier.Routes[r].Prefix;
                    environment[$"{key}Routes__{r}__Preference"] = carrier.Routes[r].Preference.ToString(CultureInfo.InvariantCulture);
                }

                foreach (KeyValuePair<string, string> setting in carrier.Settings ?? new Dictionary<string, string>())
                {
                    environment[key + setting.Key] = setting.Value;
                }
            }

            IReadOnlyList<RigNumber> numberList = numbers ?? [];
            for (int i = 0; i < numberList.Count; i++)
            {
                environment[$"Bridge__Numbers__{i}__PhoneNumber"] = numberList[i].PhoneNumber;
                environment[$"Bridge__Numbers__{i}__AccountSid"] = Account.Sid;
                environment[$"Bridge__Numbers__{i}__SmsUrl"] = app.Url(numberList[i].SmsPath).AbsoluteUri;
            }

            foreach (KeyValuePair<string, string> setting in settings ?? new Dictionary<string, string>())
            {
                environment[setting.Key] = setting.Value;
            }

            (DaemonProcess daemon, HttpClient client) = await StartDaemonAsync(environment, [.. bound]);
            return new BridgeRig(folder, app, simulators, [.. bound], environment, daemon, client);
        }
        catch
        {
            foreach (SmscSimulator simulator in simulators.Values)
            {
                await simulator.DisposeAsync();
            }

            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>SIGKILLs the daemon: no shutdown, no flush, as in a crash or an OOM kill.</summary>
    public void Kill() => Daemon.Kill();

    /// <summary>Starts the daemon again (after <see cref="Kill"/>) on the same database and settings.</summary>
    public async Task RestartAsync()
    {
        await Daemon.DisposeAsync();
        _client.Dispose();
        (Daemon, _client) = await StartDaemonAsync(_environment, _boundCarriers);
    }

    /// <summary>POSTs a send through the REST API and returns the new message's sid (the answer must be 200).</summary>
    public async Task<string> SendAsync(string to, string body, string from = DefaultFrom, bool withCallback = true)
    {
        (HttpStatusCode status, string text) = await PostSendAsync(to, body, from, withCallback, CancellationToken.None);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        using JsonDocument json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>A send that may meet a dying process: the sid when answered 200, else null.</summary>
    public async Task<string?> TrySendAsync(string to, string body, CancellationToken cancellationToken)
    {
        try
        {
            (HttpStatusCode status, string text) = await PostSendAsync(to, body, DefaultFrom, withCallback: true, cancellationToken);
            if (status != HttpStatusCode.OK)
            {
                return null;
            }

            using JsonDocument json = JsonDocument.Parse(text);
            return json.RootElement.GetProperty("sid").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>Every message of the account through the REST list, by sid.</summary>
    public async Task<Dictionary<string, RigMessage>> ListAsync()
    {
        Dictionary<string, RigMessage> messages = new(StringComparer.Ordinal);
        for (int page = 0; ; page++)
        {
            string json = await _client.GetStringAsync($"{TestAccounts.MessagesPath(Account)}.json?PageSize=1000&Page={page}");
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement items = document.RootElement.GetProperty("messages");
            foreach (JsonElement item in items.EnumerateArray())
            {
                RigMessage message = RigMessage.Read(item);
                messages[message.Sid] = message;
            }

            if (items.GetArrayLength() < 1000)
            {
                return messages;
            }
        }
    }

    public async Task<RigMessage> GetAsync(string sid)
    {
        string json = await _client.GetStringAsync($"{TestAccounts.MessagesPath(Account)}/{sid}.json");
        using JsonDocument document = JsonDocument.Parse(json);
        return RigMessage.Read(document.RootElement);
    }

    /// <summary>Waits until <paramref name="sid"/> reaches a final status (delivered, undelivered, failed) and returns it.</summary>
    public async Task<RigMessage> WaitFinalAsync(string sid, TimeSpan? bound = null)
    {
        RigMessage? last = null;
        bool done = await EventuallyAsync(async () =>
        {
            last = await GetAsync(sid);
            return last.IsFinal;
        }, bound ?? TimeSpan.FromSeconds(20));
        Assert.That(done, Is.True, $"{sid} never reached a final status; it is {last?.Status}\n{Daemon.Output}");
        return last!;
    }

    /// <summary>The status callbacks the app received for <paramref name="sid"/>, in arrival order (MessageStatus values).</summary>
    public IReadOnlyList<string> CallbackStatuses(string sid, string path = CallbackPath)
    {
        List<string> statuses = [];
        foreach (RecordedRequest request in App.RequestsTo(path))
        {
            if (Field(request, "MessageSid") == sid && Field(request, "MessageStatus") is { } status)
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    /// <summary>Reads one value through a fresh read-only connection to the live database (WAL lets readers in).</summary>
    public T Query<T>(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteConnection connection = new($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static string? Field(RecordedRequest request, string name)
    {
        IReadOnlyList<KeyValuePair<string, string>> fields = request.Method == "GET" ? request.Query : request.Form;
        foreach (KeyValuePair<string, string> field in fields)
        {
            if (field.Key == name)
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds (true) or <paramref name="bound"/> passes (false).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound)
    {
        using CancellationTokenSource deadline = new(bound);
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                if (await condition())
                {
                    return true;
                }
            }
            while (await timer.WaitForNextTickAsync(deadline.Token));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }

        return false;
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan bound) => EventuallyAsync(() => Task.FromResult(condition()), bound);

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        _client.Dispose();
        foreach (SmscSimulator simulator in _simulators.Values)
        {
            await simulator.DisposeAsync();
        }

        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private async Task<(HttpStatusCode Status, string Text)> PostSendAsync(string to, string body, string from, bool withCallback,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string> form = new() { ["From"] = from, ["To"] = to, ["Body"] = body };
        if (withCallback)
        {
            form["StatusCallback"] = App.Url(CallbackPath).AbsoluteUri;
        }

        using HttpResponseMessage response = await _client.PostAsync($"{TestAccounts.MessagesPath(Account)}.json",
            new FormUrlEncodedContent(form), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task<(DaemonProcess Daemon, HttpClient Client)> StartDaemonAsync(Dictionary<string, string> environment,
        string[] boundCarriers)
    {
        DaemonProcess daemon = DaemonProcess.Start(environment);
        HttpClient? client = null;
        try
        {
            Uri address = await daemon.WaitListeningAsync(s_startBound);
            client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromSeconds(15),
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Account.Sid}:{Account.Token}")));
            HttpClient health = client;
            bool bound = await EventuallyAsync(() => AllBoundAsync(health, boundCarriers), s_startBound);
            Assert.That(bound, Is.True, "the carriers never bound:\n" + daemon.Output);
            return (daemon, client);
        }
        catch
        {
            client?.Dispose();
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads /health/ready (200 or 503, both carry the carriers) and checks each named carrier has a bound bind.</summary>
    private static async Task<bool> AllBoundAsync(HttpClient client, string[] carriers)
    {
        using HttpResponseMessage response = await client.GetAsync("/health/ready");
        using JsonDocument report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (!report.RootElement.TryGetProperty("carriers", out JsonElement list))
        {
            return carriers.Length == 0;
        }

        HashSet<string> up = new(StringComparer.Ordinal);
        foreach (JsonElement carrier in list.EnumerateArray())
        {
            if (carrier.GetProperty("boundBinds").GetInt32() > 0)
            {
                up.Add(carrier.GetProperty("name").GetString()!);
            }
        }

        return carriers.All(up.Contains);
    }

    /// <summary>A loopback port nothing listens on (taken, then released): connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The fields of a message of the REST API that these tests look at.</summary>
internal sealed record RigMessage(string Sid, string Status, string Direction, string From, string To, string Body, int? ErrorCode,
    int NumSegments)
{
    public bool IsFinal => Status is "delivered" or "undelivered" or "failed";

    public static RigMessage Read(JsonElement item) => new(
        item.GetProperty("sid").GetString()!,
        item.GetProperty("status").GetString()!,
        item.GetProperty("direction").GetString()!,
        item.GetProperty("from").GetString()!,
        item.GetProperty("to").GetString()!,
        item.GetProperty("body").GetString()!,
        item.TryGetProperty("error_code", out JsonElement code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null,
        int.Parse(item.GetProperty("num_segments").GetString()!, CultureInfo.InvariantCulture));
}

/// <summary>What a simulator accepted, with long messages put back together from their parts.</summary>
internal sealed record SimulatedMessage(string Destination, string Text, byte DataCoding, int Parts, ConcatenationKind Concatenation,
    long FirstSequence);

internal static class SimulatorLogExtensions
{
    /// <summary>
    /// The accepted submits as whole messages, in acceptance order: parts of one long message (same destination and
    /// reference) joined by sequence number.
    /// </summary>
    public static IReadOnlyList<SimulatedMessage> Messages(this SmscSimulator simulator)
    {
        List<SimulatedMessage> messages = [];
        Dictionary<(string Destination, int Reference), List<AcceptedMessage>> partial = [];
        foreach (AcceptedMessage accepted in simulator.Accepted.Snapshot())
        {
            if (accepted.Part is not { } part)
            {
                messages.Add(new SimulatedMessage(accepted.Destination, accepted.Text, accepted.DataCoding, 1, accepted.Concatenation,
                    accepted.Sequence));
                continue;
            }

            (string, int) key = (accepted.Destination, part.Reference);
            if (!partial.TryGetValue(key, out List<AcceptedMessage>? parts))
            {
                partial[key] = parts = [];
            }

            parts.Add(accepted);
            if (parts.Count == part.Total)
            {
                partial.Remove(key);
                parts.Sort((a, b) => a.Part!.Value.Sequence.CompareTo(b.Part!.Value.Sequence));
                StringBuilder text = new();
                foreach (AcceptedMessage piece in parts)
                {
                    text.Append(piece.Text);
                }

                messages.Add(new SimulatedMessage(accepted.Destination, text.ToString(), accepted.DataCoding, parts.Count,
                    accepted.Concatenation, parts[0].Sequence));
            }
        }

        return messages;
    }
}
