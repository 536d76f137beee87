using System.IO.Pipelines;

namespace RestcommSmppBridge.Smpp.Transport;

/// <summary>A connected byte stream to the peer, as a duplex pipe. The session owns and disposes it.</summary>
public interface ISmppTransport : IAsyncDisposable
{
    /// <summary>The pipe pair: read what the peer sends, write what we send.</summary>
    IDuplexPipe Pipe { get; }

    /// <summary>The peer's address for logs ("10.0.0.5:2775").</summary>
    string RemoteEndPoint { get; }
}
