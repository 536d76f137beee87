using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// One bind of a client: its state for the snapshot, and its ordered sender. Requests given to a bind are sent in
/// the order they were given (by ticket), through one pump task per session:
/// <list type="bullet">
/// <item>the pump takes the lowest ticket, waits for a token of the bind's rate limit, and queues the PDU in the
/// session, so the wire order is the ticket order;</item>
/// <item>an ESME_RTHROTTLED (0x58) or ESME_RMSGQFUL (0x14) answer puts the same request back under its own ticket
/// (ahead of everything not yet sent) and pauses the whole bind with exponential backoff (smpp.md §16, P4);</item>
/// <item>several throttling answers to PDUs that were in flight together count as one episode (one pause), so a
/// full window answered 0x58 does not multiply the pause by the window size;</item>
/// <item>the pause grows while the SMSC refuses the very first PDU sent after a pause, and starts over at the initial
/// length when the SMSC accepted traffic before refusing again (see <c>StartPauseLocked</c>).</item>
/// </list>
/// With a window larger than 1, PDUs already in flight when a throttling answer comes back may still be accepted
/// by the SMSC ahead of the throttled one; that cannot be undone. Carriers that need strict order get it with
/// <see cref="SmppSessionOptions.WindowSize"/> = 1.
/// </summary>
internal sealed class BindSlot
{
    private readonly object _lock = new();
    private readonly PriorityQueue<SendItem, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly TokenBucket _bucket;
    private readonly ReconnectBackoff _throttleBackoff;
    private readonly TimeSpan _initialThrottlePause;
    private readonly int _maxThrottleRetries;
    private readonly Action<BindSlot, CommandStatus, TimeSpan> _onThrottled;
    private TaskCompletionSource? _pumpWaiter;
    private CancellationTokenSource? _pumpCts;
    private Task _pump = Task.CompletedTask;
    private SmppSession? _session;
    private bool _accepting;
    private long _nextTicket;
    private int _inFlight;
    private int _windowSize = 1;
    private long _epoch;
    private int _sentInEpoch;
    private FirstOutcome _firstOutcome;
    private long _undecidedEpoch = -1;
    private CommandStatus _episodeStatus;
    private long _pauseStart;
    private TimeSpan _pauseLength;
    private SmppBindState _state = SmppBindState.Idle;
    private DateTimeOffset _since;
    private string? _lastError;

    public BindSlot(int index, SmppClientOptions options, TimeProvider time, Random random,
        Action<BindSlot, CommandStatus, TimeSpan> onThrottled)
    {
        Index = index;
        _time = time;
        _bucket = new TokenBucket(options.Tps, options.TpsBurst, time, new("session", $"{options.Name}#{index}"));
        _throttleBackoff = new ReconnectBackoff(options.ThrottleBackoff, random);
        _initialThrottlePause = options.ThrottleBackoff.Initial;
        _maxThrottleRetries = options.MaxThrottleRetries;
        _onThrottled = onThrottled;
        _since = time.GetUtcNow();
    }

    public int Index { get; }

    /// <summary>How many times a PDU of this bind waited for a rate-limit token.</summary>
    public long TokenWaits => _bucket.Waits;

    public SmppBindState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>True when the bind is bound and takes requests.</summary>
    public bool IsAccepting
    {
        get
        {
            lock (_lock)
            {
                return _accepting;
            }
        }
    }

    /// <summary>Requests queued or in flight: how busy the bind is, for picking the least loaded one.</summary>
    public int Load
    {
        get
        {
            lock (_lock)
            {
                return _accepting ? _queue.Count + _inFlight : int.MaxValue;
            }
        }
    }

    public void SetState(SmppBindState state, string? error = null)
    {
        lock (_lock)
        {
            _state = state;
            _since = _time.GetUtcNow();
            if (error is not null)
            {
                _lastError = error;
            }
        }
    }

    public SmppBindStatus Snapshot()
    {
        lock (_lock)
        {
            TimeSpan pause = PauseLeftLocked();
            return new SmppBindStatus(Index, _state, _since, _lastError, _session?.WindowDepth ?? 0, _queue.Count,
                pause > TimeSpan.Zero ? _time.GetUtcNow() + pause : null);
        }
    }

