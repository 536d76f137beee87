using System.Net;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>One ESME bind, bound as transmitter over real TCP, that the load driver submits through.</summary>
internal abstract class SmppSubmitter : IAsyncDisposable
{
    public const string SystemId = "bench";

    public abstract Task<SubmitSmResp> SubmitAsync(SubmitSm pdu, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Connects and binds one transmitter with window <paramref name="window"/> through <paramref name="via"/>.</summary>
    public static async Task<SmppSubmitter> BindAsync(SmppLoadVia via, IPEndPoint smsc, int window, CancellationToken cancellationToken)
    {
        SmppSessionOptions session = SmppSessionOptions.Default with
        {
            Name = $"bench-{via.ToString().ToLowerInvariant()}-w{window}",
            WindowSize = window,
            OutboundQueueCapacity = Math.Max(SmppSessionOptions.Default.OutboundQueueCapacity, window),
        };
        return via == SmppLoadVia.Session
            ? await SessionSubmitter.BindAsync(smsc, session, cancellationToken)
            : await ClientSubmitter.BindAsync(smsc, session, cancellationToken);
    }

    /// <summary><see cref="SmppSession"/> directly: what the window, codec and loops cost on their own.</summary>
    private sealed class SessionSubmitter(SmppSession session) : SmppSubmitter
    {
        public static async Task<SmppSubmitter> BindAsync(IPEndPoint smsc, SmppSessionOptions options, CancellationToken cancellationToken)
        {
            ISmppTransport transport = await TcpTransport.ConnectAsync(smsc.Address.ToString(), smsc.Port, null,
                TimeSpan.FromSeconds(10), cancellationToken);
            SmppSession session = new(transport, SessionRole.Esme, options);
            session.Start();
            BindResponse bound = await session.BindAsync(new BindTransmitter { SystemId = SystemId, Password = "bench" }, cancellationToken);
            if (bound.CommandStatus != CommandStatus.Ok)
            {
                await session.DisposeAsync();
                throw new InvalidOperationException($"The simulator refused the bind: {bound.CommandStatus.ToSpecName()}.");
            }

            return new SessionSubmitter(session);
        }

        public override Task<SubmitSmResp> SubmitAsync(SubmitSm pdu, CancellationToken cancellationToken) =>
            session.SendAsync<SubmitSmResp>(pdu, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await session.CloseAsync();
            await session.DisposeAsync();
        }
    }

    /// <summary><see cref="SmppClient"/> with one bind and no TPS limit: the ordered sender pump on top of the session.</summary>
    private sealed class ClientSubmitter(SmppClient client) : SmppSubmitter
    {
        public static async Task<SmppSubmitter> BindAsync(IPEndPoint smsc, SmppSessionOptions options, CancellationToken cancellationToken)
        {
            SmppClient client = new(new SmppClientOptions
            {
                Name = options.Name,
                Host = smsc.Address.ToString(),
                Port = smsc.Port,
                SystemId = SystemId,
                Password = "bench",
                BindType = BindType.Transmitter,
                Binds = 1,
                Session = options,
                Tps = 0,
            });
            await client.StartAsync(cancellationToken);
            if (!await client.WaitForBindAsync(TimeSpan.FromSeconds(10), cancellationToken))
            {
                await client.DisposeAsync();
                throw new InvalidOperationException("The client did not bind to the simulator within 10 s.");
            }

            return new ClientSubmitter(client);
        }

        public override Task<SubmitSmResp> SubmitAsync(SubmitSm pdu, CancellationToken cancellationToken) =>
            client.SubmitAsync(pdu, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await client.StopAsync(CancellationToken.None);
            await client.DisposeAsync();
        }
    }
}
