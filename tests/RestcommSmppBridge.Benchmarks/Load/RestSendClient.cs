using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The load generator's client: at most <c>maxConnections</c> keep-alive HTTP/1.1 connections to the daemon
/// (<see cref="RawHttpConnection"/>, opened as needed and reused), posting the form a Restcomm client sends
/// (<c>From</c>, <c>To</c>, <c>Body</c>, HTTP Basic) to <c>…/SMS/Messages.json</c>. The requests (headers and form) are
/// formatted once up front (1,024 different destinations), so the generator, which shares the CPU with the daemon,
/// spends as little as it can per request. With <see cref="MtTracking"/> (<c>load mt</c>) each send instead carries a
/// text unique to its index and a StatusCallback, and the sid of every accepted send is handed to the tracking.
/// </summary>
internal sealed class RestSendClient : IDisposable, ILoadSender
{
    private const int DistinctBodies = 1024;

    private readonly IPEndPoint _endPoint;
    private readonly Uri _sendUri;
    private readonly string _head;
    private readonly byte[][] _requests;
    private readonly MtTracking? _tracking;
    private readonly string? _encodedCallback;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<RawHttpConnection> _idle = new();

    public RestSendClient(DaemonUnderLoad daemon, int maxConnections, MtTracking? tracking = null)
    {
        _endPoint = new IPEndPoint(IPAddress.Parse(daemon.Address.Host), daemon.Address.Port);
        _sendUri = new Uri(daemon.Address, $"restcomm/2012-04-24/Accounts/{daemon.AccountSid}/SMS/Messages.json");
        _head = $"POST {_sendUri.PathAndQuery} HTTP/1.1\r\nHost: {_sendUri.Authority}\r\nAuthorization: Basic {daemon.BasicCredentials()}\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n";
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
        _tracking = tracking;
        _encodedCallback = tracking is null ? null : Uri.EscapeDataString(tracking.StatusCallback.ToString());
        _requests = new byte[DistinctBodies][];
        for (int i = 0; i < _requests.Length; i++)
        {
            // '+' is sent as %2B, as a correct client does (a raw '+' decodes to a space and is refused).
            _requests[i] = Request(string.Create(CultureInfo.InvariantCulture,
                $"From=%2B15550001111&To=%2B1555{2_000_000 + i}&Body=Your+verification+code+is+{100_000 + i}.+It+expires+in+10+minutes."));
        }
    }

    public Uri SendUri => _sendUri;

    /// <summary>Sends one message; null when it was answered 200 (and, when tracking, its sid was recorded).</summary>
    public async Task<string?> SendAsync(int index, long started, CancellationToken cancellationToken)
    {
        byte[] request = _tracking is null ? _requests[index % DistinctBodies] : TrackedRequest(index);
        await _slots.WaitAsync(cancellationToken);
        RawHttpConnection? connection = null;
        try
        {
            if (!_idle.TryPop(out connection))
            {
                connection = await RawHttpConnection.OpenAsync(_endPoint, cancellationToken);
            }

            RawHttpAnswer answer = await connection.ExchangeAsync(request, cancellationToken);
            if (answer.Status != (int)HttpStatusCode.OK)
            {
                return string.Create(CultureInfo.InvariantCulture, $"status {answer.Status}");
            }

            if (_tracking is not null)
            {
                string? sid = ReadSid(answer.Body.Span);
                if (sid is null)
                {
                    return "200 without a sid";
                }

                _tracking.Accepted(index, sid, started);
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or SocketException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return exception.GetType().Name + ": " + exception.Message;
        }
        finally
        {
            if (connection is not null)
            {
                if (connection.Reusable)
                {
                    _idle.Push(connection);
                }
                else
                {
                    connection.Dispose();
                }
            }

            _slots.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryPop(out RawHttpConnection? connection))
        {
            connection.Dispose();
        }

        _slots.Dispose();
    }

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

    private byte[] TrackedRequest(int index)
    {
        // The same 1,024 destinations (messages to one destination leave in order, so one destination would
        // serialise the dispatcher); the text names the phase and index, so the simulator's log tells each send apart.
        return Request(string.Create(CultureInfo.InvariantCulture,
            $"From=%2B15550001111&To=%2B1555{2_000_000 + (index % DistinctBodies)}&Body={Uri.EscapeDataString(_tracking!.TextOf(index))}&StatusCallback={_encodedCallback}"));
    }

    private byte[] Request(string form) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_head}Content-Length: {form.Length}\r\n\r\n{form}"));
}
