using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// One SMPP connection, either side. It owns the read loop, the writer loop, the window of outstanding requests,
/// sequence numbers, the state machine and the timers (style.md R2, R5, R6). Every request sent ends in exactly one
/// of: its response, <see cref="SmppOutcomeUnknownException"/> (timeout or connection lost after it was written), or
/// <see cref="SmppNotSentException"/> (never written; safe to retry).
/// </summary>
public sealed partial class SmppSession : IAsyncDisposable
{
    private readonly ISmppTransport _transport;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ISmppRequestHandler? _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SequenceNumbers _sequence = new();
    private readonly SemaphoreSlim _window;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<uint, LateResponseWait> _late = new();
    private readonly Action<LateResponseWait> _lateWindowEnded;
    private readonly Channel<Outgoing> _outbound;
    private readonly Channel<SmppRequest> _inbound;
    private readonly CancellationTokenSource _closeCts = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _stateLock = new();
    private Task[] _loops = [];
    private Task[] _ioLoops = [];
    private SessionState _state = SessionState.Open;
    private string? _closeReason;
    private string? _localCloseReason;
    private string? _readStopReason;
    private long _lastReceived;
    private int _started;
    private int _terminated;
    private int _peerUnbound;

    /// <summary>Creates a session over a connected transport; call <see cref="Start"/> to run it.</summary>
    public SmppSession(ISmppTransport transport, SessionRole role, SmppSessionOptions? options = null,
        ISmppRequestHandler? handler = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Role = role;
        Options = options ?? SmppSessionOptions.Default;
        Options.Validate();
        _handler = handler;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _input = transport.Pipe.Input;
        _output = transport.Pipe.Output;
        _window = new SemaphoreSlim(Options.WindowSize, Options.WindowSize);
        _outbound = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(Options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _inbound = Channel.CreateBounded<SmppRequest>(new BoundedChannelOptions(Options.InboundQueueCapacity)
        {
            SingleWriter = true,
            SingleReader = Options.InboundConcurrency == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastReceived = _time.GetTimestamp();
        _lateWindowEnded = EndLateWait;
    }

    /// <summary>The side this session plays.</summary>
    public SessionRole Role { get; }

    /// <summary>The settings.</summary>
    public SmppSessionOptions Options { get; }

    /// <summary>The session name (for logs).</summary>
    public string Name => Options.Name;

    /// <summary>The peer's address.</summary>
    public string RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>The current state.</summary>
    public SessionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>True while bound (TX, RX or TRX).</summary>
    public bool IsBound => SessionRules.IsBound(State);

    /// <summary>The system_id the peer gave in its bind (SMSC side) or bind response (ESME side).</summary>
    public string? PeerSystemId { get; private set; }

    /// <summary>Requests written or queued and still waiting for their response.</summary>
    public int WindowDepth => _pending.Count;

    /// <summary>
    /// Requests past their response timeout whose late response is still awaited
    /// (<see cref="SmppSessionOptions.LateResponseWindow"/>); each leaves on its response, at the window's end or at close.
    /// </summary>
    public int LateResponseWaits => _late.Count;

    /// <summary>Why the session closed, once it has.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes when the session is closed and its loops have ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Canceled when the session starts closing.</summary>
    public CancellationToken Closing => _closeCts.Token;

    /// <summary>Starts the read, write, dispatch and timer loops. Call once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The session was already started.");
        }

        // Loops must not capture the caller's ExecutionContext (log scopes, Activity): style.md P15.
        using (ExecutionContext.SuppressFlow())
        {
            var loops = new List<Task> { Task.Run(ReadLoopAsync), Task.Run(WriteLoopAsync) };
            for (int i = 0; i < Options.InboundConcurrency; i++)
            {
                loops.Add(Task.Run(DispatchLoopAsync));
            }

            loops.Add(Task.Run(TimerLoopAsync));
            _ioLoops = [loops[0], loops[1], loops[^1]];
            _loops = [.. loops];
        }

    }

    /// <summary>
    /// ESME side: binds with <paramref name="bind"/>. On success the session is bound; on a refusal the response
    /// carries the status (0x0D/0x0E/0x0F mean the configuration is wrong; 0x05 that an old session is still bound).
    /// </summary>
    public async Task<BindResponse> BindAsync(BindRequest bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        BindResponse response = await SendAsync<BindResponse>(bind, cancellationToken).ConfigureAwait(false);
        // A successful bind_resp already moved the state in the read loop (see OnResponse).
        if (response.CommandStatus != CommandStatus.Ok)
        {
            SmppLog.BindRefused(_logger, Name, response.CommandStatus, bind.SystemId);
        }

        return response;
    }

    /// <summary>
    /// Sends a request and waits for its response. A generic_nack answer is turned into the expected response type
    /// carrying the nack's status, so callers always get <typeparamref name="TResponse"/>.
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(SmppRequest request, CancellationToken cancellationToken)
        where TResponse : SmppResponse
    {
        SmppResponse response = await SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        if (response is TResponse typed)
        {
            return typed;
        }

        if (response is GenericNack && request.CreateResponse(response.CommandStatus) is TResponse converted)
        {
            return converted;
        }

        throw new SmppProtocolException(CommandStatus.InvalidCommandId,
            $"{request.CommandId} sequence {request.SequenceNumber} was answered with {response.CommandId}",
            (uint)response.CommandId, response.SequenceNumber);
    }

    /// <summary>
    /// Sends a request through the window and waits for its response (or a generic_nack). Throws
    /// <see cref="SmppNotSentException"/> when it was never written and <see cref="SmppOutcomeUnknownException"/>
    /// when it was written but no response came.
    /// </summary>
    public Task<SmppResponse> SendRequestAsync(SmppRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CreateResponse() is null)
        {
            throw new ArgumentException($"{request.CommandId} has no response; use {nameof(SendWithoutResponseAsync)}.", nameof(request));
        }

        SessionState state = State;
        if (!SessionRules.MaySend(Role, state, request.CommandId))
        {
            throw new SmppNotSentException($"{request.CommandId} may not be sent by the {Role} in state {state}.");
        }

        return SendThroughWindowAsync(request, useWindow: true, Options.ResponseTimeout, cancellationToken);
    }

