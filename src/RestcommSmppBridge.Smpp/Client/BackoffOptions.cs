namespace RestcommSmppBridge.Smpp.Client;

/// <summary>How a <see cref="ReconnectBackoff"/> spreads its delays.</summary>
public enum BackoffJitter
{
    /// <summary>No randomness: Initial, Initial × Multiplier, … up to Max. Predictable; use it for a single bind.</summary>
    None,

    /// <summary>
    /// A uniform delay between <see cref="BackoffOptions.Initial"/> and the exponential ceiling of the attempt. Unlike
    /// the textbook "full jitter" (0 … ceiling) it never goes below Initial, so a dropped link is never re-dialled
    /// at once by every bind (smpp.md P6: retry storms).
    /// </summary>
    Full,

    /// <summary>
    /// "Decorrelated jitter": each delay is uniform between Initial and the previous delay × Multiplier, capped at
    /// Max. Delays still grow on average but binds that failed together drift apart quickly.
    /// </summary>
    Decorrelated,
}

/// <summary>
/// Settings of an exponential backoff (reconnects, and the bind-wide pause after ESME_RTHROTTLED / ESME_RMSGQFUL).
/// Immutable; durations are <see cref="TimeSpan"/>s.
/// </summary>
public sealed record BackoffOptions
{
    /// <summary>The first delay (and the smallest one). Default 1 s.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Growth factor per consecutive failure; at least 1. Default 2.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>The cap: no delay is longer. Default 60 s.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How delays are randomised. Default <see cref="BackoffJitter.Full"/>.</summary>
    public BackoffJitter Jitter { get; init; } = BackoffJitter.Full;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting, prefixed with <paramref name="name"/>.</summary>
    public void Validate(string name = nameof(BackoffOptions))
    {
        if (Initial <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name}.Initial must be positive, got {Initial}.", name);
        }

        if (Max > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"{name}.Max must be at most one day, got {Max}.", name);
        }

        if (Max < Initial)
        {
            throw new ArgumentException($"{name}.Max ({Max}) must be at least {name}.Initial ({Initial}).", name);
        }

        if (!double.IsFinite(Multiplier) || Multiplier < 1.0)
        {
            throw new ArgumentException($"{name}.Multiplier must be a finite number of at least 1, got {Multiplier}.", name);
        }

        if (!Enum.IsDefined(Jitter))
        {
            throw new ArgumentException($"{name}.Jitter has the unknown value {(int)Jitter}.", name);
        }
    }
}
