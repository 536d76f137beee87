using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>The supervisor against real simulators on 127.0.0.1:0 over TCP.</summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierSupervisorTests
{
    private readonly AsyncDisposables _disposables = new();

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [TearDown]
    public async Task DisposeAll()
    {
        // Reverse order: supervisors (added last) unbind before their simulators stop.
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task StartAsync_TwoCarriers_BothBindAndReportUp()
    {
        SmscSimulator alpha = StartSimulator(("alpha", "pw"));
        SmscSimulator beta = StartSimulator(("beta", "pw"));
        CarrierSupervisor supervisor = Track(CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", Port(alpha)),
            CarrierTestKit.Options("beta", Port(beta)))));
        Assert.That(supervisor.GetStates().Select(s => s.Status), Is.All.EqualTo(CarrierStatus.NotStarted));

        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);
        await supervisor.WaitForStateAsync("beta", s => s.Status == CarrierStatus.Up, Token);

        IReadOnlyList<CarrierState> states = supervisor.GetStates();
        Assert.Multiple(() =>
        {
            Assert.That(states.Select(s => s.Name), Is.EqualTo(new[] { "alpha", "beta" }));
            Assert.That(states.Select(s => (s.Status, s.ConfiguredBinds, s.BoundBinds, s.ConfigurationError)),
                Is.All.EqualTo((CarrierStatus.Up, 1, 1, (string?)null)));
            Assert.That(states.SelectMany(s => s.Binds).Select(b => b.State), Is.All.EqualTo(SmppBindState.Bound));
            Assert.That(supervisor.IsBound("ALPHA") && supervisor.IsBound("beta"), Is.True);
            Assert.That(alpha.Server.BoundSessionCount + beta.Server.BoundSessionCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task StartAsync_UnreachableSmsc_ReturnsAtOnceAndReportsDown()
    {
        SmscSimulator beta = StartSimulator(("beta", "pw"));
        CarrierSupervisor supervisor = Track(CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", ClosedPort()),
            CarrierTestKit.Options("beta", Port(beta)))));

        await supervisor.StartAsync(Token);
        CarrierState alpha = await supervisor.WaitForStateAsync("alpha",
            s => s.Binds.Any(b => b.State == SmppBindState.BackingOff), Token);
        await supervisor.WaitForStateAsync("beta", s => s.Status == CarrierStatus.Up, Token);

        Assert.Multiple(() =>
        {
            Assert.That(alpha.Status, Is.EqualTo(CarrierStatus.Down));
            Assert.That(alpha.Binds[0].LastError, Does.StartWith("connect failed"));
            Assert.That(supervisor.IsBound("alpha"), Is.False);
        });
    }

    [Test]
    public async Task StartAsync_WrongPassword_ConfigurationErrorForThatCarrierOnly()
    {
        SmscSimulator alpha = StartSimulator(("alpha", "pw"));
        SmscSimulator beta = StartSimulator(("beta", "right"));
        CarrierSupervisor supervisor = Track(CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", Port(alpha)),
            CarrierTestKit.Options("beta", Port(beta), password: "wrong"))));

        await supervisor.StartAsync(Token);
        CarrierState refused = await supervisor.WaitForStateAsync("beta", s => s.Status == CarrierStatus.ConfigurationError, Token);
        CarrierState bound = await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ConfigurationError, Does.Contain("ESME_RINVPASWD (0x0E)")
                .And.Contain("Bridge:Carriers:1:SystemId").And.Contain("Bridge__Carriers__1__Password")
                .And.Not.Contain("wrong"));
            Assert.That(refused.Binds[0].State, Is.EqualTo(SmppBindState.ConfigurationError));
            Assert.That(beta.Counters.BindsRefused, Is.EqualTo(1), "a refused credential is not retried");
            Assert.That(bound.ConfigurationError, Is.Null);
        });
    }

    [Test]
    public async Task StopAsync_BoundCarriers_UnbindsBoth()
    {
        SmscSimulator alpha = StartSimulator(("alpha", "pw"));
        SmscSimulator beta = StartSimulator(("beta", "pw"));
        CarrierSupervisor supervisor = Track(CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", Port(alpha)),
            CarrierTestKit.Options("beta", Port(beta)))));
        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);
        await supervisor.WaitForStateAsync("beta", s => s.Status == CarrierStatus.Up, Token);
        SmppSession[] smscSides = [.. alpha.Server.Sessions, .. beta.Server.Sessions];

        await supervisor.StopAsync(Token);
        await Task.WhenAll(smscSides.Select(s => s.Completion)).WaitAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(smscSides, Has.Length.EqualTo(2));
            Assert.That(smscSides.Select(s => s.CloseReason), Is.All.Contain("unbound by the peer"));
            Assert.That(supervisor.GetStates().Select(s => s.Status), Is.All.EqualTo(CarrierStatus.Stopped));
            Assert.That(supervisor.IsBound("alpha") || supervisor.IsBound("beta"), Is.False);
        });
    }

    [Test]
    public async Task StartAsync_DisabledCarrier_NeverConnects()
    {
        SmscSimulator alpha = StartSimulator(("alpha", "pw"), ("off", "pw"));
        CarrierSupervisor supervisor = Track(CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("off", Port(alpha), enabled: false),
            CarrierTestKit.Options("alpha", Port(alpha)))));

        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.Status == CarrierStatus.Up, Token);

        Assert.Multiple(() =>
        {
            Assert.That(supervisor.GetStates()[0].Status, Is.EqualTo(CarrierStatus.Disabled));
            Assert.That(supervisor.GetStates()[0].Binds, Is.Empty);
            Assert.That(alpha.Counters.BindsAccepted, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InboundRequest_FromCarrier_ReachesHandlerWithThatCarriersProfile()
    {
        SmscSimulator alpha = StartSimulator(("alpha", "pw"));
        SmscSimulator beta = StartSimulator(("beta", "pw"));
        var inbound = new RecordingInboundHandler();
        CarrierSupervisor supervisor = Track(new CarrierSupervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", Port(alpha)),
            CarrierTestKit.Options("beta", Port(beta))), inbound, TimeProvider.System, NullLoggerFactory.Instance));
        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("beta", s => s.Status == CarrierStatus.Up, Token);

        IReadOnlyList<CommandStatus> acks = await beta.InjectMoAsync("447700900123", "12345", "hello", cancellationToken: Token);

        Assert.Multiple(() =>
        {
            Assert.That(acks, Is.EqualTo(new[] { CommandStatus.Ok }));
            Assert.That(inbound.Received.Select(r => (r.Carrier, r.Source)), Is.EqualTo(new[] { ("beta", "447700900123") }));
        });
    }

    private SmscSimulator StartSimulator(params (string SystemId, string Password)[] credentials)
    {
        var simulator = new SmscSimulator(new SimulatorOptions
        {
            Credentials = credentials.ToDictionary(c => c.SystemId, c => c.Password),
            Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
        });
        simulator.Start();
        _disposables.Add(simulator);
        return simulator;
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static int Port(SmscSimulator simulator) => simulator.LocalEndPoint.Port;

    /// <summary>A port nothing listens on: bound once, then released.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class RecordingInboundHandler : ICarrierInboundHandler
    {
        public ConcurrentQueue<(string Carrier, string Source)> Received { get; } = new();

        public ValueTask<SmppResponse?> HandleAsync(CarrierProfile carrier, SmppRequest request, CancellationToken cancellationToken)
        {
            if (request is DeliverSm deliver)
            {
                Received.Enqueue((carrier.Name, deliver.SourceAddr));
            }

            return ValueTask.FromResult(request.CreateResponse(CommandStatus.Ok));
        }
    }
}
