using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>Carrier pauses in the store (migration 8) on a real SQLite file: written through the writer, read back.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class SqliteCarrierPauseTests
{
    private static readonly DateTimeOffset T1 = TestStore.T0.AddMinutes(5);

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task SetCarrierPauseAsync_NewPause_ReadBackWithItsTime()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOperationsStore operations = new(store.Database);

        DateTimeOffset pausedAt = await operations.SetCarrierPauseAsync("alpha", TestStore.T0, Token);
        IReadOnlyList<CarrierPause> pauses = await operations.GetCarrierPausesAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(pausedAt, Is.EqualTo(TestStore.T0));
            Assert.That(pauses, Is.EqualTo(new[] { new CarrierPause("alpha", TestStore.T0) }));
            Assert.That(pauses[0].PausedAt.Offset, Is.EqualTo(TimeSpan.Zero), "times come back as UTC");
        });
    }

    [Test]
    public async Task SetCarrierPauseAsync_AlreadyPausedUnderOtherCase_KeepsTheFirstRowAndTime()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOperationsStore operations = new(store.Database);

        await operations.SetCarrierPauseAsync("Alpha", TestStore.T0, Token);
        DateTimeOffset again = await operations.SetCarrierPauseAsync("ALPHA", T1, Token);
        IReadOnlyList<CarrierPause> pauses = await operations.GetCarrierPausesAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(TestStore.T0), "pausing a paused carrier keeps when its pause began");
            Assert.That(pauses, Is.EqualTo(new[] { new CarrierPause("Alpha", TestStore.T0) }), "one row per carrier, any case");
        });
    }

    [Test]
    public async Task ClearCarrierPauseAsync_OtherCase_RemovesItAndASecondClearFindsNothing()
    {
        await using TestStore store = await TestStore.OpenAsync();
        SqliteOperationsStore operations = new(store.Database);
        await operations.SetCarrierPauseAsync("alpha", TestStore.T0, Token);
        await operations.SetCarrierPauseAsync("beta", T1, Token);

        bool cleared = await operations.ClearCarrierPauseAsync("ALPHA", Token);
        bool clearedAgain = await operations.ClearCarrierPauseAsync("alpha", Token);
        IReadOnlyList<CarrierPause> pauses = await operations.GetCarrierPausesAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(cleared, Is.True);
            Assert.That(clearedAgain, Is.False, "a resume of a carrier that is not paused changes nothing");
            Assert.That(pauses, Is.EqualTo(new[] { new CarrierPause("beta", T1) }));
        });
    }

    [Test]
    public async Task GetCarrierPausesAsync_NothingStored_Empty()
    {
        await using TestStore store = await TestStore.OpenAsync();

        IReadOnlyList<CarrierPause> pauses = await new SqliteOperationsStore(store.Database).GetCarrierPausesAsync(Token);

        Assert.That(pauses, Is.Empty);
    }

    [Test]
    public async Task SetCarrierPauseAsync_FileClosedAndReopened_PausesStillThere()
    {
        string folder = TestStore.NewFolder();
        TestStore first = await TestStore.OpenAsync(folder);
        SqliteOperationsStore before = new(first.Database);
        await before.SetCarrierPauseAsync("beta", T1, Token);
        await before.SetCarrierPauseAsync("alpha", TestStore.T0, Token);
        await before.SetCarrierPauseAsync("gamma", T1, Token);
        await before.ClearCarrierPauseAsync("gamma", Token);
        await first.CloseAsync();

        await using TestStore second = await TestStore.OpenAsync(folder);
        IReadOnlyList<CarrierPause> pauses = await new SqliteOperationsStore(second.Database).GetCarrierPausesAsync(Token);

        Assert.That(pauses, Is.EqualTo(new[] { new CarrierPause("alpha", TestStore.T0), new CarrierPause("beta", T1) }),
            "committed pauses outlive a close and reopen of the file, in name order; the cleared one stays gone");
    }
}
