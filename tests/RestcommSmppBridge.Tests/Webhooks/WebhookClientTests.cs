using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Tests.Api;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Webhooks;

/// <summary>The client, registered by <c>AddWebhooks</c>, against a real Kestrel receiver on loopback.</summary>
public sealed class WebhookClientTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private const string Sid = "SM0123456789abcdef0123456789abcdef";
    private const string Account = "AC0123456789abcdef0123456789abcdef";

    private WebhookTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await WebhookTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task SendAsync_Post_FormUtf8InGivenOrderSignedWithBothHeaders()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(200, "<Response/>"));
        using Harness harness = Harness.Create();
        IReadOnlyList<KeyValuePair<string, string>> parameters = InboundWebhookParameters.Build(Sid, Account, "+15550001", "+15550002", "Hi & bye", "2012-04-24", 1);

        WebhookResponse response = await harness.Client.SendAsync(new WebhookRequest(_server.Url(path + "?app=7"), WebhookMethod.Post, parameters, Token), CancellationToken.None);

        RecordedRequest received = _server.RequestsTo(path).Single();
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Attempts, Is.EqualTo(1));
        Assert.That(response.GetBodyText(), Is.EqualTo("<Response/>"));
        Assert.That(received.Method, Is.EqualTo("POST"));
        Assert.That(received.Header("Content-Type"), Is.EqualTo("application/x-www-form-urlencoded; charset=utf-8"));
        Assert.That(received.Form, Is.EqualTo(parameters));
        Assert.That(received.BodyText, Does.StartWith("SmsSid=" + Sid + "&AccountSid=" + Account + "&From=%2B15550001&To=%2B15550002&Body=Hi+%26+bye&MessageSid="));
        Assert.That(received.QueryString, Is.EqualTo("?app=7"));
        Assert.That(received.Header(WebhookSigner.RestcommSignatureHeader), Is.Not.Null);
        Assert.That(received.Header(WebhookSigner.TwilioSignatureHeader), Is.EqualTo(received.Header(WebhookSigner.RestcommSignatureHeader)));
        Assert.That(WebhookSigner.Validate(Token, received.EncodedUrl, received.Form, received.Header(WebhookSigner.RestcommSignatureHeader)), Is.True);
        Assert.That(WebhookSigner.Validate("another-token", received.EncodedUrl, received.Form, received.Header(WebhookSigner.RestcommSignatureHeader)), Is.False);
        Assert.That(received.Header("User-Agent"), Does.Match(@"^RestcommSmppBridge/\d+\.\d+\.\d+"));
    }

    [Test]
    public async Task SendAsync_Get_KeepsTheUrlsQueryAndSignsTheFullUrl()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(200, "<Response/>"));
        using Harness harness = Harness.Create();
        KeyValuePair<string, string>[] parameters = [new("From", "+1 555"), new("Body", "a=b&c")];

        await harness.Client.SendAsync(new WebhookRequest(_server.Url(path + "?key=abc&x=1"), WebhookMethod.Get, parameters, Token), CancellationToken.None);

        RecordedRequest received = _server.RequestsTo(path).Single();
        Assert.That(received.Method, Is.EqualTo("GET"));
        Assert.That(received.Body, Is.Empty);
        Assert.That(received.Query, Is.EqualTo(new KeyValuePair<string, string>[] { new("key", "abc"), new("x", "1"), new("From", "+1 555"), new("Body", "a=b&c") }));
        Assert.That(WebhookSigner.Validate(Token, received.EncodedUrl, null, received.Header(WebhookSigner.TwilioSignatureHeader)), Is.True);
        Assert.That(WebhookSigner.Validate(Token, received.EncodedUrl, null, received.Header(WebhookSigner.RestcommSignatureHeader)), Is.True);
    }

    [Test]
    public async Task SendAsync_NoToken_NoSignatureHeaders()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(204));
        using Harness harness = Harness.Create();

        WebhookResponse response = await harness.Client.SendAsync(new WebhookRequest(_server.Url(path), WebhookMethod.Post, [new("a", "1")], null), CancellationToken.None);

        RecordedRequest received = _server.RequestsTo(path).Single();
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(received.Header(WebhookSigner.RestcommSignatureHeader), Is.Null);
        Assert.That(received.Header(WebhookSigner.TwilioSignatureHeader), Is.Null);
    }

    [Test]
    public async Task SendAsync_Emoji_RoundTripsInBothDirections()
    {
        const string Text = "Grüße 😀 日本語 ✓";
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(200, "<Response><Sms>" + Text + "</Sms></Response>"));
        using Harness harness = Harness.Create();

        WebhookResponse post = await harness.Client.SendAsync(new WebhookRequest(_server.Url(path), WebhookMethod.Post, [new("Body", Text)], Token), CancellationToken.None);
        await harness.Client.SendAsync(new WebhookRequest(_server.Url(path), WebhookMethod.Get, [new("Body", Text)], Token), CancellationToken.None);

        IReadOnlyList<RecordedRequest> received = _server.RequestsTo(path);
        Assert.That(received[0].Form, Is.EqualTo(new KeyValuePair<string, string>[] { new("Body", Text) }));
        Assert.That(received[1].Query, Is.EqualTo(new KeyValuePair<string, string>[] { new("Body", Text) }));
        Assert.That(WebhookSigner.Validate(Token, received[0].EncodedUrl, received[0].Form, received[0].Header(WebhookSigner.RestcommSignatureHeader)), Is.True);
        Assert.That(WebhookSigner.Validate(Token, received[1].EncodedUrl, null, received[1].Header(WebhookSigner.RestcommSignatureHeader)), Is.True);
        Assert.That(post.GetBodyText(), Is.EqualTo("<Response><Sms>" + Text + "</Sms></Response>"));
        Assert.That(post.Body.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes("<Response><Sms>" + Text + "</Sms></Response>")));
    }

    [Test]
    public async Task SendAsync_500ThenOk_RetriedAndCountsAttempts()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(500), WebhookTestServer.Status(502), WebhookTestServer.Status(200, "<Response/>"));
        using Harness harness = Harness.Create();

        WebhookResponse response = await harness.Client.SendAsync(Post(path), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Attempts, Is.EqualTo(3));
        Assert.That(_server.RequestsTo(path), Has.Count.EqualTo(3));
        Assert.That(harness.Events(3000), Has.Count.EqualTo(2));
        Assert.That(harness.Events(3000)[0].Message, Does.Contain("attempt 1 failed (HTTP 500)"));
    }

    [Test]
    public async Task SendAsync_AlwaysFailing5xx_GivesUpAfterMaxAttemptsWithTheStatus()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(503));
        using Harness harness = Harness.Create();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.HttpStatus));
        Assert.That(error.StatusCode, Is.EqualTo(503));
        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(_server.RequestsTo(path), Has.Count.EqualTo(3));
        Assert.That(harness.Events(3001), Has.Count.EqualTo(1));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    public async Task SendAsync_ClientError_NotRetried(int status)
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(status), WebhookTestServer.Status(200));
        using Harness harness = Harness.Create();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.HttpStatus));
        Assert.That(error.StatusCode, Is.EqualTo(status));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(_server.RequestsTo(path), Has.Count.EqualTo(1));
        Assert.That(harness.Events(3000), Is.Empty);
    }

    [Test]
    public async Task SendAsync_NoAnswer_TimesOutEachAttemptThenGivesUp()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Hang());
        using Harness harness = Harness.Create(("AttemptTimeout", "00:00:00.200"));
        Stopwatch clock = Stopwatch.StartNew();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.Timeout));
        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(error.StatusCode, Is.Null);
        Assert.That(_server.RequestsTo(path), Has.Count.EqualTo(3));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600)).And.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(harness.Events(3000).Select(e => e.Message), Has.All.Contain("failed (Timeout)"));
    }

    [Test]
    public async Task SendAsync_TotalTimeout_BoundsAttemptsAndPauses()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Hang());
        using Harness harness = Harness.Create(("AttemptTimeout", "00:00:00.200"), ("TotalTimeout", "00:00:00.500"), ("MaxAttempts", "10"));
        Stopwatch clock = Stopwatch.StartNew();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        // 0–200 ms, a pause of 10–50 ms, 210–410 ms, a pause, then cut at 500 ms: three attempts (two on a busy box).
        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.Timeout));
        Assert.That(error.Attempts, Is.InRange(2, 3));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450)).And.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task SendAsync_ConnectionRefused_ConnectAfterRetries()
    {
        using Harness harness = Harness.Create();
        Uri closed = new($"http://127.0.0.1:{ClosedPort()}/sms");

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(new WebhookRequest(closed, WebhookMethod.Post, [new("a", "1")], Token), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.Connect));
        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(error.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(harness.Events(3000), Has.Count.EqualTo(2));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task SendAsync_BodyOverTheLimit_TooLargeWithoutRetry(bool declareLength)
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Huge(1024 * 1024, declareLength));
        using Harness harness = Harness.Create(("MaxResponseBytes", "4096"));

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.TooLarge));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(harness.Events(3007), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_BodyAtTheLimit_Read()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Huge(4096, declareLength: false));
        using Harness harness = Harness.Create(("MaxResponseBytes", "4096"));

        WebhookResponse response = await harness.Client.SendAsync(Post(path), CancellationToken.None);

        Assert.That(response.Body.Length, Is.EqualTo(4096));
    }

    [Test]
    public async Task SendAsync_429WithRetryAfter_WaitsThatLongThenRetries()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(429, retryAfter: "1"), WebhookTestServer.Status(200));
        using Harness harness = Harness.Create();
        Stopwatch clock = Stopwatch.StartNew();

        WebhookResponse response = await harness.Client.SendAsync(Post(path), CancellationToken.None);

        Assert.That(response.Attempts, Is.EqualTo(2));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)));
        Assert.That(harness.Events(3000).Single().Message, Does.EndWith("retrying in 00:00:01"));
    }

    [Test]
    public async Task SendAsync_RetryAfterBeyondTotalTimeout_GivesUpAtOnce()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(429, retryAfter: "3600"), WebhookTestServer.Status(200));
        using Harness harness = Harness.Create();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.HttpStatus));
        Assert.That(error.StatusCode, Is.EqualTo(429));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(harness.Events(3006), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_408_Retried()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(408), WebhookTestServer.Status(200));
        using Harness harness = Harness.Create();

        WebhookResponse response = await harness.Client.SendAsync(Post(path), CancellationToken.None);

        Assert.That(response.Attempts, Is.EqualTo(2));
    }

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task SendAsync_PostRedirected_FollowedWithTheSameFormAndANewSignature(int status)
    {
        string from = NewPath();
        string to = NewPath();
        _server.On(from, WebhookTestServer.Redirect(status, to + "?moved=1"));
        _server.On(to, WebhookTestServer.Status(200, "<Response/>"));
        using Harness harness = Harness.Create();
        KeyValuePair<string, string>[] parameters = [new("From", "+1"), new("Body", "hello")];

        WebhookResponse response = await harness.Client.SendAsync(new WebhookRequest(_server.Url(from), WebhookMethod.Post, parameters, Token), CancellationToken.None);

        RecordedRequest final = _server.RequestsTo(to).Single();
        Assert.That(response.Attempts, Is.EqualTo(1));
        Assert.That(response.Url, Is.EqualTo(_server.Url(to + "?moved=1")));
        Assert.That(final.Method, Is.EqualTo("POST"));
        Assert.That(final.Form, Is.EqualTo(parameters));
        Assert.That(WebhookSigner.Validate(Token, final.EncodedUrl, final.Form, final.Header(WebhookSigner.RestcommSignatureHeader)), Is.True);
    }

    [Test]
    public async Task SendAsync_GetRedirected_FollowsTheLocationAsGiven()
    {
        string from = NewPath();
        string to = NewPath();
        _server.On(from, WebhookTestServer.Redirect(302, _server.Url(to + "?only=this").AbsoluteUri));
        _server.On(to, WebhookTestServer.Status(200));
        using Harness harness = Harness.Create();

        await harness.Client.SendAsync(new WebhookRequest(_server.Url(from), WebhookMethod.Get, [new("From", "+1")], Token), CancellationToken.None);

        RecordedRequest final = _server.RequestsTo(to).Single();
        Assert.That(final.Method, Is.EqualTo("GET"));
        Assert.That(final.QueryString, Is.EqualTo("?only=this"));
        Assert.That(WebhookSigner.Validate(Token, final.EncodedUrl, null, final.Header(WebhookSigner.TwilioSignatureHeader)), Is.True);
    }

    [Test]
    public async Task SendAsync_RedirectLoop_StopsAfterMaxRedirects()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Redirect(302, path));
        using Harness harness = Harness.Create(("MaxRedirects", "3"));

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendAsync(Post(path), CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.HttpStatus));
        Assert.That(error.StatusCode, Is.EqualTo(302));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(_server.RequestsTo(path), Has.Count.EqualTo(4));
        Assert.That(harness.Events(3004), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendWithFallbackAsync_PrimaryFails_FallbackTriedOnce()
    {
        string primary = NewPath();
        string fallback = NewPath();
        _server.On(primary, WebhookTestServer.Status(500));
        _server.On(fallback, WebhookTestServer.Status(200, "<Response><Sms>fallback</Sms></Response>"));
        using Harness harness = Harness.Create();

        WebhookResponse response = await harness.Client.SendWithFallbackAsync(Post(primary), Post(fallback), null, CancellationToken.None);

        Assert.That(response.FromFallback, Is.True);
        Assert.That(response.Attempts, Is.EqualTo(1));
        Assert.That(response.GetBodyText(), Does.Contain("fallback"));
        Assert.That(_server.RequestsTo(primary), Has.Count.EqualTo(3));
        Assert.That(_server.RequestsTo(fallback), Has.Count.EqualTo(1));
        Assert.That(harness.Events(3002), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendWithFallbackAsync_PredicateRefusesPrimary_FallbackUsed()
    {
        string primary = NewPath();
        string fallback = NewPath();
        _server.On(primary, WebhookTestServer.Status(204));
        _server.On(fallback, WebhookTestServer.Status(200, "<Response/>"));
        using Harness harness = Harness.Create();

        WebhookResponse response = await harness.Client.SendWithFallbackAsync(Post(primary), Post(fallback), r => r.StatusCode == 200, CancellationToken.None);

        Assert.That(response.FromFallback, Is.True);
        Assert.That(_server.RequestsTo(primary), Has.Count.EqualTo(1));
        Assert.That(harness.Events(3008), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendWithFallbackAsync_PrimaryOk_FallbackUntouched()
    {
        string primary = NewPath();
        string fallback = NewPath();
        _server.On(primary, WebhookTestServer.Status(200, "<Response/>"));
        using Harness harness = Harness.Create();

        WebhookResponse response = await harness.Client.SendWithFallbackAsync(Post(primary), Post(fallback), r => r.StatusCode == 200, CancellationToken.None);

        Assert.That(response.FromFallback, Is.False);
        Assert.That(_server.RequestsTo(fallback), Is.Empty);
    }

    [Test]
    public async Task SendWithFallbackAsync_BothFail_ThrowsTheFallbacksFailure()
    {
        string primary = NewPath();
        string fallback = NewPath();
        _server.On(primary, WebhookTestServer.Status(500));
        _server.On(fallback, WebhookTestServer.Status(503));
        using Harness harness = Harness.Create();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendWithFallbackAsync(Post(primary), Post(fallback), null, CancellationToken.None));

        Assert.That(error.FromFallback, Is.True);
        Assert.That(error.StatusCode, Is.EqualTo(503));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(_server.RequestsTo(fallback), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendWithFallbackAsync_NoFallbackAndRefusedAnswer_HttpStatus()
    {
        string primary = NewPath();
        _server.On(primary, WebhookTestServer.Status(201, "<Response/>"));
        using Harness harness = Harness.Create();

        WebhookException error = await ThrowsWebhookAsync(harness.Client.SendWithFallbackAsync(Post(primary), null, r => r.StatusCode == 200, CancellationToken.None));

        Assert.That(error.Reason, Is.EqualTo(WebhookFailureReason.HttpStatus));
        Assert.That(error.StatusCode, Is.EqualTo(201));
        Assert.That(error.FromFallback, Is.False);
    }

    [Test]
    public async Task SendAsync_CallerCancels_OperationCanceledNotWebhookException()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Hang());
        using Harness harness = Harness.Create();
        using CancellationTokenSource cancel = new();
        Task<WebhookResponse> sending = harness.Client.SendAsync(Post(path), cancel.Token);
        await _server.FirstRequestAsync(path);

        await cancel.CancelAsync();

        Assert.That(async () => await sending, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Logs_NeverShowQueryTokenOrBody()
    {
        string path = NewPath();
        _server.On(path, WebhookTestServer.Status(500), WebhookTestServer.Status(404));
        using Harness harness = Harness.Create();
        WebhookRequest request = new(_server.Url(path + "?apiKey=query-secret"), WebhookMethod.Post, [new("Body", "body-secret")], "token-secret");

        await ThrowsWebhookAsync(harness.Client.SendAsync(request, CancellationToken.None));

        IReadOnlyCollection<(string Category, LogLevel Level, EventId EventId, string Message)> entries = harness.Logs.Entries;
        Assert.That(entries, Is.Not.Empty);
        Assert.That(entries.Select(e => e.Message), Has.None.Contain("query-secret").And.None.Contain("body-secret").And.None.Contain("token-secret"));
        Assert.That(entries.Select(e => e.Message), Has.Some.Contain(_server.Url(path).AbsoluteUri));
        Assert.That(entries.Select(e => e.EventId.Id), Has.All.InRange(3000, 3099));
    }

    private static string NewPath() => "/hook/" + Guid.NewGuid().ToString("N");

    private WebhookRequest Post(string path) => new(_server.Url(path), WebhookMethod.Post, [new("SmsSid", Sid), new("Body", "hi")], Token);

    private static int ClosedPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<WebhookException> ThrowsWebhookAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (WebhookException error)
        {
            return error;
        }

        Assert.Fail("Expected a WebhookException.");
        throw new UnreachableException();
    }

    private sealed class Harness : IDisposable
    {
        private readonly ServiceProvider _provider;

        private Harness(ServiceProvider provider, ListLoggerProvider logs)
        {
            _provider = provider;
            Logs = logs;
            Client = provider.GetRequiredService<WebhookClient>();
        }

        public WebhookClient Client { get; }

        public ListLoggerProvider Logs { get; }

        /// <summary>A client with short pauses so retry tests stay fast; <paramref name="overrides"/> are <c>Bridge:Webhooks</c> keys.</summary>
        public static Harness Create(params (string Key, string Value)[] overrides)
        {
            Dictionary<string, string?> settings = new()
            {
                ["Bridge:Webhooks:AttemptTimeout"] = "00:00:05",
                ["Bridge:Webhooks:TotalTimeout"] = "00:00:15",
                ["Bridge:Webhooks:MaxAttempts"] = "3",
                ["Bridge:Webhooks:BackoffInitial"] = "00:00:00.010",
                ["Bridge:Webhooks:BackoffMax"] = "00:00:00.050",
            };
            foreach ((string key, string value) in overrides)
            {
                settings["Bridge:Webhooks:" + key] = value;
            }

            ListLoggerProvider logs = new();
            ServiceCollection services = new();
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddWebhooks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            return new Harness(services.BuildServiceProvider(), logs);
        }

        public IReadOnlyList<(string Category, LogLevel Level, EventId EventId, string Message)> Events(int eventId) =>
            [.. Logs.Entries.Where(e => e.EventId.Id == eventId)];

        public void Dispose() => _provider.Dispose();
    }
}
