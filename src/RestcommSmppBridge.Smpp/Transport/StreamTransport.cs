using System.IO.Pipelines;
using System.Net.Sockets;

namespace RestcommSmppBridge.Smpp.Transport;

/// <summary>An <see cref="ISmppTransport"/> over a <see cref="Stream"/> (a <see cref="NetworkStream"/> or an SslStream).</summary>
public sealed class StreamTransport : ISmppTransport, IDuplexPipe
{
    private readonly Stream _stream;
    private readonly Socket? _socket;
    private int _disposed;

    /// <summary>Wraps a connected stream; <paramref name="socket"/> is disposed with it when given.</summary>
    public StreamTransport(Stream stream, string remoteEndPoint, Socket? socket = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _socket = socket;
        RemoteEndPoint = remoteEndPoint;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    /// <inheritdoc />
    public PipeReader Input { get; }

    /// <inheritdoc />
    public PipeWriter Output { get; }

    /// <inheritdoc />
    public IDuplexPipe Pipe => this;

    /// <inheritdoc />
    public string RemoteEndPoint { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Never throws and never waits on the peer. The socket is shut down first: completing the output pipe flushes
    /// whatever the session's writer left unflushed (it cancels its flush when the session closes), and against a
    /// peer that reset the connection that flush failed with "broken pipe", which used to escape from here and leave
    /// the session's close unfinished (its bind then kept handing requests to a closed session); against a peer that
    /// stopped reading it would wait forever. After the shutdown such a flush fails at once and is ignored.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Disposed by a concurrent close.
        }

        await CompleteQuietlyAsync(Input.CompleteAsync()).ConfigureAwait(false);
        await CompleteQuietlyAsync(Output.CompleteAsync()).ConfigureAwait(false);
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // An SslStream may try to send its close_notify over the dead connection.
        }

        _socket?.Dispose();
    }

    private static async ValueTask CompleteQuietlyAsync(ValueTask completion)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // The connection is gone; what could not be flushed is lost with it, as for any closed connection.
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException;
}
