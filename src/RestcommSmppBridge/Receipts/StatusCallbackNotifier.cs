using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Receipts;

/// <summary>
/// Sends the StatusCallback of every stored status change (sent, delivered, undelivered, failed) of a message that
/// has one, with Twilio's parameter set (restcomm.md §1.7 → bridge), signed with the account's auth token, by the
/// record's method (GET or POST; anything else is POST). Retries are the <see cref="WebhookClient"/>'s; a callback
/// that still fails is logged and not tried again.
/// </summary>
/// <remarks>
/// A change only names the message: the worker reads the callbacks still owed from the stored history
/// (<see cref="IOutboxStore.GetPendingCallbacksAsync"/>) and marks each one done, so callbacks leave in the order the
/// statuses were stored even when the dispatcher and the receipt processor report their changes out of order, and a
/// change reported twice is called back once. One message always goes through the same worker. The queue is bounded:
/// when it is full, the caller waits (architecture.md rule 3). The queue of message sids is in memory: what is queued
/// when the bridge stops is called back only when that message changes again (no replay scan at start yet).
/// </remarks>
public sealed partial class StatusCallbackNotifier : BackgroundService
{
    private readonly Channel<string>[] _queues;
    private readonly IOutboxStore _store;
    private readonly WebhookClient _client;
    private readonly IAccountStore _accounts;
    private readonly ILogger _logger;

    /// <summary>Creates the notifier; it sends once started as a hosted service.</summary>
    public StatusCallbackNotifier(IOutboxStore store, WebhookClient client, IAccountStore accounts, IOptions<OutboundOptions> options,
        ILogger<StatusCallbackNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _accounts = accounts;
        _logger = logger;
        OutboundOptions value = options.Value;
        int workers = value.CallbackConcurrency;
        int capacity = Math.Max(1, value.CallbackQueueCapacity / workers);
        _queues = new Channel<string>[workers];
        for (int i = 0; i < workers; i++)
        {
            _queues[i] = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            });
        }
    }

    /// <summary>
    /// Queues the callbacks of <paramref name="changes"/> (those without a StatusCallback are skipped). The changes are
    /// stored already, so each is queued whenever there is room even if <paramref name="cancellationToken"/> is
    /// cancelled; the token only ends a wait for room.
    /// </summary>
    public async ValueTask NotifyAsync(IReadOnlyList<OutboxStatusChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (OutboxStatusChange change in changes)
        {
            if (string.IsNullOrEmpty(change.StatusCallback))
            {
                continue;
            }

            // The change is already stored, and nothing else will ever name it to a worker: a token cancelled by
            // the caller's lost session must not drop it. Only the wait for room in a full queue is cancellable.
            uint hash = (uint)string.GetHashCode(change.MessageSid, StringComparison.Ordinal);
            ChannelWriter<string> queue = _queues[hash % (uint)_queues.Length].Writer;
            if (!queue.TryWrite(change.MessageSid))
            {
                await queue.WriteAsync(change.MessageSid, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task[] workers = new Task[_queues.Length];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = RunWorkerAsync(_queues[i].Reader, stoppingToken);
        }

        return Task.WhenAll(workers);
    }

    private async Task RunWorkerAsync(ChannelReader<string> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string sid in reader.ReadAllAsync(stoppingToken))
            {
                await SendOwedAsync(sid, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent (see the remarks).
        }
    }

    private async Task SendOwedAsync(string sid, CancellationToken stoppingToken)
    {
        OutboxPendingCallbacks? owed;
        try
        {
            owed = await _store.GetPendingCallbacksAsync(sid, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.CallbackError(_logger, exception, sid, MessageStatus.Sent);
            return;
        }

        if (owed is null || owed.Entries.Count == 0)
        {
            return;
        }

        SmsMessage message = owed.Message;
        if (!Uri.TryCreate(message.StatusCallback, UriKind.Absolute, out Uri? url) || !WebhookRequest.IsHttpUrl(url))
        {
            Log.CallbackUrlInvalid(_logger, sid);
            await _store.MarkCallbackDoneAsync(sid, owed.Entries[^1].Sequence, stoppingToken);
            return;
        }

        WebhookMethod method = WebhookMethods.TryParse(message.StatusCallbackMethod, out WebhookMethod parsed) ? parsed : WebhookMethod.Post;
        Account? account = await _accounts.GetAsync(message.AccountSid, stoppingToken);
        foreach (OutboxCallbackEntry entry in owed.Entries)
        {
            try
            {
                IReadOnlyList<KeyValuePair<string, string>> parameters = StatusCallbackParameters.Build(
                    sid, message.AccountSid, message.From, message.To, entry.Status, message.ApiVersion, entry.ErrorCode);
                WebhookResponse response = await _client.SendAsync(new WebhookRequest(url, method, parameters, account?.AuthToken), stoppingToken);
                Log.CallbackSent(_logger, sid, entry.Status, response.StatusCode, response.Attempts);
            }
            catch (WebhookException exception)
            {
                Log.CallbackFailed(_logger, sid, entry.Status, exception.Message);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.CallbackError(_logger, exception, sid, entry.Status);
            }

            await _store.MarkCallbackDoneAsync(sid, entry.Sequence, stoppingToken);
        }
    }

    /// <summary>Status callback log events, EventIds 7170–7179.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 7170, EventName = "StatusCallbackSent", Level = LogLevel.Debug,
            Message = "Status callback for {MessageSid} ({MessageStatus}) answered {StatusCode} after {Attempts} attempt(s)")]
        public static partial void CallbackSent(ILogger logger, string messageSid, MessageStatus messageStatus, int statusCode, int attempts);

        [LoggerMessage(EventId = 7171, EventName = "StatusCallbackFailed", Level = LogLevel.Warning,
            Message = "Status callback for {MessageSid} ({MessageStatus}) failed for good: {Reason}")]
        public static partial void CallbackFailed(ILogger logger, string messageSid, MessageStatus messageStatus, string reason);

        [LoggerMessage(EventId = 7172, EventName = "StatusCallbackError", Level = LogLevel.Error,
            Message = "Status callback for {MessageSid} ({MessageStatus}) could not be made")]
        public static partial void CallbackError(ILogger logger, Exception exception, string messageSid, MessageStatus messageStatus);

        [LoggerMessage(EventId = 7173, EventName = "StatusCallbackUrlInvalid", Level = LogLevel.Warning,
            Message = "Status callback URL of {MessageSid} is not an absolute http(s) URL; not called")]
        public static partial void CallbackUrlInvalid(ILogger logger, string messageSid);
    }
}
