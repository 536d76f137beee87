namespace RestcommSmppBridge.Inbound;

/// <summary>
/// Logs the refusals of MOs while the webhook backlog is full as one episode instead of one warning each: a warning
/// when refusing starts, a warning with the count once per <see cref="SummaryInterval"/> while it lasts, and an
/// information line when an MO is taken again. Each refused MO is still logged, at Debug. Under load the SMSC
/// redelivers every refused MO (the MO benchmark: 152,007 warnings in one run), so per-message warnings would bury
/// everything else in the log.
/// </summary>
internal sealed class BacklogRefusalLog
{
    /// <summary>How often a still-running episode is summed up.</summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile bool _refusing;
    private long _episodeStart;
    private long _intervalStart;
    private long _refusedInInterval;
    private long _refusedInEpisode;

    public BacklogRefusalLog(TimeProvider timeProvider, ILogger logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>An MO of <paramref name="carrierName"/> was refused with <paramref name="commandStatus"/>.</summary>
    public void Refused(string carrierName, int pending, int limit, uint commandStatus)
    {
        InboundPipeline.Log.Refused(_logger, carrierName, pending, commandStatus);
        long now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (!_refusing)
            {
                _refusing = true;
                _episodeStart = now;
                _intervalStart = now;
                _refusedInInterval = 1;
                _refusedInEpisode = 1;
                InboundPipeline.Log.BacklogFull(_logger, pending, limit, carrierName, commandStatus);
                return;
            }

            _refusedInInterval++;
            _refusedInEpisode++;
            TimeSpan elapsed = _timeProvider.GetElapsedTime(_intervalStart, now);
            if (elapsed >= SummaryInterval)
            {
                InboundPipeline.Log.StillRefusing(_logger, _refusedInInterval, elapsed, pending, limit);
                _intervalStart = now;
                _refusedInInterval = 0;
            }
        }
    }

    /// <summary>
    /// An MO got past the backlog check with <paramref name="pending"/> webhooks waiting: ends an episode once the
    /// backlog is below 90 % of <paramref name="limit"/>. Near the limit the backlog flaps (one webhook done, one MO
    /// taken, the next refused), and ending there started a new episode, with its warning, many times a second (the MO
    /// benchmark: 1,551 warnings in one run). Costs one volatile read when no episode is running.
    /// </summary>
    public void Taken(int pending, int limit)
    {
        if (!_refusing || pending > limit - (limit / 10) - 1)
        {
            return;
        }

        lock (_lock)
        {
            if (!_refusing)
            {
                return;
            }

            _refusing = false;
            TimeSpan duration = _timeProvider.GetElapsedTime(_episodeStart);
            InboundPipeline.Log.BacklogDrained(_logger, _refusedInEpisode, duration);
        }
    }
}
