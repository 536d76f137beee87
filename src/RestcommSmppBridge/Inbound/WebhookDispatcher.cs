using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// Runs the RCML interaction of every stored inbound message (restcomm.md §2, smpp.md P13): claims the durable webhook
/// rows in the writer transaction that reads them, so each runs once (at start the claims a stop or a crash left are
/// cleared, so those webhooks resume), runs at most
/// <see cref="InboundOptions.WebhookConcurrency"/> interactions at once, and records each outcome. An interaction that
/// failed on the transport before any reply was sent runs again later with a doubling pause, up to
/// <see cref="InboundOptions.WebhookMaxAttempts"/> runs; a row is only ever finished, never dropped.
/// </summary>
/// <remarks>
/// Delivery is at least once: a stop after a reply was submitted but before the outcome was stored runs the
/// interaction again at the next start (the app sees the same SmsSid and may deduplicate on it).
/// </remarks>
public sealed partial class WebhookDispatcher : BackgroundService
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    private readonly IInboundStore _store;
    private readonly IAccountStore _accounts;
    private readonly WebhookClient _client;
    private readonly IRcmlReplySender? _sender;
    private readonly RcmlParser _parser;
    private readonly IOptions<RcmlOptions> _rcmlOptions;
    private readonly InboundWebhookQueue _queue;
    private readonly InboundOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly ILogger<RcmlInterpreter> _interpreterLogger;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly ConcurrentQueue<string> _unreleased = new();
    private long _runCounter;

    /// <summary>
    /// Creates the dispatcher. <paramref name="replySenders"/> is the outbound side's reply submission (the last one
    /// wins); with none, the dispatcher leaves every webhook pending and says so at start.
    /// </summary>
    public WebhookDispatcher(IInboundStore store, IAccountStore accounts, WebhookClient client, IEnumerable<IRcmlReplySender> replySenders,
        RcmlParser parser, IOptions<RcmlOptions> rcmlOptions, InboundWebhookQueue queue, IOptions<InboundOptions> options,
        TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(replySenders);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _store = store;
        _accounts = accounts;
        _client = client;
        _sender = replySenders.LastOrDefault();
        _parser = parser;
        _rcmlOptions = rcmlOptions;
        _queue = queue;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<WebhookDispatcher>();
        _interpreterLogger = loggerFactory.CreateLogger<RcmlInterpreter>();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_sender is null)
        {
            Log.NoReplySender(_logger);
            return;
        }

        using SemaphoreSlim slots = new(_options.WebhookConcurrency);
        try
        {
            // Runs cut short by a crash or the last stop left their rows claimed: free them before the first claim,
            // so they run again (at least once across crashes; exactly once while the process lives).
            int resumed = await _store.ReleaseWebhookClaimsAsync(stoppingToken).ConfigureAwait(false);
            if (resumed > 0)
            {
                Log.ClaimsReleased(_logger, resumed);
            }

            _queue.Reset(await _store.CountPendingWebhooksAsync(stoppingToken).ConfigureAwait(false));
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReleaseUnrecordedAsync(stoppingToken).ConfigureAwait(false);

                // Claim only as many rows as there are free slots: a claimed row is this process's to run, and the
                // rest stay unclaimed for the next turn. When every slot is busy this waits here, so a run ending
                // is what wakes the loop to claim the next row of a backlog.
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                int free = 1;
                while (free < _options.WebhookConcurrency && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                IReadOnlyList<PendingInboundWebhook> due = [];
                try
                {
                    due = await _store.ClaimDueWebhooksAsync(_timeProvider.GetUtcNow(), free, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ReadFailed(_logger, ex);
                }

                foreach (PendingInboundWebhook webhook in due)
                {
                    Start(webhook, slots, stoppingToken);
                }

                if (due.Count < free)
                {
                    slots.Release(free - due.Count);
                    if (due.Count == 0 && _running.IsEmpty)
                    {
                        // Idle: bring the in-memory count back to the rows, which a message stored while the count
                        // was read at start (or a requeue racing a run) may have put off by one.
                        await ResyncPendingAsync(stoppingToken).ConfigureAwait(false);
                    }

                    // Nothing more is due now: wait for a stored message, a requeue or the poll (retries fall due).
                    await _queue.WaitAsync(s_pollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: interactions in flight end below; their rows stay claimed and resume at the next start.
        }
        finally
        {
            await Task.WhenAll(_running.Values).ConfigureAwait(false);
        }
    }

    /// <summary>The pause before run <paramref name="attempts"/> + 1: <see cref="InboundOptions.WebhookRetryDelay"/> doubled per run, capped.</summary>
    internal static TimeSpan Backoff(InboundOptions options, int attempts)
    {
        double factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        TimeSpan delay = options.WebhookRetryDelay * factor;
        return delay > options.WebhookRetryMaxDelay ? options.WebhookRetryMaxDelay : delay;
    }

    // Starts the run of a claimed row on a slot the loop holds for it. The run is registered before it may begin, so
    // its own removal can never come first and leave a stale entry behind.
    private void Start(PendingInboundWebhook webhook, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        long id = Interlocked.Increment(ref _runCounter);
        TaskCompletionSource registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[id] = RunAsync(id, registered.Task, webhook, slots, stoppingToken);
        registered.SetResult();
    }

    private async Task ResyncPendingAsync(CancellationToken stoppingToken)
    {
        try
        {
            _queue.Reset(await _store.CountPendingWebhooksAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ReadFailed(_logger, ex);
        }
    }

    // A run whose outcome could not be recorded gives its claim back; when even that fails, the loop tries again.
    private async Task ReleaseUnrecordedAsync(CancellationToken stoppingToken)
    {
        int count = _unreleased.Count;
        for (int i = 0; i < count && _unreleased.TryDequeue(out string? messageSid); i++)
        {
            await ReleaseAsync(messageSid, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(string messageSid, CancellationToken stoppingToken)
    {
        try
        {
            DateTimeOffset next = _timeProvider.GetUtcNow() + _options.WebhookRetryDelay;
            await _store.ReleaseWebhookAsync(messageSid, next, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the claim stays, and the next start frees it.
        }
        catch (Exception ex)
        {
            Log.ReleaseFailed(_logger, messageSid, ex);
            _unreleased.Enqueue(messageSid);
        }
    }

    private async Task RunAsync(long id, Task registered, PendingInboundWebhook webhook, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        // Leave the dispatch loop at once: the interaction runs on the pool, the loop goes on to the next row.
        await registered.ConfigureAwait(false);
        int attempts = webhook.Attempts + 1;
        try
        {
            RcmlOutcome? outcome = null;
            WebhookFetcher? fetcher = null;
            string? invalid = null;
            if (!Uri.TryCreate(webhook.Target.Url, UriKind.Absolute, out Uri? url) || !WebhookRequest.IsHttpUrl(url))
            {
                invalid = "The SMS URL is not an absolute http(s) URL.";
            }
            else
            {
                Account? account = await _accounts.GetAsync(webhook.AccountSid, stoppingToken).ConfigureAwait(false);
                fetcher = new WebhookFetcher(_client, account?.AuthToken);
                RcmlInterpreter interpreter = new(fetcher, _sender!, _parser, _rcmlOptions, _interpreterLogger);
                outcome = await interpreter.RunAsync(Context(webhook, url), stoppingToken).ConfigureAwait(false);
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            string summary = outcome is null ? "failed: " + invalid : Summarize(outcome);
            bool retry = outcome is { State: RcmlOutcomeState.Failed, ReplySids.Count: 0 } && fetcher!.LastFetchTransient
                && attempts < _options.WebhookMaxAttempts;
            if (retry)
            {
                TimeSpan pause = Backoff(_options, attempts);
                await _store.RetryWebhookAsync(webhook.MessageSid, attempts, now + pause, summary, CancellationToken.None).ConfigureAwait(false);
                Log.WillRetry(_logger, webhook.MessageSid, attempts, pause);
            }
            else
            {
                bool completed = outcome?.State == RcmlOutcomeState.Completed;
                await _store.FinishWebhookAsync(webhook.MessageSid, completed, attempts, summary, now, CancellationToken.None).ConfigureAwait(false);
                _queue.Finished();
                if (completed)
                {
                    Log.Finished(_logger, webhook.MessageSid, "completed", attempts);
                }
                else
                {
                    Log.FailedForGood(_logger, webhook.MessageSid, attempts, summary);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-interaction: the row stays claimed, and the next start frees it to run again.
        }
        catch (Exception ex)
        {
            // The store failed while recording the outcome (or a bug): the row is still pending but claimed, so the
            // claim is given back and the row runs again after the retry delay.
            Log.RunFailed(_logger, webhook.MessageSid, ex);
            await ReleaseAsync(webhook.MessageSid, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(id, out _);
            slots.Release();
        }
    }

    private static RcmlContext Context(PendingInboundWebhook webhook, Uri url)
    {
        Uri? fallback = webhook.Target.FallbackUrl is { } f && Uri.TryCreate(f, UriKind.Absolute, out Uri? parsed)
            && WebhookRequest.IsHttpUrl(parsed) ? parsed : null;
        return new RcmlContext
        {
            Inbound = new RcmlInboundMessage
            {
                SmsSid = webhook.MessageSid,
                AccountSid = webhook.AccountSid,
                From = webhook.From,
                To = webhook.To,
                Body = webhook.Body,
                Encoding = webhook.Encoding == "UCS2" ? RcmlEncoding.Ucs2 : RcmlEncoding.Gsm,
                NumSegments = Math.Max(1, webhook.NumSegments),
            },
            Url = url,
            Method = HttpMethodOf(webhook.Target.Method),
            FallbackUrl = fallback,
            FallbackMethod = HttpMethodOf(webhook.Target.FallbackMethod),
        };
    }

    // restcomm.md 1.7: an unknown method is used as POST.
    private static HttpMethod HttpMethodOf(string method) =>
        WebhookMethods.TryParse(method, out WebhookMethod parsed) && parsed == WebhookMethod.Get ? HttpMethod.Get : HttpMethod.Post;

    // What the row keeps of the outcome: state, replies, fetches and the notices (never the body; bounded).
    private static string Summarize(RcmlOutcome outcome)
    {
        StringBuilder text = new();
        text.Append(outcome.State == RcmlOutcomeState.Completed ? "completed" : "failed")
            .Append(CultureInfo.InvariantCulture, $"; replies={outcome.ReplySids.Count}; fetches={outcome.FetchCount}");
        foreach (string sid in outcome.ReplySids)
        {
            text.Append("; reply ").Append(sid);
        }

        foreach (RcmlNotice notice in outcome.Notices)
        {
            text.Append(CultureInfo.InvariantCulture, $"; notice {notice.Code}: {notice.Message}");
        }

        return text.Length <= 4000 ? text.ToString() : text.ToString(0, 4000);
    }
}
