using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection of the load generator, written for the one exchange it makes: send a request
/// whose bytes were formatted up front, read the answer's status line and headers, then exactly <c>Content-Length</c>
/// bytes of body. No pipelining (one request at a time per connection), no chunked bodies (the daemon sets
/// <c>Content-Length</c> on every answer; a chunked one is reported, not guessed at), no redirects, no TLS.
/// </summary>
/// <remarks>
/// <see cref="HttpClient"/> cost the generator about 45 µs of CPU per paced request, nearly half of what the daemon
/// spends on it, on the same two cores; the measurement is of the daemon, so the generator should take as little as
/// it can, as <c>wrk</c> does.
/// </remarks>
internal sealed class RawHttpConnection : IDisposable
{
    private const int InitialBuffer = 4096;
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 1024 * 1024;

    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private byte[] _buffer = new byte[InitialBuffer];

    private RawHttpConnection(Socket socket) => _socket = socket;

    /// <summary>Whether the last answer allows the connection to carry another request.</summary>
    public bool Reusable { get; private set; } = true;

    public static async Task<RawHttpConnection> OpenAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        Socket socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new RawHttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> (a whole HTTP/1.1 request, headers and body) and reads the answer. The
    /// returned body is a view of this connection's buffer, valid until the next exchange.
    /// </summary>
    /// <exception cref="IOException">The peer closed the connection or answered something this reader does not take.</exception>
    public async Task<RawHttpAnswer> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        Reusable = false;
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);

        int filled = 0;
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, filled).IndexOf(s_headerEnd)) < 0)
        {
            if (filled == _buffer.Length)
            {
                if (filled >= MaxHeaderBytes)
                {
                    throw new IOException($"answer headers over {MaxHeaderBytes} bytes");
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            filled += await ReceiveAsync(filled, cancellationToken);
        }

        (int status, int contentLength, bool keepAlive) = ParseHead(_buffer.AsSpan(0, headerEnd));
        int bodyStart = headerEnd + s_headerEnd.Length;
        int end = bodyStart + contentLength;
        if (end > _buffer.Length)
        {
            Array.Resize(ref _buffer, end);
        }

        while (filled < end)
        {
            filled += await ReceiveAsync(filled, cancellationToken);
        }

        if (filled > end)
        {
            throw new IOException("the server sent more than one answer to one request");
        }

        Reusable = keepAlive;
        return new RawHttpAnswer(status, new ReadOnlyMemory<byte>(_buffer, bodyStart, contentLength));
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Status code, Content-Length and keep-alive of an HTTP/1.1 answer's head (status line and headers).</summary>
    internal static (int Status, int ContentLength, bool KeepAlive) ParseHead(ReadOnlySpan<byte> head)
    {
        int lineEnd = head.IndexOf("\r\n"u8);
        ReadOnlySpan<byte> statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (!statusLine.StartsWith("HTTP/1.1 "u8) || statusLine.Length < 12
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out int consumed) || consumed != 3)
        {
            throw new IOException("not an HTTP/1.1 status line: " + Encoding.ASCII.GetString(statusLine));
        }

        int contentLength = -1;
        bool keepAlive = true;
        ReadOnlySpan<byte> rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf("\r\n"u8);
            ReadOnlySpan<byte> line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            ReadOnlySpan<byte> name = line[..colon];
            ReadOnlySpan<byte> value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out int used) || used != value.Length
                    || contentLength < 0 || contentLength > MaxBodyBytes)
                {
                    throw new IOException("bad Content-Length in the answer");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                throw new IOException("a chunked answer (the generator reads Content-Length bodies only)");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                keepAlive = false;
            }
        }

        if (contentLength < 0)
        {
            throw new IOException("an answer without Content-Length");
        }

        return (status, contentLength, keepAlive);
    }

    private async Task<int> ReceiveAsync(int filled, CancellationToken cancellationToken)
    {
        int received = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
        return received > 0 ? received : throw new IOException("the server closed the connection");
    }
}

/// <summary>An answer read by <see cref="RawHttpConnection"/>: its status code and its body.</summary>
internal readonly record struct RawHttpAnswer(int Status, ReadOnlyMemory<byte> Body);