    /// <summary>Sends a request that has no response (alert_notification, outbind).</summary>
    public async Task SendWithoutResponseAsync(SmppRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CreateResponse() is not null)
        {
            throw new ArgumentException($"{request.CommandId} expects a response; use {nameof(SendRequestAsync)}.", nameof(request));
        }

        SessionState state = State;
        if (!SessionRules.MaySend(Role, state, request.CommandId))
        {
            throw new SmppNotSentException($"{request.CommandId} may not be sent by the {Role} in state {state}.");
        }

        request.SequenceNumber = _sequence.Next();
        await EnqueueAsync(new Outgoing(request, null, closeAfter: false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Graceful close (style.md R9): stop taking requests, wait (bounded) for in-flight responses, send unbind and
    /// wait (bounded) for unbind_resp, then close the connection. Safe to call more than once.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        // The peer closes the socket right after unbind_resp; that is the end of our close, not a lost link.
        Interlocked.CompareExchange(ref _localCloseReason, "closed locally", null);
        bool wasBound;
        lock (_stateLock)
        {
            if (_state is SessionState.Closed or SessionState.Unbinding)
            {
                wasBound = false;
            }
            else
            {
                wasBound = SessionRules.IsBound(_state);
                _state = SessionState.Unbinding;
            }
        }

        if (wasBound)
        {
            SmppMetrics.BoundSessions.Add(-1, Tag);
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SendThroughWindowAsync(new Unbind(), useWindow: false, Options.UnbindTimeout, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException)
            {
                // The peer did not answer the unbind in time; closing the socket ends the session on its side too.
            }
        }

        await TerminateAsync("closed locally").ConfigureAwait(false);
    }

    /// <summary>Closes the connection at once; in-flight requests end with an unknown outcome.</summary>
    public Task AbortAsync(string reason) => TerminateAsync(reason);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await TerminateAsync("disposed").ConfigureAwait(false);
        _closeCts.Dispose();
        _window.Dispose();
    }

    private KeyValuePair<string, object?> Tag => new("session", Name);

    private void SetBound(BindType type, string peerSystemId)
    {
        lock (_stateLock)
        {
            if (_state != SessionState.Open)
            {
                return;
            }

            _state = SessionRules.BoundState(type);
        }

        SmppMetrics.BoundSessions.Add(1, Tag);
        SmppLog.Bound(_logger, Name, type, peerSystemId);
    }

