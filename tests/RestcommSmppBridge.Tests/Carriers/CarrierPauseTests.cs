using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// An operator pauses a carrier (admin endpoint): the router passes it over for new submits while its binds stay up,
/// against real SMSCs on 127.0.0.1:0. "alpha" is the first candidate (longer prefix), "beta" the second.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierPauseTests
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
    public async Task SubmitAsync_FirstCarrierPaused_SentToNextAndPausedBindStaysUp()
    {
        SmscSimulator alpha = StartSimulator();
        SmscSimulator beta = StartSimulator();
        (CarrierSupervisor supervisor, CarrierRouter router) = await StartAsync(alpha, beta);

        bool known = supervisor.SetPaused("ALPHA", paused: true);
        RoutedSubmit result = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(known, Is.True, "names are case-insensitive");
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(result.Carrier?.Name, Is.EqualTo("beta"));
            Assert.That(result.Attempts[0], Is.EqualTo(new CarrierAttempt("alpha", CarrierAttemptResult.Paused, null, "paused by an operator")));
            Assert.That(alpha.Counters.SubmitsReceived, Is.Zero);
            Assert.That(beta.Counters.SubmitsReceived, Is.EqualTo(1));
            Assert.That(supervisor.IsBound("alpha"), Is.True, "a paused carrier keeps its binds (receipts, MO)");
            Assert.That(supervisor.GetStates().Single(s => s.Name == "alpha").Paused, Is.True);
            Assert.That(supervisor.GetStates().Single(s => s.Name == "beta").Paused, Is.False);
        });
    }

    [Test]
    public async Task SubmitAsync_EveryCarrierPausedThenOneResumed_UnavailableThenSent()
    {
        SmscSimulator alpha = StartSimulator();
        SmscSimulator beta = StartSimulator();
        (CarrierSupervisor supervisor, CarrierRouter router) = await StartAsync(alpha, beta);
        supervisor.SetPaused("alpha", paused: true);
        supervisor.SetPaused("beta", paused: true);

        RoutedSubmit paused = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);
        supervisor.SetPaused("alpha", paused: false);
        RoutedSubmit resumed = await router.SubmitAsync(Destination, CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(paused.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unavailable), "retried later by the outbox, not failed");
            Assert.That(paused.Attempts.Select(a => a.Result), Is.EqualTo(new[] { CarrierAttemptResult.Paused, CarrierAttemptResult.Paused }));
            Assert.That(paused.Error, Is.EqualTo("no carrier for the destination is bound and not paused"));
            Assert.That(resumed.Outcome, Is.EqualTo(RoutedSubmitOutcome.Sent));
            Assert.That(resumed.Carrier?.Name, Is.EqualTo("alpha"));
            Assert.That(supervisor.IsPaused("alpha"), Is.False);
            Assert.That(supervisor.IsPaused("beta"), Is.True);
        });
    }

    [Test]
    public void SetPaused_UnknownCarrier_FalseAndNothingPaused()
    {
        CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(CarrierTestKit.Options("alpha")));
        _disposables.Add(supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(supervisor.SetPaused("gamma", paused: true), Is.False);
            Assert.That(supervisor.IsPaused("gamma"), Is.False);
            Assert.That(supervisor.GetStates().Single().Paused, Is.False);
        });
    }

    private Task<(CarrierSupervisor Supervisor, CarrierRouter Router)> StartAsync(SmscSimulator alpha, SmscSimulator beta) =>
        CarrierTestKit.StartAlphaBetaAsync(_disposables, alpha.LocalEndPoint.Port, beta.LocalEndPoint.Port, Token);

    private SmscSimulator StartSimulator() => CarrierTestKit.StartSimulator(_disposables);
}
