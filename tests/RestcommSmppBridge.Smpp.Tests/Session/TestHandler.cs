using System.Collections.Concurrent;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Tests.Session;

/// <summary>A request handler whose behaviour each test sets; records what it saw.</summary>
public sealed class TestHandler : ISmppRequestHandler
{
    public ConcurrentQueue<SmppRequest> Received { get; } = new();

    public Func<SmppRequest, CancellationToken, ValueTask<SmppResponse?>> OnRequest { get; set; } =
        (request, _) => ValueTask.FromResult(request.CreateResponse());

    public Func<BindRequest, CommandStatus> OnBind { get; set; } = _ => CommandStatus.Ok;

    public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken)
    {
        Received.Enqueue(request);
        return OnRequest(request, cancellationToken);
    }

    public ValueTask<CommandStatus> AuthenticateAsync(SmppSession session, BindRequest bind, CancellationToken cancellationToken) =>
        ValueTask.FromResult(OnBind(bind));
}
