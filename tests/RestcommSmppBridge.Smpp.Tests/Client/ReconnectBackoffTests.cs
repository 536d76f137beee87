using RestcommSmppBridge.Smpp.Client;

namespace RestcommSmppBridge.Smpp.Tests.Client;

[CancelAfter(10_000)]
public sealed class ReconnectBackoffTests
{
    private static readonly BackoffOptions s_plain = new()
    {
        Initial = TimeSpan.FromSeconds(1),
        Multiplier = 2,
        Max = TimeSpan.FromSeconds(10),
        Jitter = BackoffJitter.None,
    };

    [Test]
    public void Next_NoJitter_GrowsByMultiplierUpToCap()
    {
        var backoff = new ReconnectBackoff(s_plain);

        double[] seconds = [.. Enumerable.Range(0, 7).Select(_ => backoff.Next().TotalSeconds)];

        Assert.Multiple(() =>
        {
            Assert.That(seconds, Is.EqualTo(new double[] { 1, 2, 4, 8, 10, 10, 10 }));
            Assert.That(backoff.Attempt, Is.EqualTo(7));
        });
    }

    [Test]
    public void Next_NonIntegerMultiplier_GrowsGeometrically()
    {
        var backoff = new ReconnectBackoff(s_plain with { Initial = TimeSpan.FromMilliseconds(100), Multiplier = 1.5 });

        double[] ms = [.. Enumerable.Range(0, 4).Select(_ => backoff.Next().TotalMilliseconds)];

        Assert.That(ms, Is.EqualTo(new double[] { 100, 150, 225, 337.5 }).Within(0.001));
    }

    [Test]
    public void Reset_AfterFailures_StartsAgainAtInitial()
    {
        var backoff = new ReconnectBackoff(s_plain);
        backoff.Next();
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Multiple(() =>
        {
            Assert.That(backoff.Attempt, Is.Zero);
            Assert.That(backoff.Next(), Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void Next_ThousandsOfAttempts_StaysAtCapWithoutOverflow()
    {
        var backoff = new ReconnectBackoff(s_plain with { Multiplier = 10 });
        TimeSpan last = TimeSpan.Zero;
        for (int i = 0; i < 5000; i++)
        {
            last = backoff.Next();
        }

        Assert.That(last, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Next_FullJitter_BetweenInitialAndExponentialCeiling()
    {
        var backoff = new ReconnectBackoff(s_plain with { Jitter = BackoffJitter.Full }, new Random(42));
        var ceilings = new[] { 1, 2, 4, 8, 10, 10, 10, 10 };
        var seen = new List<TimeSpan>();
        for (int round = 0; round < 200; round++)
        {
            backoff.Reset();
            foreach (int ceiling in ceilings)
            {
                TimeSpan delay = backoff.Next();
                seen.Add(delay);
                Assert.That(delay, Is.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(ceiling)));
            }
        }

        // Jitter must actually spread the delays (binds dropped together must not redial together).
        Assert.That(seen.Distinct().Count(), Is.GreaterThan(seen.Count / 2));
    }

    [Test]
    public void Next_DecorrelatedJitter_BetweenInitialAndPreviousTimesMultiplierCapped()
    {
        var backoff = new ReconnectBackoff(s_plain with { Jitter = BackoffJitter.Decorrelated, Multiplier = 3 }, new Random(7));
        TimeSpan previous = TimeSpan.FromSeconds(1);
        for (int i = 0; i < 1000; i++)
        {
            TimeSpan delay = backoff.Next();
            TimeSpan upper = TimeSpan.FromTicks(Math.Min(previous.Ticks * 3, TimeSpan.FromSeconds(10).Ticks));
            Assert.That(delay, Is.InRange(TimeSpan.FromSeconds(1), upper));
            previous = delay;
        }
    }

    [TestCase(BackoffJitter.Full)]
    [TestCase(BackoffJitter.Decorrelated)]
    public void Next_SameSeed_SameSequence(BackoffJitter jitter)
    {
        var a = new ReconnectBackoff(s_plain with { Jitter = jitter }, new Random(1234));
        var b = new ReconnectBackoff(s_plain with { Jitter = jitter }, new Random(1234));

        TimeSpan[] first = [.. Enumerable.Range(0, 20).Select(_ => a.Next())];
        TimeSpan[] second = [.. Enumerable.Range(0, 20).Select(_ => b.Next())];

        Assert.That(first, Is.EqualTo(second));
    }

    [TestCase(0, 2.0, 10, "Initial")]
    [TestCase(5, 2.0, 1, "Max")]
    [TestCase(1, 0.5, 10, "Multiplier")]
    [TestCase(1, double.NaN, 10, "Multiplier")]
    public void Validate_BadSetting_NamesIt(int initialSeconds, double multiplier, int maxSeconds, string setting)
    {
        var options = new BackoffOptions
        {
            Initial = TimeSpan.FromSeconds(initialSeconds),
            Multiplier = multiplier,
            Max = TimeSpan.FromSeconds(maxSeconds),
        };

        Assert.That(() => new ReconnectBackoff(options),
            Throws.ArgumentException.With.Message.Contains("BackoffOptions." + setting));
    }
}
