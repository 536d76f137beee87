using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Storage;

/// <summary>
/// Deletes ended messages older than <see cref="StorageOptions.MessageRetention"/> (off by default), so that the
/// database file stops growing with the traffic. Every <see cref="SweepInterval"/> it walks each account's ended
/// messages created before now minus the retention, oldest first, in writes of at most <see cref="BatchSize"/>
/// messages with a <see cref="BatchPause"/> between them: each batch is one write of the single writer, which the
/// API's own writes queue behind, so a large first sweep (retention switched on for a full file) slows the API by a
/// few milliseconds per batch instead of holding the writer for the whole backlog.
/// </summary>
internal sealed partial class MessageRetentionService : BackgroundService
{
    private readonly IMessageStore _messages;
    private readonly IAccountStore _accounts;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageRetentionService> _logger;

    public MessageRetentionService(IMessageStore messages, IAccountStore accounts, IOptions<StorageOptions> options,
        TimeProvider time, ILogger<MessageRetentionService> logger)
    {
        _messages = messages;
        _accounts = accounts;
        _retention = options.Value.MessageRetention;
        _time = time;
        _logger = logger;
    }

    /// <summary>Time between two sweeps (one minute; a setting for tests).</summary>
    internal TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The most messages one write deletes (200: a few milliseconds of the writer).</summary>
    internal int BatchSize { get; init; } = 200;

    /// <summary>The pause between two batches of one sweep (10 ms), so that the writer serves other writes meanwhile.</summary>
    internal TimeSpan BatchPause { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// One sweep: deletes the ended messages created before <paramref name="now"/> minus the retention, in every
    /// account; returns how many it deleted.
    /// </summary>
    internal async Task<long> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset before = now - _retention;
        long deleted = 0;
        foreach (Account account in await _accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            while (true)
            {
                int batch = await _messages.DeleteEndedAsync(account.Sid, before, BatchSize, cancellationToken).ConfigureAwait(false);
                deleted += batch;
                StoreMetrics.ExpiredMessages.Add(batch);
                if (batch < BatchSize)
                {
                    break;
                }

                await Task.Delay(BatchPause, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_retention <= TimeSpan.Zero)
        {
            Log.RetentionOff(_logger);
            return;
        }

        Log.RetentionOn(_logger, _retention, SweepInterval);
        using PeriodicTimer timer = new(SweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                DateTimeOffset now = _time.GetUtcNow();
                long started = Stopwatch.GetTimestamp();
                try
                {
                    long deleted = await SweepAsync(now, stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        Log.MessagesExpired(_logger, deleted, now - _retention, elapsedMs);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next sweep tries again: a failed batch deleted nothing (one transaction each).
                    Log.SweepFailed(_logger, exception, SweepInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; a sweep cut short resumes at the next start.
        }
    }

    /// <summary>Retention log events, EventIds 4030–4039 of the store's range (style.md R11).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 4030, EventName = "MessageRetentionOff", Level = LogLevel.Information,
            Message = "Message retention is off (Bridge:Storage:MessageRetention = 0): every message is kept and the database grows with the traffic")]
        public static partial void RetentionOff(ILogger logger);

        [LoggerMessage(EventId = 4031, EventName = "MessageRetentionOn", Level = LogLevel.Information,
            Message = "Message retention {Retention}: ended messages older than that are deleted every {SweepInterval}")]
        public static partial void RetentionOn(ILogger logger, TimeSpan retention, TimeSpan sweepInterval);

        [LoggerMessage(EventId = 4032, EventName = "MessagesExpired", Level = LogLevel.Information,
            Message = "Deleted {MessageCount} ended messages created before {CreatedBefore:O} (message retention) in {ElapsedMs:0} ms")]
        public static partial void MessagesExpired(ILogger logger, long messageCount, DateTimeOffset createdBefore, double elapsedMs);

        [LoggerMessage(EventId = 4033, EventName = "MessageRetentionSweepFailed", Level = LogLevel.Warning,
            Message = "A message retention sweep failed; the next one, in {SweepInterval}, tries again")]
        public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan sweepInterval);
    }
}
