using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Client;

namespace RestcommSmppBridge.Smpp.Tests.Client;

[CancelAfter(10_000)]
public sealed class TokenBucketTests
{
    [Test]
    public void TryTake_BurstUsedUp_WaitsOneInterval()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(2, 0, time);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.Zero));
            Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.Zero));
            Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        });

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void TryTake_ThreeParts_CostThreeTokens()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(1, 3, time);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(3), Is.EqualTo(TimeSpan.Zero));
            Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void TryTake_MoreThanBurst_AllowedWhenFullThenDebtDelaysTheNext()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(1, 2, time);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(3), Is.EqualTo(TimeSpan.Zero));
            Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public void TryTake_LongIdle_RefillsOnlyUpToBurst()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 5, time);
        time.Advance(TimeSpan.FromHours(1));

        int taken = 0;
        while (bucket.TryTake(1) == TimeSpan.Zero)
        {
            taken++;
        }

        Assert.That(taken, Is.EqualTo(5));
    }

    [Test]
    public void Refund_TokenNotUsed_AvailableAgain()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(1, 1, time);
        bucket.TryTake(1);

        bucket.Refund(1);

        Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task AcquireAsync_Unlimited_NeverWaits()
    {
        var bucket = new TokenBucket(0, 0, new FakeTimeProvider());

        for (int i = 0; i < 1000; i++)
        {
            await bucket.AcquireAsync(1, CancellationToken.None);
        }

        Assert.That(bucket.Waits, Is.Zero);
    }

    [TestCase(10, 5, 1)]
    [TestCase(12, 4, 4)]
    [TestCase(3, 1, 0)]
    public async Task AcquireAsync_NPdusAtRateR_NMinusBurstWaitsOfOneInterval(int pdus, int rate, int burst)
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(rate, burst, time);
        int effectiveBurst = burst == 0 ? rate : burst;
        DateTimeOffset start = time.GetUtcNow();

        Task all = Task.Run(async () =>
        {
            for (int i = 0; i < pdus; i++)
            {
                await bucket.AcquireAsync(1, CancellationToken.None);
            }
        });

        // Drive the fake clock one interval each time the bucket is found waiting.
        long expectedWaits = Math.Max(0, pdus - effectiveBurst);
        var interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / rate);
        for (long w = 1; w <= expectedWaits; w++)
        {
            var signal = new Signal();
            await signal.UntilAsync(() => bucket.Waits >= w, $"wait {w}");
            time.Advance(interval);
        }

        await all;
        Assert.Multiple(() =>
        {
            Assert.That(bucket.Waits, Is.EqualTo(expectedWaits));
            Assert.That(time.GetUtcNow() - start, Is.EqualTo(interval * expectedWaits));
        });
    }

    [Test]
    public async Task AcquireAsync_WaitUnderAMillisecond_SleepsAWholeMillisecond()
    {
        // 4,000/s: once the bucket is empty the next token is due within 0.25 ms. The system timer truncates to
        // whole milliseconds, so a 0.25 ms timer fired at once and the bind spun on the clock (here: Waits would
        // climb without the clock moving); the wait must be one whole millisecond.
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(4000, 1, time);
        while (bucket.TryTake(1) == TimeSpan.Zero)
        {
        }

        using CancellationTokenSource stop = new();
        Task next = Task.Run(() => bucket.AcquireAsync(1, stop.Token).AsTask());
        try
        {
            await new Signal().UntilAsync(() => bucket.Waits >= 1, "the next PDU waits");
            time.Advance(TimeSpan.FromMilliseconds(0.5));
            bool doneEarly = next.IsCompleted;
            time.Advance(TimeSpan.FromMilliseconds(0.5));
            await next.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Multiple(() =>
            {
                Assert.That(doneEarly, Is.False, "the timer was set to less than a millisecond");
                Assert.That(bucket.Waits, Is.EqualTo(1));
            });
        }
        finally
        {
            // Ends a spinning wait (the defect this guards against) instead of leaving it running in the test host.
            await stop.CancelAsync();
        }
    }

    [TestCase(3000, 1, 300)]
    [TestCase(600, 1, 120)]
    [TestCase(2500, 0, 3000)]
    [TestCase(7, 1, 20)]
    public void TryTake_SleepingWholeMilliseconds_KeepsTheConfiguredRate(int rate, int burst, int pdus)
    {
        // What a bind's sender does, step by step on a fake clock: each wait is slept rounded up to whole
        // milliseconds (so it wakes late), and the tokens due meanwhile are still there, so the rate holds.
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(rate, burst, time);
        DateTimeOffset start = time.GetUtcNow();
        for (int i = 0; i < pdus; i++)
        {
            TimeSpan wait;
            while ((wait = bucket.TryTake(1)) > TimeSpan.Zero)
            {
                time.Advance(TokenBucket.RoundUpToMilliseconds(wait));
            }
        }

        double ideal = (pdus - (burst == 0 ? rate : burst)) * 1000.0 / rate;
        double elapsed = (time.GetUtcNow() - start).TotalMilliseconds;
        Assert.That(elapsed, Is.InRange(ideal - 1, ideal + 1), $"{pdus} PDUs at {rate}/s (burst {burst})");
    }

    [TestCase(0.3, 1.0)]
    [TestCase(1.0, 1.0)]
    [TestCase(1.0001, 2.0)]
    [TestCase(1999.5, 2000.0)]
    public void RoundUpToMilliseconds_RoundsUpToAWholeMillisecond(double milliseconds, double expected)
    {
        Assert.That(TokenBucket.RoundUpToMilliseconds(TimeSpan.FromMilliseconds(milliseconds)),
            Is.EqualTo(TimeSpan.FromMilliseconds(expected)));
    }
}
