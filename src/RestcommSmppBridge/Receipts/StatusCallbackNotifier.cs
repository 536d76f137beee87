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
/// that still fails is logged. Changes of one message always go through the same worker, so its callbacks arrive in
/// the order the statuses were stored (sent before delivered). The queue is bounded: when it is full, the caller
/// waits (architecture.md rule 3).
/// </summary>
/// <remarks>The queue is in memory: callbacks queued when the bridge stops are not sent (a durable callback queue is not built yet).</remarks>
public sealed partial class StatusCallbackNotifier : BackgroundService
{
    private readonly Channel<OutboxStatusChange>[] _queues;
    private readonly WebhookClient _client;
    private readonly IAccountStore _accounts;
    private readonly ILogger _logger;

    /// <summary>Creates the notifier; it sends once started as a hosted service.</summary>
    public StatusCallbackNotifier(WebhookClient client, IAccountStore accounts, IOptions<OutboundOptions> options,
        ILogger<StatusCallbackNotifier> logger)
    {
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
        _queues = new Channel<OutboxStatusChange>[workers];
        for (int i = 0; i < workers; i++)
        {
            _queues[i] = Channel.CreateBounded<OutboxStatusChange>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            });
        }
    }

    /// <summary>Queues the callbacks of <paramref name="changes"/> (those without a StatusCallback are skipped).</summary>
    public async ValueTask NotifyAsync(IReadOnlyList<OutboxStatusChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (OutboxStatusChange change in changes)
        {
            if (string.IsNullOrEmpty(change.StatusCallback))
            {
                continue;
            }

            uint hash = (uint)string.GetHashCode(change.MessageSid, StringComparison.Ordinal);
            await _queues[hash % (uint)_queues.Length].Writer.WriteAsync(change, cancellationToken);
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

    private async Task RunWorkerAsync(ChannelReader<OutboxStatusChange> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (OutboxStatusChange change in reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(change, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent (see the remarks).
        }
    }

    private async Task SendAsync(OutboxStatusChange change, CancellationToken stoppingToken)
    {
        if (!Uri.TryCreate(change.StatusCallback, UriKind.Absolute, out Uri? url) || !WebhookRequest.IsHttpUrl(url))
        {
            Log.CallbackUrlInvalid(_logger, change.MessageSid);
            return;
        }

        WebhookMethod method = WebhookMethods.TryParse(change.StatusCallbackMethod, out WebhookMethod parsed) ? parsed : WebhookMethod.Post;
        try
        {
            Account? account = await _accounts.GetAsync(change.AccountSid, stoppingToken);
            IReadOnlyList<KeyValuePair<string, string>> parameters = StatusCallbackParameters.Build(
                change.MessageSid, change.AccountSid, change.From, change.To, change.Status, change.ApiVersion, change.ErrorCode);
            WebhookResponse response = await _client.SendAsync(new WebhookRequest(url, method, parameters, account?.AuthToken), stoppingToken);
            Log.CallbackSent(_logger, change.MessageSid, change.Status, response.StatusCode, response.Attempts);
        }
        catch (WebhookException exception)
        {
            Log.CallbackFailed(_logger, change.MessageSid, change.Status, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.CallbackError(_logger, exception, change.MessageSid, change.Status);
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
