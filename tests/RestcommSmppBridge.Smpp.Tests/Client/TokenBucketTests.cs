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
        var bucket = new TokenBucket(1, 1, time);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(3), Is.EqualTo(TimeSpan.Zero));
            Assert.That(bucket.TryTake(1), Is.EqualTo(TimeSpan.FromSeconds(3)));
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
}
