using RestcommSmppBridge.Smpp.Diagnostics;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// The per-bind rate limit, counted in PDUs (smpp.md §16 and P4: a 3-part message costs 3, because the SMSC counts
/// parts). Implemented as a generic cell rate algorithm, which is a token bucket kept as one "theoretical arrival
/// time": refill is continuous, up to <c>burst</c> PDUs may leave at once, then one per 1/rate seconds. All
/// arithmetic is on integer ticks of the injected <see cref="TimeProvider"/>, so waits are exact under a fake clock.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _interval;
    private readonly long _burstTicks;
    private readonly object _lock = new();
    private long _theoreticalArrival;
    private readonly KeyValuePair<string, object?> _tag;
    private long _waits;

    /// <summary>Creates a bucket; <paramref name="ratePerSecond"/> 0 means unlimited.</summary>
    public TokenBucket(double ratePerSecond, int burst, TimeProvider time, KeyValuePair<string, object?> tag = default)
    {
        _time = time;
        _tag = tag;
        _origin = time.GetTimestamp();
        if (ratePerSecond > 0)
        {
            _interval = Math.Max(1, (long)Math.Round(TimeSpan.TicksPerSecond / ratePerSecond));
            int effectiveBurst = burst > 0 ? burst : Math.Max(1, (int)Math.Ceiling(ratePerSecond));
            // At least one interval plus the timer's resolution: a waiting bind sleeps whole milliseconds (see
            // AcquireAsync) and may wake up to one late; the bucket must hold the tokens that came due meanwhile, or
            // a small burst would cap the rate (burst 1 at 3,000/s gave 2,000/s).
            _burstTicks = Math.Max(_interval * effectiveBurst, _interval + TimeSpan.TicksPerMillisecond);
        }
    }

    /// <summary>True when no limit applies.</summary>
    public bool Unlimited => _interval == 0;

    /// <summary>How many times a caller had to wait for a token.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>Takes <paramref name="count"/> tokens if available; otherwise returns how long until they are.</summary>
    public TimeSpan TryTake(int count)
    {
        if (Unlimited)
        {
            return TimeSpan.Zero;
        }

        long now = _time.GetElapsedTime(_origin).Ticks;
        lock (_lock)
        {
            long start = Math.Max(_theoreticalArrival, now);
            long next = start + (count * _interval);
            // A request larger than the burst is let through once the bucket is full and leaves it in debt, so it
            // is delayed, never starved.
            long allowedAt = Math.Min(next - _burstTicks, start);
            if (allowedAt <= now)
            {
                _theoreticalArrival = next;
                return TimeSpan.Zero;
            }

            return TimeSpan.FromTicks(allowedAt - now);
        }
    }

    /// <summary>Waits (on the injected clock) until <paramref name="count"/> tokens can be taken, then takes them.</summary>
    public async ValueTask AcquireAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait = TryTake(count);
            if (wait == TimeSpan.Zero)
            {
                return;
            }

            // Whole milliseconds, rounded up: the system timer truncates its due time to milliseconds, so a wait
            // under one (every wait above 1,000 PDUs/s, most of them at 500/s) fired at once and this loop spun on
            // the clock until the token was due (5 % of the daemon's CPU at 500/s in a perf profile). Waking up to a
            // millisecond late costs no rate: the bucket holds what came due meanwhile (see the constructor).
            // The timer is created before the wait is counted, so whoever watches the count and then moves a
            // (fake) clock cannot move it before the timer exists.
            Task delay = Task.Delay(RoundUpToMilliseconds(wait), _time, cancellationToken);
            Interlocked.Increment(ref _waits);
            SmppMetrics.RateLimitWaits.Add(1, _tag);
            await delay.ConfigureAwait(false);
        }
    }

    /// <summary>The smallest whole number of milliseconds not shorter than <paramref name="wait"/>.</summary>
    internal static TimeSpan RoundUpToMilliseconds(TimeSpan wait)
    {
        long remainder = wait.Ticks % TimeSpan.TicksPerMillisecond;
        return remainder == 0 ? wait : TimeSpan.FromTicks(wait.Ticks - remainder + TimeSpan.TicksPerMillisecond);
    }

    /// <summary>Gives back tokens taken for a PDU that was not sent after all.</summary>
    public void Refund(int count)
    {
        if (Unlimited)
        {
            return;
        }

        lock (_lock)
        {
            _theoreticalArrival -= count * _interval;
        }
    }
}
