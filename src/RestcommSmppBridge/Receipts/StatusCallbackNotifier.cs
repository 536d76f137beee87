using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
/// that still fails is logged and recorded as failed (<see cref="IStatusCallbackStore"/>) until an operator requeues
/// it (<see cref="ReplayOwed"/> then queues it again) or deletes the record.
/// </summary>
/// <remarks>
/// A change only names the message: the worker reads the callbacks still owed from the stored history
/// (<see cref="IOutboxStore.GetPendingCallbacksAsync"/>), makes them in order and marks them done with one progress
/// write, so callbacks leave in the order the statuses were stored even when the dispatcher and the receipt processor
/// report their changes out of order, and a change reported twice is called back once. A message waits in the queue
/// at most once: changes that arrive while it waits are read by the same store read. One message always goes through
/// the same worker. The queue is bounded: when it is full, the caller waits (architecture.md rule 3).
/// <para>
/// The queue of message sids is in memory, but what it stands for is stored: a callback is owed until it is marked
/// done. So at start the notifier replays what a stop or crash left owed (<see cref="IOutboxStore.ListOwedCallbacksAsync"/>,
/// oldest first, in pages of <see cref="ReplayPageSize"/> so a large backlog never sits in memory at once) before any
/// new change is queued: <see cref="NotifyAsync"/> waits until the replay has queued everything. A message both
/// replayed and changed again is still called back once per status, because the worker reads and marks the stored
/// progress. A callback being sent when the bridge stops is not marked, so it is sent again at the next start
/// (at-least-once for that one request).
/// </para>
/// <para>
/// A failure for good is recorded in the progress write of its message, so nothing is lost between the two. An
/// operator's requeue puts the message back into the stored owed set; <see cref="ReplayOwed"/> reads that set again
/// the way the start does, so a requeue of many messages waits for room in the bounded queue instead of holding them
/// in memory, and a requeue the notifier never hears of (a stop in between) is replayed at the next start.
/// </para>
/// </remarks>
public sealed partial class StatusCallbackNotifier : BackgroundService
{
    private readonly Channel<string>[] _queues;

    // Messages queued and not yet taken by their worker: a message is queued once however many of its changes arrive
    // meanwhile, and its worker reads them all with one store read and marks them with one store write.
    private readonly ConcurrentDictionary<string, byte> _waiting = new(StringComparer.Ordinal);
    private readonly IOutboxStore _store;
    private readonly WebhookClient _client;
    private readonly IAccountStore _accounts;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IStatusCallbackStore? _failures;
    private readonly TimeProvider _timeProvider;

    // Replay requests after operator requeues: one waiting request covers any number made meanwhile, because a replay
    // pass reads the whole stored owed set.
    private readonly Channel<bool> _replayRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>
    /// Creates the notifier; it sends once started as a hosted service. Without <paramref name="failures"/> a callback
    /// that fails for good is only logged (no record, nothing to requeue); the daemon always passes the store's.
    /// <paramref name="timeProvider"/> dates the failure records (default: the system clock).
    /// </summary>
    public StatusCallbackNotifier(IOutboxStore store, WebhookClient client, IAccountStore accounts, IOptions<OutboundOptions> options,
        ILogger<StatusCallbackNotifier> logger, IStatusCallbackStore? failures = null, TimeProvider? timeProvider = null)
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
        _failures = failures;
        _timeProvider = timeProvider ?? TimeProvider.System;
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

    /// <summary>Messages read per page by the replay at start. Default 256.</summary>
    internal int ReplayPageSize { get; init; } = 256;

    /// <summary>Messages whose callbacks are queued in memory and not yet taken by a worker (a metrics gauge).</summary>
    public int Queued
    {
        get
        {
            int queued = 0;
            foreach (Channel<string> queue in _queues)
            {
                queued += queue.Reader.Count;
            }

            return queued;
        }
    }

    /// <summary>
    /// Queues the callbacks of <paramref name="changes"/> (those without a StatusCallback are skipped). Waits while the
    /// replay at start is still queueing what was owed before (see the remarks), and while the queue is full. The
    /// changes are stored already, so each is queued whenever there is room even if <paramref name="cancellationToken"/>
    /// is cancelled; the token only ends a wait.
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

            if (!_replayed.Task.IsCompleted)
            {
                try
                {
                    await _replayed.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // The caller stopped waiting; the change is stored and must still be queued (see below). A
                    // message queued twice is called back once: the stored progress says what is still owed.
                }
            }

