using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The load generator's client: one <see cref="SocketsHttpHandler"/> whose pool holds at most
/// <c>maxConnections</c> keep-alive HTTP/1.1 connections to the daemon, posting the form a Restcomm client sends
/// (<c>From</c>, <c>To</c>, <c>Body</c>, HTTP Basic) to <c>…/SMS/Messages.json</c>. The form bodies are encoded once
/// up front (1,024 different destinations), so the generator, which shares the CPU with the daemon, spends as little
/// as it can per request.
/// </summary>
internal sealed class RestSendClient : IDisposable
{
    private const int DistinctBodies = 1024;

    private static readonly MediaTypeHeaderValue s_formContentType = new("application/x-www-form-urlencoded");

    private readonly HttpClient _client;
    private readonly Uri _sendUri;
    private readonly byte[][] _bodies;

    public RestSendClient(DaemonUnderLoad daemon, int maxConnections)
    {
        SocketsHttpHandler handler = new()
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(10),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", daemon.BasicCredentials());
        _sendUri = new Uri(daemon.Address, $"restcomm/2012-04-24/Accounts/{daemon.AccountSid}/SMS/Messages.json");
        _bodies = new byte[DistinctBodies][];
        for (int i = 0; i < _bodies.Length; i++)
        {
            // '+' is sent as %2B, as a correct client does (a raw '+' decodes to a space and is refused).
            string form = string.Create(CultureInfo.InvariantCulture,
                $"From=%2B15550001111&To=%2B1555{2_000_000 + i}&Body=Your+verification+code+is+{100_000 + i}.+It+expires+in+10+minutes.");
            _bodies[i] = Encoding.ASCII.GetBytes(form);
        }
    }

    public Uri SendUri => _sendUri;

    /// <summary>Sends one message and returns the HTTP status once the whole answer is read.</summary>
    public async Task<int> SendAsync(int index, CancellationToken cancellationToken)
    {
        ByteArrayContent content = new(_bodies[index % DistinctBodies]);
        content.Headers.ContentType = s_formContentType;
        using HttpRequestMessage request = new(HttpMethod.Post, _sendUri) { Content = content };
        using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (int)response.StatusCode;
    }

    public void Dispose() => _client.Dispose();
}
