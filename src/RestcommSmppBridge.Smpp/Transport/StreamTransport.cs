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
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
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

        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket?.Dispose();
    }
}