            await EnqueueAsync(change.MessageSid, cancellationToken);
        }
    }

    /// <summary>
    /// Asks the notifier to read the stored owed set again and queue every message in it, as at start; called after an
    /// operator requeued failed callbacks (<see cref="IStatusCallbackStore.RequeueFailedCallbacksAsync"/>). Returns at
    /// once: the pass runs in the background and waits for room in the bounded queue. Requests made while a pass is
    /// waiting to run are covered by it.
    /// </summary>
    public void ReplayOwed() => _replayRequests.Writer.TryWrite(true);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task[] tasks = new Task[_queues.Length + 2];
        for (int i = 0; i < _queues.Length; i++)
        {
            tasks[i] = RunWorkerAsync(_queues[i].Reader, stoppingToken);
        }

        // The workers run first: the replay may hold more than the queue, and waits for room like any caller.
        tasks[^2] = ReplayOwedAsync(stoppingToken);
        tasks[^1] = RunRequestedReplaysAsync(stoppingToken);
        return Task.WhenAll(tasks);
    }

    /// <summary>Queues every message whose callback the store says is owed, page by page; then lets new changes in.</summary>
    private async Task ReplayOwedAsync(CancellationToken stoppingToken)
    {
        StrongBox<int> replayed = new();
        try
        {
            await ReplayPassAsync(replayed, stoppingToken);
            if (replayed.Value > 0)
            {
                Log.Replayed(_logger, replayed.Value);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not queued is still owed in the store, and the next start replays it.
        }
        catch (Exception exception)
        {
            // Same: nothing is lost, only delayed to the next start (or to the message's next change).
            Log.ReplayFailed(_logger, exception, replayed.Value);
        }
        finally
        {
            _replayed.TrySetResult();
        }
    }

    /// <summary>Runs the passes <see cref="ReplayOwed"/> asked for, one at a time, after the replay at start.</summary>
    private async Task RunRequestedReplaysAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _replayed.Task.WaitAsync(stoppingToken);
            await foreach (bool _ in _replayRequests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    StrongBox<int> queued = new();
                    await ReplayPassAsync(queued, stoppingToken);
                    Log.RequeueReplayed(_logger, queued.Value);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The requeued callbacks stay owed in the store: the next requeue or the next start queues them.
                    Log.RequeueReplayFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what a requeue made owed stays owed in the store, and the next start replays it.
        }
    }

    /// <summary>One read of the whole owed set, page by page, queueing each message (waiting for room) and counting it.</summary>
    private async Task ReplayPassAsync(StrongBox<int> replayed, CancellationToken stoppingToken)
    {
        long position = 0;
        while (true)
        {
            IReadOnlyList<OutboxOwedCallback> page = await _store.ListOwedCallbacksAsync(position, ReplayPageSize, stoppingToken);
            foreach (OutboxOwedCallback owed in page)
            {
                await EnqueueAsync(owed.MessageSid, stoppingToken);
                position = owed.Position;
                replayed.Value++;
            }

            if (page.Count < ReplayPageSize)
            {
                return;
            }
        }
    }

    private ValueTask EnqueueAsync(string messageSid, CancellationToken cancellationToken)
    {
        // The change is already stored, and nothing else will name it to a worker before the next start: a token
        // cancelled by the caller's lost session must not drop it. Only the wait for room in a full queue is
        // cancellable (ChannelWriter.WriteAsync refuses a cancelled token even when there is room).
        if (!_waiting.TryAdd(messageSid, 0))
        {
            // Already queued and not yet taken by its worker, which reads every entry owed when it takes it.
            return ValueTask.CompletedTask;
        }

        uint hash = (uint)string.GetHashCode(messageSid, StringComparison.Ordinal);
        ChannelWriter<string> queue = _queues[hash % (uint)_queues.Length].Writer;
        return queue.TryWrite(messageSid) ? ValueTask.CompletedTask : WaitForRoomAsync(queue, messageSid, cancellationToken);
    }

    private async ValueTask WaitForRoomAsync(ChannelWriter<string> queue, string messageSid, CancellationToken cancellationToken)
    {
        try
        {
            await queue.WriteAsync(messageSid, cancellationToken);
        }
        catch
        {
            // Not queued after all: the next change of this message must be able to queue it.
            _waiting.TryRemove(messageSid, out _);
            throw;
        }
    }

    private async Task RunWorkerAsync(ChannelReader<string> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string sid in reader.ReadAllAsync(stoppingToken))
            {
                // Before reading the store: a change stored after this point queues the message again.
                _waiting.TryRemove(sid, out _);
                await SendOwedAsync(sid, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued stays owed in the store and is replayed at the next start.
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
            await MarkDoneAsync(sid, owed.Entries[^1].Sequence, RequeuedGivenUp(owed.Entries));
            return;
        }

        WebhookMethod method = WebhookMethods.TryParse(message.StatusCallbackMethod, out WebhookMethod parsed) ? parsed : WebhookMethod.Post;
        Account? account = await _accounts.GetAsync(message.AccountSid, stoppingToken);
        int done = -1;

        // Only what the plain progress write cannot say: requeued entries made again, and failures for good. Usually
        // null, so the common path stays one progress write with nothing else.
        List<StatusCallbackAttempt>? attempts = null;
        try
        {
            foreach (OutboxCallbackEntry entry in owed.Entries)
            {
                string? error = null;
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
                    error = exception.Message;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.CallbackError(_logger, exception, sid, entry.Status);
                    error = "could not be made: " + exception.Message;
                }

                if (_failures is not null && (entry.Requeued || error is not null))
                {
                    (attempts ??= []).Add(new StatusCallbackAttempt(entry.Sequence, entry.Status, entry.Requeued, error));
                }

                done = Math.Max(done, entry.Sequence);
            }
        }
        finally
        {
            // One write for every entry made (usually 'sent' and 'delivered' together under load), also when stopping
            // half-way; an entry in flight at a crash is sent again at the next start (at least once).
            if (done >= 0)
            {
                await MarkDoneAsync(sid, done, attempts);
            }
        }
    }

    /// <summary>
    /// With a bad URL the requeued entries cannot be made: they are recorded as failed again (so they leave the owed
    /// set and stay listed for the operator); null when there are none.
    /// </summary>
    private List<StatusCallbackAttempt>? RequeuedGivenUp(IReadOnlyList<OutboxCallbackEntry> entries)
    {
        if (_failures is null)
        {
            return null;
        }

        List<StatusCallbackAttempt>? attempts = null;
        foreach (OutboxCallbackEntry entry in entries)
        {
            if (entry.Requeued)
            {
                (attempts ??= []).Add(new StatusCallbackAttempt(entry.Sequence, entry.Status, Requeued: true,
                    "the status callback URL is not an absolute http(s) URL"));
            }
        }

        return attempts;
    }

    private async Task MarkDoneAsync(string sid, int sequence, List<StatusCallbackAttempt>? attempts)
    {
        try
        {
            if (attempts is null || _failures is null)
            {
                await _store.MarkCallbackDoneAsync(sid, sequence, CancellationToken.None);
            }
            else
            {
                await _failures.RecordCallbacksMadeAsync(sid, sequence, attempts, _timeProvider.GetUtcNow(), CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            // The callbacks went out but their progress is not stored: the next start sends them again.
            Log.ProgressNotStored(_logger, exception, sid);
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

        [LoggerMessage(EventId = 7174, EventName = "StatusCallbacksReplayed", Level = LogLevel.Information,
            Message = "Replayed {Count} message(s) whose status callbacks were owed when the bridge last stopped")]
        public static partial void Replayed(ILogger logger, int count);

        [LoggerMessage(EventId = 7176, EventName = "StatusCallbackProgressNotStored", Level = LogLevel.Error,
            Message = "Status callbacks of {MessageSid} were made but their progress could not be stored; the next start makes them again")]
        public static partial void ProgressNotStored(ILogger logger, Exception exception, string messageSid);

        [LoggerMessage(EventId = 7175, EventName = "StatusCallbackReplayFailed", Level = LogLevel.Error,
            Message = "Replay of owed status callbacks stopped after {Count} message(s); the rest stay owed for the next start")]
        public static partial void ReplayFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(EventId = 7177, EventName = "StatusCallbacksRequeueReplayed", Level = LogLevel.Information,
            Message = "Queued {Count} message(s) owing status callbacks after an operator requeue")]
        public static partial void RequeueReplayed(ILogger logger, int count);

        [LoggerMessage(EventId = 7178, EventName = "StatusCallbackRequeueReplayFailed", Level = LogLevel.Error,
            Message = "Queueing the status callbacks an operator requeued failed; they stay owed for the next requeue or start")]
        public static partial void RequeueReplayFailed(ILogger logger, Exception exception);
    }
}
