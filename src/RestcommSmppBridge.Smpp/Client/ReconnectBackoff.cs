namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// Exponential backoff with a cap and optional jitter: the delay before the next reconnect of a bind, or the length of
/// the next bind-wide pause after a throttling response.
/// </summary>
/// <remarks>
/// <para>
/// Why not Polly: the SMPP library stays BCL-only (style.md R1) so the simulator, benchmarks and other hosts can use
/// it without a resilience framework, and what is needed here is one number per failure, not a pipeline. The
/// daemon's HTTP side does use Polly.
/// </para>
/// <para>
/// Not thread-safe: one instance per bind, used by that bind's supervisor or sender only. The
/// <see cref="Random"/> is injected so tests are deterministic with a seed.
/// </para>
/// </remarks>
public sealed class ReconnectBackoff
{
    private readonly BackoffOptions _options;
    private readonly Random _random;
    private TimeSpan _previous;

    /// <summary>Creates a backoff; <paramref name="random"/> defaults to <see cref="Random.Shared"/>.</summary>
    public ReconnectBackoff(BackoffOptions options, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = random ?? Random.Shared;
    }

    /// <summary>Consecutive failures counted since the last <see cref="Reset"/>.</summary>
    public int Attempt { get; private set; }

    /// <summary>Returns the delay to wait after one more failure, and counts that failure.</summary>
    public TimeSpan Next()
    {
        TimeSpan initial = _options.Initial;
        TimeSpan max = _options.Max;
        TimeSpan delay = _options.Jitter switch
        {
            BackoffJitter.Full => Between(initial, Ceiling(Attempt)),
            BackoffJitter.Decorrelated => Between(initial, Scale(_previous == TimeSpan.Zero ? initial : _previous, _options.Multiplier, max)),
            _ => Ceiling(Attempt),
        };

        if (Attempt < int.MaxValue)
        {
            Attempt++;
        }

        _previous = delay;
        return delay;
    }

    /// <summary>Forgets the failures: the next delay is <see cref="BackoffOptions.Initial"/> again (or jittered from it).</summary>
    public void Reset()
    {
        Attempt = 0;
        _previous = TimeSpan.Zero;
    }

    /// <summary>Initial × Multiplier^attempt, capped at Max, without overflow for large attempt counts.</summary>
    private TimeSpan Ceiling(int attempt)
    {
        double ticks = _options.Initial.Ticks * Math.Pow(_options.Multiplier, attempt);
        return !double.IsFinite(ticks) || ticks >= _options.Max.Ticks ? _options.Max : TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan Scale(TimeSpan value, double factor, TimeSpan max)
    {
        double ticks = value.Ticks * factor;
        return !double.IsFinite(ticks) || ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan Between(TimeSpan low, TimeSpan high) =>
        high <= low ? low : TimeSpan.FromTicks(low.Ticks + (long)(_random.NextDouble() * (high.Ticks - low.Ticks)));
}
