using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Api;
using RestcommSmppBridge.Tests.Storage;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>
/// The supervisor keeps operator pauses in the store (real SQLite file): stored before they take effect, applied again
/// at start before any bind comes up. "alpha" runs on a real SMSC on 127.0.0.1:0 and is the only route.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class CarrierPauseRestartTests
{
    private const string Destination = "+447700900123";

    private readonly AsyncDisposables _disposables = new();
    private ListLoggerProvider _logs = null!;
    private ILoggerFactory _loggers = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public void CreateLoggers()
    {
        _logs = new ListLoggerProvider();
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs));
    }

    [TearDown]
    public async Task DisposeAll()
    {
        await _disposables.DisposeAsync();
        _loggers.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task StartAsync_StoredPauseUnderOtherCase_PausedBeforeTheFirstBindAndNothingSent()
    {
        SmscSimulator alpha = StartSimulator();
        SqliteOperationsStore operations = await OpenStoreAsync();
        await operations.SetCarrierPauseAsync("ALPHA", TestStore.T0, Token);
        CarrierSupervisor supervisor = Supervisor(operations, TimeProvider.System,
            CarrierTestKit.Options("alpha", alpha.LocalEndPoint.Port, routes: [("", 1)]));

        await supervisor.StartAsync(Token);
        bool pausedAtStart = supervisor.IsPaused("alpha");
        int boundAtStart = supervisor.GetStates()[0].BoundBinds;
        await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);
        RoutedSubmit result = await CarrierTestKit.Router(supervisor).SubmitAsync(Destination,
            CarrierTestKit.Compose("ACME", Destination, "hello"), Token);

        Assert.Multiple(() =>
        {
            Assert.That(pausedAtStart, Is.True, "the pause is applied by StartAsync itself");
            Assert.That(boundAtStart, Is.Zero, "before any bind was up");
            Assert.That(supervisor.PausedSince("alpha"), Is.EqualTo(TestStore.T0));
            Assert.That(supervisor.GetStates()[0].Paused, Is.True);
            Assert.That(result.Outcome, Is.EqualTo(RoutedSubmitOutcome.Unavailable));
            Assert.That(result.Attempts.Single().Result, Is.EqualTo(CarrierAttemptResult.Paused));
            Assert.That(alpha.Counters.SubmitsReceived, Is.Zero, "not one message reached the paused carrier");
            Assert.That(supervisor.IsBound("alpha"), Is.True, "its binds come up for receipts and MO");
            Assert.That(Logged(6013), Is.EqualTo(new[]
            {
                (LogLevel.Information, "Carrier alpha stays paused since 2025-03-14T09:26:53.0000000+00:00 (paused before the restart); the admin resume endpoint lifts the pause"),
            }));
        });
    }

    [Test]
    public async Task StartAsync_StoredPauseOfUnknownCarrier_WarnsKeepsTheRowAndStarts()
    {
        SmscSimulator alpha = StartSimulator();
        SqliteOperationsStore operations = await OpenStoreAsync();
        await operations.SetCarrierPauseAsync("gone", TestStore.T0, Token);
        CarrierSupervisor supervisor = Supervisor(operations, TimeProvider.System, CarrierTestKit.Options("alpha", alpha.LocalEndPoint.Port));

        await supervisor.StartAsync(Token);
        CarrierState bound = await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, Token);

        Assert.Multiple(async () =>
        {
            Assert.That(bound.Paused, Is.False);
            Assert.That(Logged(6014), Is.EqualTo(new[]
            {
                (LogLevel.Warning, "A stored pause of carrier gone (since 2025-03-14T09:26:53.0000000+00:00) names no configured carrier; it is kept and applies again if a carrier of that name is configured (resume is possible only then)"),
            }));
            Assert.That(Logged(6013), Is.Empty);
            Assert.That(await operations.GetCarrierPausesAsync(Token), Is.EqualTo(new[] { new CarrierPause("gone", TestStore.T0) }));
        });
    }

    [Test]
    public async Task SetPausedAsync_PauseTwiceThenResume_StoredFirstTimeKeptThenRowRemoved()
    {
        SqliteOperationsStore operations = await OpenStoreAsync();
        FakeTimeProvider time = new(TestStore.T0);
        CarrierSupervisor supervisor = Supervisor(operations, time, CarrierTestKit.Options("alpha"));

        CarrierPauseOutcome first = await supervisor.SetPausedAsync("Alpha", paused: true, Token);
        time.Advance(TimeSpan.FromMinutes(3));
        CarrierPauseOutcome second = await supervisor.SetPausedAsync("alpha", paused: true, Token);
        IReadOnlyList<CarrierPause> stored = await operations.GetCarrierPausesAsync(Token);
        DateTimeOffset? since = supervisor.PausedSince("ALPHA");
        CarrierPauseOutcome resumed = await supervisor.SetPausedAsync("alpha", paused: false, Token);
        CarrierPauseOutcome resumedAgain = await supervisor.SetPausedAsync("alpha", paused: false, Token);

        Assert.Multiple(async () =>
        {
            Assert.That(new[] { first, second, resumed, resumedAgain }, Is.All.EqualTo(CarrierPauseOutcome.Applied));
            Assert.That(stored, Is.EqualTo(new[] { new CarrierPause("alpha", TestStore.T0) }), "stored under the configured name");
            Assert.That(since, Is.EqualTo(TestStore.T0), "a second pause keeps when the first began");
            Assert.That(supervisor.IsPaused("alpha"), Is.False);
            Assert.That(supervisor.PausedSince("alpha"), Is.Null);
            Assert.That(await operations.GetCarrierPausesAsync(Token), Is.Empty);
        });
    }

    [Test]
    public async Task SetPausedAsync_UnknownCarrier_NothingStored()
    {
        SqliteOperationsStore operations = await OpenStoreAsync();
        CarrierSupervisor supervisor = Supervisor(operations, TimeProvider.System, CarrierTestKit.Options("alpha"));

        CarrierPauseOutcome outcome = await supervisor.SetPausedAsync("gamma", paused: true, Token);

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(CarrierPauseOutcome.UnknownCarrier));
            Assert.That(await operations.GetCarrierPausesAsync(Token), Is.Empty);
        });
    }

    [Test]
    public async Task SetPausedAsync_StoreStopped_NotStoredFlagUnchangedAndLogged()
    {
        TestStore store = await TestStore.OpenAsync();
        _disposables.Add(store);
        SqliteOperationsStore operations = new(store.Database);
        CarrierSupervisor supervisor = Supervisor(operations, TimeProvider.System, CarrierTestKit.Options("alpha"));
        await store.Database.Writer.DisposeAsync();

        CarrierPauseOutcome outcome = await supervisor.SetPausedAsync("alpha", paused: true, Token);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(CarrierPauseOutcome.NotStored));
            Assert.That(supervisor.IsPaused("alpha"), Is.False, "nothing changes when the pause is not durable");
            Assert.That(supervisor.PausedSince("alpha"), Is.Null);
            Assert.That(Logged(6012).Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Error }));
            Assert.That(Logged(6010), Is.Empty, "no CarrierPaused line for a pause that did not happen");
        });
    }

    [Test]
    public async Task SetPausedAsync_NoStore_NotStoredAndNotPaused()
    {
        CarrierSupervisor supervisor = Supervisor(null, TimeProvider.System, CarrierTestKit.Options("alpha"));

        CarrierPauseOutcome outcome = await supervisor.SetPausedAsync("alpha", paused: true, Token);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(CarrierPauseOutcome.NotStored));
            Assert.That(supervisor.IsPaused("alpha"), Is.False);
        });
    }

    private (LogLevel Level, string Message)[] Logged(int eventId) =>
        [.. _logs.Entries.Where(e => e.EventId.Id == eventId).Select(e => (e.Level, e.Message))];

    private async Task<SqliteOperationsStore> OpenStoreAsync()
    {
        TestStore store = await TestStore.OpenAsync();
        _disposables.Add(store);
        return new SqliteOperationsStore(store.Database);
    }

    private CarrierSupervisor Supervisor(IOperationsStore? store, TimeProvider time, params CarrierOptions[] carriers)
    {
        CarrierSupervisor supervisor = new(CarrierTestKit.Profiles(carriers),
            new CarrierTestKit.AcceptingInboundHandler(), time, _loggers, store);
        _disposables.Add(supervisor);
        return supervisor;
    }

    private SmscSimulator StartSimulator() => CarrierTestKit.StartSimulator(_disposables);
}
