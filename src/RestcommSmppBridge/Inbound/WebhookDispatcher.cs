using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// Runs the RCML interaction of every stored inbound message (restcomm.md §2, smpp.md P13): reads the durable webhook
/// rows (at start too, so webhooks left pending by a stop or a crash resume), runs at most
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
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

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
            _queue.Reset(await _store.CountPendingWebhooksAsync(stoppingToken).ConfigureAwait(false));
            while (!stoppingToken.IsCancellationRequested)
            {
                IReadOnlyList<PendingInboundWebhook> due = [];
                try
                {
                    due = await _store.ListDueWebhooksAsync(_timeProvider.GetUtcNow(), _options.WebhookConcurrency * 4, stoppingToken)
                        .ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ReadFailed(_logger, ex);
                }

                foreach (PendingInboundWebhook webhook in due)
                {
                    if (_running.ContainsKey(webhook.MessageSid))
                    {
                        continue;
                    }

                    await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    _running[webhook.MessageSid] = started.Task;
                    Task run = RunAsync(webhook, slots, stoppingToken);
                    _running[webhook.MessageSid] = run;
                    started.SetResult();
                }

                await _queue.WaitAsync(s_pollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: interactions in flight end below; their rows stay pending and resume at the next start.
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

    private async Task RunAsync(PendingInboundWebhook webhook, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        // Leave the dispatch loop at once: the interaction runs on the pool, the loop goes on to the next row.
        await Task.Yield();
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
                Log.Finished(_logger, webhook.MessageSid, completed ? "completed" : "failed", attempts);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-interaction: the row stays pending and runs again at the next start.
        }
        catch (Exception ex)
        {
            // The store failed while recording the outcome (or a bug): the row is still pending, so it is simply
            // picked up again at the next poll.
            Log.RunFailed(_logger, webhook.MessageSid, ex);
        }
        finally
        {
            _running.TryRemove(webhook.MessageSid, out _);
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
