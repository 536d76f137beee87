using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// The API on a real Kestrel (127.0.0.1, port 0) over the real SQLite store in a temp folder, with the accounts of
/// <see cref="TestAccounts"/> seeded through configuration, and a real <see cref="HttpClient"/>.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private ApiTestHost(WebApplication app, string folder, HttpClient client, FakeTimeProvider time, ListLoggerProvider logs)
    {
        _app = app;
        _folder = folder;
        Client = client;
        Time = time;
        Logs = logs;
    }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public ListLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public IMessageStore Messages => _app.Services.GetRequiredService<IMessageStore>();

    public static Task<ApiTestHost> StartAsync(IDictionary<string, string?>? extraSettings = null) =>
        StartAsync(TestAccounts.Settings(), extraSettings);

    public static async Task<ApiTestHost> StartAsync(IDictionary<string, string?> accountSettings, IDictionary<string, string?>? extraSettings,
        string? folder = null, Action<IServiceCollection>? configureServices = null, HttpMessageHandler? handler = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "rsb-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Dictionary<string, string?> settings = new(accountSettings)
        {
            ["Bridge:Storage:Path"] = Path.Combine(folder, "bridge.db"),
        };
        if (extraSettings is not null)
        {
            foreach (KeyValuePair<string, string?> pair in extraSettings)
            {
                settings[pair.Key] = pair.Value;
            }
        }

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = folder,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        ListLoggerProvider logs = new();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);

        FakeTimeProvider time = new(new DateTimeOffset(2015, 11, 19, 7, 21, 24, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddStorage(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddRestcommApi(builder.Configuration);

        // Kestrel's transport as the daemon runs it (inline scheduling, RuntimeTuning), with the same hand-off.
        builder.WebHost.UseSockets(options => RuntimeTuning.ConfigureTransport(options, "1"));

        WebApplication app = builder.Build();
        app.Use(IoThreadHandoff.InvokeAsync);
        app.UseRestcommApiNotFound();
        if (!settings.Keys.Any(k => k.StartsWith("Kestrel:Endpoints:", StringComparison.Ordinal)))
        {
            // Kestrel's own endpoints (HTTPS tests) replace the plain loopback one.
            app.Urls.Add("http://127.0.0.1:0");
        }

        app.MapRestcommApi();
        try
        {
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        HttpClient client = new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new ApiTestHost(app, folder, client, time, logs);
    }

    /// <summary>A request with Basic credentials.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string user, string password,
        IEnumerable<KeyValuePair<string, string>>? form = null, string? accept = null)
    {
        HttpRequestMessage request = new(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestAccount account,
        IEnumerable<KeyValuePair<string, string>>? form = null, string? accept = null)
    {
        using HttpRequestMessage request = Request(method, path, account.Sid, account.Token, form, accept);
        return await Client.SendAsync(request);
    }

    /// <summary>Posts a valid message for <paramref name="account"/> and returns its sid.</summary>
    public async Task<string> SendSmsAsync(TestAccount account, string from = "+15550001111", string to = "+15552223333", string body = "Hello")
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account,
            [new("From", from), new("To", to), new("Body", body)]);
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), text);
        using System.Text.Json.JsonDocument json = System.Text.Json.JsonDocument.Parse(text);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>Stops the host but keeps the database, to start another host on it.</summary>
    public async Task StopWithoutDeletingAsync()
    {
        Client.Dispose();
        using (CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWithoutDeletingAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Collects every log line, to check what is (and is never) logged.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> _entries = new();

    public IReadOnlyCollection<(string Category, LogLevel Level, EventId EventId, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class ListLogger(string category, ConcurrentQueue<(string, LogLevel, EventId, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }
}
