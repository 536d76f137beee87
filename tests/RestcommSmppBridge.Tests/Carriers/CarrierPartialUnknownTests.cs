using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// A long message whose bind drops after some parts were answered reports those answers (so only the other parts are
/// sent again), and a submit can be limited to the one carrier that took the other parts. Real SMSC simulators on
/// 127.0.0.1:0: "alpha" is the first candidate (prefix 44), "beta" the second (default route).
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierPartialUnknownTests
{
    private const string Destination = "+447700900123";

    // 400 GSM 03.38 characters: three parts of at most 153 with the concatenation UDH (GSM 03.40 §9.2.3.24.1).
    private static readonly string s_longText = string.Concat(Enumerable.Repeat("partly sent long message text ", 14))[..400];

    private readonly AsyncDisposables _disposables = new();

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
    }

    [Test]
    public async Task SubmitAsync_BindDropsBeforeThirdPartIsAnswered_UnknownWithTheFirstTwoAnswers()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions { DropAfterPdus = 3, DropAfterEarlierAnswers = true });
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta));

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, s_longText), Token);

        string[] acceptedIds = [.. alpha.Accepted.Snapshot().OrderBy(a => a.Part?.Sequence).Select(a => a.MessageId)];
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unknown));
            Assert.That(result.Carrier?.Name, Is.EqualTo("alpha"));
            Assert.That(result.Parts, Has.Count.EqualTo(3));
            Assert.That(result.Responses, Is.Empty);
            Assert.That(result.PartResponses, Has.Count.EqualTo(3));
            Assert.That(result.PartResponses.Take(2).Select(r => r?.CommandStatus), Is.All.EqualTo(CommandStatus.Ok));
            Assert.That(result.PartResponses.Take(2).Select(r => r?.MessageId), Is.EqualTo(acceptedIds));
            Assert.That(result.PartResponses[2], Is.Null, "part 3 was written and never answered");
            Assert.That(alpha.Accepted.Snapshot().Select(a => a.Part?.Sequence), Is.EquivalentTo(new byte?[] { 1, 2 }));
            Assert.That(beta.Counters.SubmitsReceived, Is.Zero, "no failover after an unknown outcome");
        });
    }

    [Test]
    public async Task SubmitAsync_OnePartConnectionDrops_UnknownWithoutPartResponses()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions { DropAfterPdus = 1 });
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta));

        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unknown));
            Assert.That(result.PartResponses, Is.Empty);
        });
    }

    [Test]
    public async Task SubmitToAsync_SecondCandidateNamed_SentThereOnly()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions());
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta));
        var composedFor = new List<string>();

        RoutedSubmit result = await router.SubmitToAsync("BETA", Destination, CarrierTestKit.Compose("ACME", Destination, "hello", composedFor), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Carrier?.Name, Is.EqualTo("beta"));
            Assert.That(composedFor, Is.EqualTo(new[] { "beta" }));
            Assert.That(alpha.Counters.SubmitsReceived, Is.Zero);
            Assert.That(beta.Accepted.TotalAccepted, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SubmitToAsync_NamedCarrierPaused_UnavailableAndNoOtherCarrierTried()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions());
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (CarrierSupervisor supervisor, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta));
        supervisor.SetPaused("alpha", paused: true);

        RoutedSubmit result = await router.SubmitToAsync("alpha", Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unavailable));
            Assert.That(result.Attempts.Select(a => (a.Carrier, a.Result)), Is.EqualTo(new[] { ("alpha", CarrierAttemptResult.Paused) }));
            Assert.That(alpha.Counters.SubmitsReceived + beta.Counters.SubmitsReceived, Is.Zero);
        });
    }

    [Test]
    public async Task SubmitToAsync_NamedCarrierHasNoRouteForDestination_NoRoute()
    {
        SmscSimulator alpha = StartSimulator(new FaultOptions());
        SmscSimulator beta = StartSimulator(new FaultOptions());
        (_, CarrierRouter router) = await StartAsync(Port(alpha), Port(beta));

        RoutedSubmit result = await router.SubmitToAsync("alpha", "+33612345678", CarrierTestKit.Compose("ACME", "+33612345678", "hi"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.NoRoute));
            Assert.That(alpha.Counters.SubmitsReceived + beta.Counters.SubmitsReceived, Is.Zero);
        });
    }

    /// <summary>Supervisor and router over alpha (prefix 44) and beta (default route), both bound.</summary>
    private Task<(CarrierSupervisor Supervisor, CarrierRouter Router)> StartAsync(int alphaPort, int betaPort) =>
        CarrierTestKit.StartAlphaBetaAsync(_disposables, alphaPort, betaPort, Token);

    private SmscSimulator StartSimulator(FaultOptions faults) => CarrierTestKit.StartSimulator(_disposables, faults);

    private static int Port(SmscSimulator simulator) => simulator.LocalEndPoint.Port;
}
