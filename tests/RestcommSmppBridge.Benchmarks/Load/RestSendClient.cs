using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The load generator's client: one <see cref="SocketsHttpHandler"/> whose pool holds at most
/// <c>maxConnections</c> keep-alive HTTP/1.1 connections to the daemon, posting the form a Restcomm client sends
/// (<c>From</c>, <c>To</c>, <c>Body</c>, HTTP Basic) to <c>…/SMS/Messages.json</c>. The form bodies are encoded once
/// up front (1,024 different destinations), so the generator, which shares the CPU with the daemon, spends as little
/// as it can per request. With <see cref="MtTracking"/> (<c>load mt</c>) each send instead carries a text unique to
/// its index and a StatusCallback, and the sid of every accepted send is handed to the tracking.
/// </summary>
internal sealed class RestSendClient : IDisposable, ILoadSender
{
    private const int DistinctBodies = 1024;

    private static readonly MediaTypeHeaderValue s_formContentType = new("application/x-www-form-urlencoded");

    private readonly HttpClient _client;
    private readonly Uri _sendUri;
    private readonly byte[][] _bodies;
    private readonly MtTracking? _tracking;
    private readonly string? _encodedCallback;

    public RestSendClient(DaemonUnderLoad daemon, int maxConnections, MtTracking? tracking = null)
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
        _tracking = tracking;
        _encodedCallback = tracking is null ? null : Uri.EscapeDataString(tracking.StatusCallback.ToString());
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

    /// <summary>Sends one message; null when it was answered 200 (and, when tracking, its sid was recorded).</summary>
    public async Task<string?> SendAsync(int index, long started, CancellationToken cancellationToken)
    {
        ByteArrayContent content = new(_tracking is null ? _bodies[index % DistinctBodies] : TrackedForm(index));
        content.Headers.ContentType = s_formContentType;
        try
        {
            using HttpRequestMessage request = new(HttpMethod.Post, _sendUri) { Content = content };
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return string.Create(CultureInfo.InvariantCulture, $"status {(int)response.StatusCode}");
            }

            if (_tracking is not null)
            {
                byte[] json = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                string? sid = ReadSid(json);
                if (sid is null)
                {
                    return "200 without a sid";
                }

                _tracking.Accepted(index, sid, started);
            }

            return null;
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return exception.GetType().Name + ": " + exception.Message;
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The "sid" member of the daemon's JSON answer to a send.</summary>
    internal static string? ReadSid(ReadOnlySpan<byte> json)
    {
        Utf8JsonReader reader = new(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("sid"u8))
            {
                return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }

        return null;
    }

    private byte[] TrackedForm(int index)
    {
        // The same 1,024 destinations (messages to one destination leave in order, so one destination would
        // serialise the dispatcher); the text names the phase and index, so the simulator's log tells each send apart.
        string form = string.Create(CultureInfo.InvariantCulture,
            $"From=%2B15550001111&To=%2B1555{2_000_000 + (index % DistinctBodies)}&Body={Uri.EscapeDataString(_tracking!.TextOf(index))}&StatusCallback={_encodedCallback}");
        return Encoding.ASCII.GetBytes(form);
    }
}