    /// <summary>The session is bound: start taking requests and sending them.</summary>
    public void Attach(SmppSession session)
    {
        CancellationTokenSource cts = new();
        lock (_lock)
        {
            _session = session;
            _accepting = true;
            _windowSize = session.Options.WindowSize;
            _pumpCts = cts;
            _state = SmppBindState.Bound;
            _since = _time.GetUtcNow();
        }

        // The pump must not carry the starting caller's ExecutionContext (style.md P15).
        using (ExecutionContext.SuppressFlow())
        {
            _pump = Task.Run(() => PumpAsync(session, cts.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Stops taking and sending requests; what is still queued ends as not sent (nothing of it reached the SMSC, so
    /// the caller may send it elsewhere). Requests in flight end through the session.
    /// </summary>
    public async Task DetachAsync(string reason)
    {
        List<SendItem> orphans = [];
        CancellationTokenSource? cts;
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _accepting = false;
            _session = null;
            while (_queue.TryDequeue(out SendItem? item, out _))
            {
                orphans.Add(item);
            }

            cts = _pumpCts;
            _pumpCts = null;
            waiter = _pumpWaiter;
            _pumpWaiter = null;
        }

        waiter?.TrySetResult();
        if (cts is not null)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
            cts.Dispose();
        }

        foreach (SendItem item in orphans)
        {
            item.Fail(new SmppNotSentException($"Bind {Index} closed ({reason}) before {item.Request.CommandId} was sent."));
        }
    }

    /// <summary>
    /// Queues <paramref name="requests"/> with consecutive tickets (so the parts of one message stay together and in
    /// order); null when the bind is not taking requests.
    /// </summary>
    public SendItem[]? TryEnqueue(SmppRequest[] requests, CancellationToken cancellationToken)
    {
        var items = new SendItem[requests.Length];
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (!_accepting)
            {
                return null;
            }

            for (int i = 0; i < items.Length; i++)
            {
                var item = new SendItem(requests[i], _nextTicket++, cancellationToken);
                items[i] = item;
                _queue.Enqueue(item, item.Ticket);
            }

            waiter = _pumpWaiter;
            _pumpWaiter = null;
        }

        waiter?.TrySetResult();
        foreach (SendItem item in items)
        {
            item.RegisterCancellation();
        }

        return items;
    }

    private async Task PumpAsync(SmppSession session, CancellationToken stop)
    {
        SendItem? held = null;
        try
        {
            while (true)
            {
                Task? wait = null;
                TimeSpan pauseLeft;
                lock (_lock)
                {
                    if (!_accepting)
                    {
                        return;
                    }

                    pauseLeft = PauseLeftLocked();
                    if (pauseLeft <= TimeSpan.Zero)
                    {
                        if (_inFlight >= _windowSize || !_queue.TryDequeue(out held, out _))
                        {
                            _pumpWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                            wait = _pumpWaiter.Task;
                        }
                    }
                }

                if (pauseLeft > TimeSpan.Zero)
                {
                    // The whole bind waits; a pause is only ever extended, so looking again afterwards is enough.
                    await Task.Delay(pauseLeft, _time, stop).ConfigureAwait(false);
                    continue;
                }

                if (wait is not null)
                {
                    await wait.WaitAsync(stop).ConfigureAwait(false);
                    continue;
                }

                if (held!.IsFinished)
                {
                    // The caller gave up while it waited in the queue.
                    held = null;
                    continue;
                }

                await _bucket.AcquireAsync(1, stop).ConfigureAwait(false);
                // The caller may have given up while this PDU waited for its token: the token goes to the next one.
                bool gaveUp = held.IsFinished;
                bool paused;
                lock (_lock)
                {
                    paused = !gaveUp && PauseLeftLocked() > TimeSpan.Zero;
                    if (paused)
                    {
                        // A throttling answer came in while this PDU waited for its token: it waits for the pause too.
                        _queue.Enqueue(held, held.Ticket);
                    }
                    else if (!gaveUp)
                    {
                        _inFlight++;
                        held.Epoch = _epoch;
                        held.FirstInEpoch = _sentInEpoch++ == 0;
                    }
                }

                if (paused || gaveUp)
                {
                    _bucket.Refund(1);
                    held = null;
                    continue;
                }

                SendItem item = held;
                held = null;
                Task<SmppResponse> send;
                try
                {
                    // Called inline, not awaited: with a free window slot the session queues the PDU before it
                    // returns, which keeps the wire order equal to the ticket order.
                    send = session.SendRequestAsync(item.Request, item.CancellationToken);
                }
                catch (Exception ex) when (ex is SmppNotSentException or ArgumentException or ObjectDisposedException)
                {
                    send = Task.FromException<SmppResponse>(ex);
                }

                _ = CompleteAsync(item, send);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Detached: the session ended or the client stops.
        }
        finally
        {
            held?.Fail(new SmppNotSentException($"Bind {Index} closed before {held.Request.CommandId} was sent."));
        }
    }

    private async Task CompleteAsync(SendItem item, Task<SmppResponse> send)
    {
        SmppResponse? response = null;
        Exception? error = null;
        try
        {
            response = await send.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        bool throttled = response is not null && SendItem.IsThrottling(response.CommandStatus);
        TimeSpan decided = TimeSpan.Zero;
        CommandStatus episodeStatus;
        bool requeued = false;
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _inFlight--;
            if (item.FirstInEpoch)
            {
                if (item.Epoch == _epoch)
                {
                    _firstOutcome = throttled ? FirstOutcome.Throttled : FirstOutcome.Passed;
                }
                else if (item.Epoch == _undecidedEpoch)
                {
                    // The pause of this episode started before this answer was read; now its length is known.
                    decided = DecidePauseLocked(escalate: throttled);
                    _undecidedEpoch = -1;
                }
            }

            if (throttled)
            {
                if (_accepting && item.ThrottleRetries < _maxThrottleRetries && !item.IsFinished)
                {
                    item.ThrottleRetries++;
                    _queue.Enqueue(item, item.Ticket);
                    requeued = true;
                }

                // Answers to PDUs sent before the current pause began belong to an episode that already paused.
                if (item.Epoch == _epoch)
                {
                    _episodeStatus = response!.CommandStatus;
                    decided = StartPauseLocked();
                }
            }

            episodeStatus = _episodeStatus;
            waiter = _pumpWaiter;
            _pumpWaiter = null;
        }

        waiter?.TrySetResult();
        if (decided > TimeSpan.Zero)
        {
            _onThrottled(this, episodeStatus, decided);
        }

        if (requeued)
        {
            return;
        }

        if (response is not null)
        {
            item.Succeed(response);
        }
        else
        {
            item.Fail(error!);
        }
    }

    /// <summary>
    /// Starts the bind-wide pause of a new throttling episode and opens the next epoch. Its length depends on how the
    /// SMSC answered the first PDU sent after the previous pause: refused at once means the pause was too short, so
    /// it grows (exponential backoff); accepted means the SMSC took some traffic before its rate window filled up
    /// again, so the pause starts over at the initial length. Answers are processed concurrently, so that first
    /// answer may not be known yet: then the pause starts at the initial length and is extended when it is.
    /// Returns the decided length, or zero while undecided.
    /// </summary>
    private TimeSpan StartPauseLocked()
    {
        long episode = _epoch;
        FirstOutcome first = _firstOutcome;
        _epoch++;
        _sentInEpoch = 0;
        _firstOutcome = FirstOutcome.Unknown;
        _pauseStart = _time.GetTimestamp();
        if (first == FirstOutcome.Unknown)
        {
            _undecidedEpoch = episode;
            _pauseLength = _initialThrottlePause;
            return TimeSpan.Zero;
        }

        return DecidePauseLocked(escalate: first == FirstOutcome.Throttled);
    }

    private TimeSpan DecidePauseLocked(bool escalate)
    {
        if (!escalate)
        {
            _throttleBackoff.Reset();
        }

        _pauseLength = _throttleBackoff.Next();
        return _pauseLength;
    }

    private TimeSpan PauseLeftLocked() =>
        _pauseLength == TimeSpan.Zero ? TimeSpan.Zero : _pauseLength - _time.GetElapsedTime(_pauseStart);

    /// <summary>How the SMSC answered the first PDU sent in the current epoch (since the last pause began).</summary>
    private enum FirstOutcome
    {
        Unknown,
        Passed,
        Throttled,
    }
}
