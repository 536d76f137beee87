using System.Buffers;
using System.IO.Pipelines;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Tests.Transport;

/// <summary>
/// Closing a connection the peer already broke: the transport's dispose must neither throw nor wait, and a session
/// must complete its close whatever its transport does (a bind waits for that completion before it reconnects).
/// </summary>
[CancelAfter(20_000)]
public sealed class StreamTransportTests
{
    [Test]
    public async Task DisposeAsync_PeerResetWithUnflushedOutput_DoesNotThrow()
    {
        // The session's writer cancels its flush at close, so bytes can be left in the pipe; completing the pipe
        // flushes them into a connection that answers "broken pipe".
        await using BrokenStream stream = new();
        StreamTransport transport = new(stream, "peer");
        transport.Output.Write(new byte[16]);

        Assert.That(async () => await transport.DisposeAsync(), Throws.Nothing);
        Assert.That(stream.WriteAttempts, Is.GreaterThan(0), "the leftover bytes were offered to the dead connection");
    }

    [Test]
    public async Task Session_TransportThrowsOnDispose_CloseStillCompletes()
    {
        (InMemoryTransport esmeSide, InMemoryTransport smscSide) = InMemoryTransport.CreatePair();
        ThrowingTransport transport = new(esmeSide);
        await using SmppSession session = new(transport, SessionRole.Esme,
            new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero, ResponseTimeout = TimeSpan.FromSeconds(10) }, new TestHandler());
        session.Start();

        await smscSide.DisposeAsync();

        Assert.That(async () => await session.Completion.WaitAsync(TimeSpan.FromSeconds(10)), Throws.Nothing);
        Assert.Multiple(() =>
        {
            Assert.That(transport.Disposed, Is.True);
            Assert.That(session.State, Is.EqualTo(SessionState.Closed));
        });
    }

    private sealed class BrokenStream : Stream
    {
        public int WriteAttempts { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => throw new IOException("Broken pipe");

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw Broken();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(Broken());

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.FromException(new IOException("Broken pipe"));

        private IOException Broken()
        {
            WriteAttempts++;
            return new IOException("Unable to write data to the transport connection: Broken pipe.");
        }
    }

    /// <summary>An in-memory connection whose dispose fails after closing its pipes, as a broken socket's could.</summary>
    private sealed class ThrowingTransport(InMemoryTransport inner) : ISmppTransport
    {
        public bool Disposed { get; private set; }

        public IDuplexPipe Pipe => inner;

        public string RemoteEndPoint => inner.RemoteEndPoint;

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            Disposed = true;
            throw new IOException("Unable to write data to the transport connection: Broken pipe.");
        }
    }
}
