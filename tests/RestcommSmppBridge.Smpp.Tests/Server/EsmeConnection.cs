using System.Net;
using System.Threading.Channels;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Tests.Server;

/// <summary>
/// An ESME-role session over real TCP to 127.0.0.1, for server and simulator tests. Every deliver_sm it receives is
/// queued in <see cref="Delivered"/> (after the answer status is chosen), so tests wait on it instead of sleeping.
/// </summary>
public sealed class EsmeConnection : ISmppRequestHandler, IAsyncDisposable
{
    public static readonly SmppSessionOptions DefaultOptions = new()
    {
        Name = "esme",
        EnquireLinkInterval = TimeSpan.Zero,
        ResponseTimeout = TimeSpan.FromSeconds(10),
        UnbindTimeout = TimeSpan.FromSeconds(2),
        DrainTimeout = TimeSpan.FromSeconds(2),
    };

    private readonly Channel<DeliverSm> _delivered = Channel.CreateUnbounded<DeliverSm>();

    private EsmeConnection()
    {
    }

    public SmppSession Session { get; private set; } = null!;

    /// <summary>Status answered to each deliver_sm. Default OK.</summary>
    public Func<DeliverSm, CommandStatus> Answer { get; set; } = _ => CommandStatus.Ok;

    /// <summary>Awaited before each deliver_sm is answered (after it is queued in <see cref="Delivered"/>). Default none.</summary>
    public Func<DeliverSm, Task>? HoldAnswer { get; set; }

    public ChannelReader<DeliverSm> Delivered => _delivered.Reader;

    public static async Task<EsmeConnection> ConnectAsync(IPEndPoint endPoint, TlsClientOptions? tls = null,
        SmppSessionOptions? options = null)
    {
        ISmppTransport transport = await TcpTransport.ConnectAsync(endPoint.Address.ToString(), endPoint.Port, tls,
            TimeSpan.FromSeconds(5), CancellationToken.None);
        var connection = new EsmeConnection();
        connection.Session = new SmppSession(transport, SessionRole.Esme, options ?? DefaultOptions, connection);
        connection.Session.Start();
        return connection;
    }

    public static async Task<EsmeConnection> BindAsync(IPEndPoint endPoint, BindType type, string systemId = "test",
        string password = "test")
    {
        EsmeConnection connection = await ConnectAsync(endPoint);
        BindResponse response = await connection.Session.BindAsync(CreateBind(type, systemId, password), CancellationToken.None);
        Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Ok), "bind");
        return connection;
    }

    public static BindRequest CreateBind(BindType type, string systemId, string password)
    {
        BindRequest bind = type switch
        {
            BindType.Transmitter => new BindTransmitter(),
            BindType.Receiver => new BindReceiver(),
            _ => new BindTransceiver(),
        };
        bind.SystemId = systemId;
        bind.Password = password;
        return bind;
    }

    public Task<SubmitSmResp> SubmitAsync(string text = "hello", byte registeredDelivery = 0, string from = "447700900001",
        string to = "447700900002")
    {
        var submit = new SubmitSm
        {
            SourceAddr = from,
            DestinationAddr = to,
            RegisteredDelivery = registeredDelivery,
            ShortMessage = Smpp.Text.Gsm7.EncodeUnpacked(text),
        };
        return Session.SendAsync<SubmitSmResp>(submit, CancellationToken.None);
    }

    public async Task<DeliverSm> NextDeliveredAsync() => await _delivered.Reader.ReadAsync();

    public async ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken)
    {
        if (request is DeliverSm deliver)
        {
            CommandStatus status = Answer(deliver);
            _delivered.Writer.TryWrite(deliver);
            if (HoldAnswer is { } hold)
            {
                await hold(deliver);
            }

            return request.CreateResponse(status);
        }

        return request.CreateResponse();
    }

    public ValueTask<CommandStatus> AuthenticateAsync(SmppSession session, BindRequest bind, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CommandStatus.BindFailed);

    public async ValueTask DisposeAsync() => await Session.DisposeAsync();
}