    private async Task<SmppResponse> SendThroughWindowAsync(SmppRequest request, bool useWindow, TimeSpan responseTimeout,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closeCts.Token);
        if (useWindow)
        {
            bool granted;
            try
            {
                granted = await _window.WaitAsync(Options.WindowWaitTimeout, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SmppNotSentException($"Session {Name} closed while {request.CommandId} waited for a window slot.");
            }
            catch (ObjectDisposedException)
            {
                throw new SmppNotSentException($"Session {Name} is closed.");
            }

            if (!granted)
            {
                throw new SmppNotSentException(
                    $"No window slot in {Options.WindowWaitTimeout.TotalSeconds:0.#} s (window {Options.WindowSize} full).");
            }
        }

        var pending = new PendingRequest(request);
        uint sequence = _sequence.Next();
        while (_late.ContainsKey(sequence) || !_pending.TryAdd(sequence, pending))
        {
            // Only possible after 2^31 sends with one request still outstanding or awaiting a late response; never
            // reuse a live number.
            sequence = _sequence.Next();
        }

        request.SequenceNumber = sequence;
        SmppMetrics.WindowDepth.Add(1, Tag);
        try
        {
            try
            {
                await _outbound.Writer.WriteAsync(new Outgoing(request, pending, closeAfter: false), linked.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChannelClosedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new SmppNotSentException($"Session {Name} closed before {request.CommandId} was queued.");
            }

            try
            {
                return await pending.Task.WaitAsync(responseTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                if (pending.TryAbandon())
                {
                    throw new SmppNotSentException($"{request.CommandId} was still queued after {responseTimeout.TotalSeconds:0.#} s.");
                }

                // Known as late before it leaves the window, so a response read in between lands in one of the two.
                LateResponseWait? late = useWindow ? StartLateWait(sequence, pending) : null;
                _pending.TryRemove(new KeyValuePair<uint, PendingRequest>(sequence, pending));
                if (pending.Task.IsCompleted)
                {
                    // The read loop completed it between the timeout and the removal: it was answered in time.
                    if (late is not null)
                    {
                        EndLateWait(late);
                    }

                    return await pending.Task.ConfigureAwait(false);
                }

                SmppMetrics.UnknownOutcomes.Add(1, Tag);
                string message = $"No response to {request.CommandId} sequence {sequence} within {responseTimeout.TotalSeconds:0.#} s.";
                throw late is null
                    ? new SmppOutcomeUnknownException(UnknownOutcomeReason.ResponseTimeout, message)
                    : new SmppOutcomeUnknownException(message, late.Task);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                pending.TryAbandon();
                throw;
            }
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<uint, PendingRequest>(sequence, pending));
            SmppMetrics.WindowDepth.Add(-1, Tag);
            if (useWindow)
            {
                ReleaseWindowSlot();
            }
        }
    }

    /// <summary>
    /// Keeps a timed-out request's sequence number for the late-response window (smpp.md P5, P7: a slow peer's answer
    /// must not turn into a copy). Null when the window is off.
    /// </summary>
    private LateResponseWait? StartLateWait(uint sequence, PendingRequest pending)
    {
        TimeSpan window = Options.EffectiveLateResponseWindow;
        if (window <= TimeSpan.Zero)
        {
            return null;
        }

        var late = new LateResponseWait(sequence, pending.Request.CommandId.ToResponse(), pending.WrittenTimestamp);
        if (!_late.TryAdd(sequence, late))
        {
            // Numbers awaiting a late response are never reused (see SendThroughWindowAsync), so this cannot happen.
            return null;
        }

        late.StartTimer(_time, window, _lateWindowEnded);

        // A close that began meanwhile may have ended the others already; a closed connection brings no response.
        if (_closeCts.IsCancellationRequested)
        {
            EndLateWait(late);
        }

        return late;
    }

    /// <summary>
    /// Ends a late-response wait with "none": its window passed, the session closed, or it was not needed. Whoever
    /// removes the entry completes it, so a response the read loop has just taken is never replaced by null.
    /// </summary>
    private void EndLateWait(LateResponseWait late)
    {
        if (_late.TryRemove(new KeyValuePair<uint, LateResponseWait>(late.SequenceNumber, late)))
        {
            late.TryComplete(null);
        }
    }

    /// <summary>Ends every late-response wait at close: no response can come any more.</summary>
    private void EndLateWaits()
    {
        foreach (KeyValuePair<uint, LateResponseWait> entry in _late)
        {
            EndLateWait(entry.Value);
        }
    }

    private void ReleaseWindowSlot()
    {
        try
        {
            _window.Release();
        }
        catch (ObjectDisposedException)
        {
            // The session was disposed while this request finished: nobody waits for slots any more.
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task[] inFlight = _pending.Values.Select(p => (Task)p.Task).ToArray();
        if (inFlight.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(inFlight).WaitAsync(Options.DrainTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded: what is still in flight ends as unknown outcome when the connection closes.
        }
        catch (Exception ex) when (ex is SmppOutcomeUnknownException or SmppNotSentException or ArgumentException)
        {
            // Those requests ended on their own; their callers saw it.
        }
    }

    private ValueTask EnqueueAsync(Outgoing item, CancellationToken cancellationToken)
    {
        if (_outbound.Writer.TryWrite(item))
        {
            return ValueTask.CompletedTask;
        }

        return EnqueueSlowAsync(item, cancellationToken);
    }

    private async ValueTask EnqueueSlowAsync(Outgoing item, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closeCts.Token);
        try
        {
            await _outbound.Writer.WriteAsync(item, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelClosedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SmppNotSentException($"Session {Name} is closed; {item.Pdu.CommandId} was not sent.");
        }
    }

    private async Task TerminateAsync(string reason)
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            await WaitLoopsAsync().ConfigureAwait(false);
            return;
        }

        bool wasBound;
        lock (_stateLock)
        {
            wasBound = SessionRules.IsBound(_state);
            _state = SessionState.Closed;
        }

        if (wasBound)
        {
            SmppMetrics.BoundSessions.Add(-1, Tag);
        }

        Volatile.Write(ref _closeReason, Volatile.Read(ref _localCloseReason) ?? reason);
        _outbound.Writer.TryComplete();
        _inbound.Writer.TryComplete();
        await _closeCts.CancelAsync().ConfigureAwait(false);
        _input.CancelPendingRead();
        _output.CancelPendingFlush();
        try
        {
            await WaitLoopsAsync().ConfigureAwait(false);
            FailAll();
            EndLateWaits();
            await _transport.DisposeAsync().ConfigureAwait(false);
            SmppLog.Closed(_logger, Name, CloseReason!);
        }
        finally
        {
            // Completion means: closed, window failed, transport disposed, and every loop (dispatch included) ended.
            // It must come whatever failed above: the owner of the session (a client's bind) waits for it before
            // it stops handing requests to this session and connects again. A dispatch loop may be the caller of this
            // method, so that last wait runs on its own.
            _ = Task.WhenAll(_loops).ContinueWith(
                static (_, state) => ((SmppSession)state!)._completion.TrySetResult(),
                this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Used by the session's own loops: they must not await the termination that waits for them, so it runs apart.
    /// </summary>
    private void RequestTerminate(string reason)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => TerminateAsync(reason));
        }
    }

    private async Task WaitLoopsAsync()
    {
        // The read, write and timer loops end promptly on cancellation. Dispatch loops are not awaited here: one of
        // them may be the caller (a handler that closes its own session); Completion covers them.
        Task[] loops = _ioLoops;
        if (loops.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // Expected when loops are interrupted by the close.
        }
    }

    /// <summary>
    /// Ends every request still in the window. Runs outside any lock (style.md P4): written requests have an unknown
    /// outcome, requests the writer never took were not sent.
    /// </summary>
    private void FailAll()
    {
        int unknown = 0;
        foreach (KeyValuePair<uint, PendingRequest> entry in _pending)
        {
            PendingRequest pending = entry.Value;
            if (pending.Written)
            {
                if (pending.TryFail(new SmppOutcomeUnknownException(UnknownOutcomeReason.ConnectionLost,
                    $"Connection of session {Name} closed while {pending.Request.CommandId} sequence {entry.Key} was in flight ({CloseReason}).")))
                {
                    unknown++;
                }
            }
            else
            {
                pending.TryFail(new SmppNotSentException($"Session {Name} closed before {pending.Request.CommandId} was written."));
            }
        }

        if (unknown > 0)
        {
            SmppMetrics.UnknownOutcomes.Add(unknown, Tag);
            SmppLog.InFlightFailed(_logger, Name, unknown, CloseReason ?? "closed");
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());

    private TimeSpan SinceLastReceived => _time.GetElapsedTime(Interlocked.Read(ref _lastReceived));

    private readonly struct Outgoing
    {
        public Outgoing(Pdu pdu, PendingRequest? pending, bool closeAfter)
        {
            Pdu = pdu;
            Pending = pending;
            CloseAfter = closeAfter;
        }

        public Pdu Pdu { get; }

        public PendingRequest? Pending { get; }

        public bool CloseAfter { get; }
    }

}
