using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// Routing with failover against real SMSCs on 127.0.0.1:0: carrier "alpha" is always the first candidate (longer
/// prefix), "beta" the second (default route).
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierRouterSubmitTests
{
    private const string Destination = "+447700900123";

    private readonly AsyncDisposables _disposables = new();

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task SubmitAsync_FirstCarrierBound_SentThere()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions());
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (CarrierSupervisor supervisor, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta), waitForAlpha: true);
        var composedFor = new List<string>();

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello", composedFor), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Carrier?.Name, Is.EqualTo("alpha"));
            Assert.That(result.Responses.Select(r => r.MessageId), Is.EqualTo(alpha.Accepted.Snapshot().Select(m => m.MessageId)));
            Assert.That(result.ErrorCode, Is.Null);
            Assert.That(composedFor, Is.EqualTo(new[] { "alpha" }));
            Assert.That(alpha.Accepted.Snapshot().Single().Destination, Is.EqualTo("447700900123"));
            Assert.That(beta.Counters.SubmitsReceived, Is.Zero);
        });
        Assert.That(supervisor.IsBound("alpha"), Is.True);
    }

    [Test]
    public async Task SubmitAsync_FirstCarrierThrottlesEverything_FailsOverToSecond()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions { ThrottleFraction = 1 });
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta), waitForAlpha: true);

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Carrier?.Name, Is.EqualTo("beta"));
            Assert.That(result.Attempts, Is.EqualTo(new[]
            {
                new CarrierAttempt("alpha", CarrierAttemptResult.TemporaryError, CommandStatus.Throttled, "refused with ESME_RTHROTTLED"),
                new CarrierAttempt("beta", CarrierAttemptResult.Accepted, CommandStatus.Ok, null),
            }));
            Assert.That(alpha.Counters.Throttled, Is.EqualTo(1));
            Assert.That(beta.Accepted.TotalAccepted, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SubmitAsync_ThrottledThroughTheClientsRetries_FailsOverOnlyAfterThem()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions { ThrottleFraction = 1 });
        SmscSimulator beta = StartSimulator(new FaultOptions());
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        CarrierOptions alphaOptions = CarrierTestKit.Options("alpha", Port(alpha), maxThrottleRetries: 1, routes: [("44", 1)]);
        CarrierOptions betaOptions = CarrierTestKit.Options("beta", Port(beta), routes: [("", 1)]);
        await using var supervisor = new CarrierSupervisor(CarrierTestKit.Profiles(alphaOptions, betaOptions),
            new CarrierTestKit.AcceptingInboundHandler(), time, NullLoggerFactory.Instance);
        CarrierRouter router = CarrierTestKit.Router(supervisor);
        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);
        await supervisor.WaitForStateAsync("beta", s => s.BoundBinds > 0, Token);

        Task<RoutedSubmit> submit = router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);
        // The first 0x58 pauses alpha's bind for ThrottleBackoff.Initial (1 s); the same PDU waits for it, unanswered.
        await supervisor.WaitForStateAsync("alpha", s => s.Binds[0].PausedUntil is not null, Token);
        Assert.That(submit.IsCompleted, Is.False, "the client retries on the same carrier before the router may fail over");
        time.Advance(TimeSpan.FromSeconds(1));
        RoutedSubmit result = await submit.WaitAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Carrier?.Name, Is.EqualTo("beta"));
            Assert.That(alpha.Counters.Throttled, Is.EqualTo(2), "sent once, resent once after the pause");
            Assert.That(beta.Accepted.TotalAccepted, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SubmitAsync_FirstCarrierDown_SkippedWithoutSending()
    {
        SmscSimulator beta = StartSimulator(new FaultOptions());
        var composedFor = new List<string>();
        (_, CarrierRouter router) = await StartAsync(CarrierSupervisorTests.ClosedPort(), Port(beta), waitForAlpha: false);

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello", composedFor), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Carrier?.Name, Is.EqualTo("beta"));
            Assert.That(result.Attempts[0], Is.EqualTo(new CarrierAttempt("alpha", CarrierAttemptResult.NotBound, null, "no bound bind")));
            Assert.That(composedFor, Is.EqualTo(new[] { "beta" }), "nothing is composed for a carrier that cannot send");
        });
    }

    [Test]
    public async Task SubmitAsync_PermanentError_NoFailover()
    {
        SmppServer alpha = StartRejectingSmsc(CommandStatus.InvalidDestinationAddress);
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(alpha.LocalEndPoint.Port, Port(beta), waitForAlpha: true);

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Rejected));
            Assert.That(result.Carrier?.Name, Is.EqualTo("alpha"));
            Assert.That(result.Status, Is.EqualTo(CommandStatus.InvalidDestinationAddress));
            Assert.That(result.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnknownDestination));
            Assert.That(result.Error, Is.EqualTo("refused with ESME_RINVDSTADR (0x0B)"));
            Assert.That(result.Attempts, Has.Count.EqualTo(1));
            Assert.That(beta.Counters.SubmitsReceived, Is.Zero);
        });
    }

    [Test]
    public async Task SubmitAsync_ConnectionDropsAfterSubmit_UnknownAndNoFailover()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions { DropAfterPdus = 1 });
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta), waitForAlpha: true);

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unknown));
            Assert.That(result.Carrier?.Name, Is.EqualTo("alpha"));
            Assert.That(result.Parts, Has.Count.EqualTo(1));
            Assert.That(result.ErrorCode, Is.Null);
            Assert.That(result.Attempts.Select(a => a.Result), Is.EqualTo(new[] { CarrierAttemptResult.OutcomeUnknown }));
            Assert.That(alpha.Counters.Drops, Is.EqualTo(1));
            Assert.That(beta.Counters.SubmitsReceived, Is.Zero, "failing over could deliver the message twice");
        });
    }

    [Test]
    public async Task SubmitAsync_NoRoute_FailsWithUnreachableCarrier()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions());
        SmscSimulator beta = StartSimulator(new FaultOptions());
        await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", Port(alpha), routes: [("44", 1)]),
            CarrierTestKit.Options("beta", Port(beta), routes: [("49", 1)])));
        CarrierRouter router = CarrierTestKit.Router(supervisor);
        var composedFor = new List<string>();

        RoutedSubmit result = await router.SubmitAsync("+33612345678", CarrierTestKit.Compose("ACME", "+33612345678", "hi", composedFor), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.NoRoute));
            Assert.That(result.ErrorCode, Is.EqualTo(CarrierErrorCodes.UnreachableCarrier).And.EqualTo(30006));
            Assert.That(result.Error, Is.EqualTo("no carrier has a route for the destination"));
            Assert.That(composedFor, Is.Empty);
        });
    }

    [Test]
    public async Task SubmitAsync_OnlyCandidateThrottles_UnavailableWithQueueOverflow()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions { ThrottleFraction = 1 });
        await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("alpha", Port(alpha), routes: [("44", 1)])));
        CarrierRouter router = CarrierTestKit.Router(supervisor);
        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unavailable));
            Assert.That(result.Status, Is.EqualTo(CommandStatus.Throttled));
            Assert.That(result.ErrorCode, Is.EqualTo(CarrierErrorCodes.QueueOverflow));
            Assert.That(result.Carrier, Is.Null);
        });
    }

    [Test]
    public async Task SubmitAsync_LongMessage_ComposedWithTheChosenCarriersMethod()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions());
        SmscSimulator beta = StartSimulator(new FaultOptions());
        CarrierOptions alphaOptions = CarrierTestKit.Options("alpha", Port(alpha), routes: [("44", 1)]);
        await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(
            CarrierProfile.FromOptions(alphaOptions, 0),
            CarrierProfile.FromOptions(new CarrierOptions
            {
                Name = "beta",
                Host = "127.0.0.1",
                Port = Port(beta),
                SystemId = "beta",
                Password = "pw",
                LongMessageMode = "UdhConcat16",
                Routes = [new CarrierRouteOptions { Prefix = "" }],
            }, 1));
        CarrierRouter router = CarrierTestKit.Router(supervisor);
        await supervisor.StartAsync(Token);
        await supervisor.WaitForStateAsync("beta", s => s.BoundBinds > 0, Token);
        string text = string.Concat(Enumerable.Repeat("Long message for the default route. ", 6));

        RoutedSubmit result = await router.SubmitAsync("+33612345678", CarrierTestKit.Compose("ACME", "+33612345678", text), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Carrier?.Name, Is.EqualTo("beta"));
            Assert.That(result.Responses, Has.Count.EqualTo(2));
            Assert.That(beta.Accepted.Snapshot().Select(m => m.Concatenation), Is.All.EqualTo(ConcatenationKind.Udh16));
        });
    }

    /// <summary>Supervisor and router over alpha (prefix 44, preference 1) and beta (default route).</summary>
    private Task<(CarrierSupervisor Supervisor, CarrierRouter Router)> StartAsync(int alphaPort, int betaPort, bool waitForAlpha) =>
        CarrierTestKit.StartAlphaBetaAsync(_disposables, alphaPort, betaPort, Token, waitForAlpha);

    private SmscSimulator StartSimulator(FaultOptions faults) => CarrierTestKit.StartSimulator(_disposables, faults);

    private SmppServer StartRejectingSmsc(CommandStatus status)
    {
        var server = new SmppServer(new SmppServerOptions
        {
            Session = SmppSessionOptions.Default with { Name = "reject", EnquireLinkInterval = TimeSpan.Zero },
        }, new RejectingHandler(status));
        server.Start();
        _disposables.Add(server);
        return server;
    }

    private static int Port(SmscSimulator simulator) => simulator.LocalEndPoint.Port;

    /// <summary>An SMSC that answers every submit_sm with one error status.</summary>
    private sealed class RejectingHandler(CommandStatus status) : ISmppServerHandler
    {
        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.CreateResponse(status));
    }
}
