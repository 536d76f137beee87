using System.IO.Pipelines;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Tests.Session;

/// <summary>Two ends of an in-memory connection (style.md R15: session tests over duplex pipes).</summary>
public sealed class InMemoryTransport : ISmppTransport, IDuplexPipe
{
    private InMemoryTransport(PipeReader input, PipeWriter output, string name)
    {
        Input = input;
        Output = output;
        RemoteEndPoint = name;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public IDuplexPipe Pipe => this;

    public string RemoteEndPoint { get; }

    public static (InMemoryTransport Esme, InMemoryTransport Smsc) CreatePair()
    {
        var toSmsc = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var toEsme = new Pipe(new PipeOptions(useSynchronizationContext: false));
        return (new InMemoryTransport(toEsme.Reader, toSmsc.Writer, "smsc"),
            new InMemoryTransport(toSmsc.Reader, toEsme.Writer, "esme"));
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
    }
}
