using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// The ESME side of one carrier: keeps <see cref="SmppClientOptions.Binds"/> binds up (connect, bind, reconnect with
/// backoff, stop on bad credentials), and sends through them with a per-bind PDU rate limit and a bind-wide pause on
/// throttling answers (style.md R2: the session owns the protocol state, the client owns this policy). Create one
/// per carrier; several clients run side by side.
/// </summary>
public sealed partial class SmppClient : IAsyncDisposable
{
    private readonly ISmppRequestHandler? _handler;
    private readonly ISmppClientObserver? _observer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BindSlot[] _slots;
    private readonly Random[] _reconnectRandoms;
    private readonly CancellationTokenSource _stopCts = new();
    private readonly CancellationTokenSource _abortCts = new();
    private readonly object _lock = new();
    private TaskCompletionSource _bindChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task[] _supervisors = [];
    private SmppClientState _state = SmppClientState.Created;
    private CommandStatus? _configurationError;
    private int _roundRobin;

    /// <summary>
    /// Creates a client; nothing connects before <see cref="StartAsync"/>. <paramref name="handler"/> answers the
    /// SMSC's deliver_sm and data_sm on receiver and transceiver binds. <paramref name="random"/> seeds the
    /// reconnect and throttle jitter (tests pass a seeded one); default <see cref="Random.Shared"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public SmppClient(SmppClientOptions options, ISmppRequestHandler? handler = null, ISmppClientObserver? observer = null,
        TimeProvider? timeProvider = null, ILogger? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _handler = handler;
        _observer = observer;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _slots = new BindSlot[options.Binds];
        _reconnectRandoms = new Random[options.Binds];
        for (int i = 0; i < _slots.Length; i++)
        {
            // One Random per bind: Random is not thread-safe, and a seeded parent keeps tests deterministic.
            Random throttleRandom = random is null ? Random.Shared : new Random(random.Next());
            _reconnectRandoms[i] = random is null ? Random.Shared : new Random(random.Next());
            _slots[i] = new BindSlot(i, options, _time, throttleRandom, OnThrottled);
        }
    }

    /// <summary>The settings.</summary>
    public SmppClientOptions Options { get; }

    /// <summary>The client's state.</summary>
    public SmppClientState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// Set when a bind was refused with ESME_RBINDFAIL, ESME_RINVPASWD or ESME_RINVSYSID (0x0D/0x0E/0x0F): the
    /// settings are wrong and that bind stopped retrying. Null otherwise.
    /// </summary>
    public CommandStatus? ConfigurationError
    {
        get
        {
            lock (_lock)
            {
                return _configurationError;
            }
        }
    }

    /// <summary>How many binds are bound right now.</summary>
    public int BoundCount
    {
        get
        {
            int count = 0;
            foreach (BindSlot slot in _slots)
            {
                if (slot.IsAccepting)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>A snapshot of every bind: state, since when, last error, window depth, queue, pause.</summary>
    public IReadOnlyList<SmppBindStatus> Binds
    {
        get
        {
            var result = new SmppBindStatus[_slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                result[i] = _slots[i].Snapshot();
            }

            return result;
        }
    }

    /// <summary>Times a PDU waited for a rate-limit token, over all binds (diagnostics and tests).</summary>
    internal long TokenWaits
    {
        get
        {
            long total = 0;
            foreach (BindSlot slot in _slots)
            {
                total += slot.TokenWaits;
            }

            return total;
        }
    }

    /// <summary>
    /// Starts one supervisor per bind (connect → bind → run until the session ends → back off → reconnect) and
    /// returns without waiting for the binds; use <see cref="WaitForBindAsync"/> to wait. Call once.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_state != SmppClientState.Created)
            {
                throw new InvalidOperationException($"SMPP client {Options.Name} was already started.");
            }

            _state = SmppClientState.Running;
        }

        Log.Starting(_logger, Options.Name, Options.Host, Options.Port, Options.Binds, Options.BindType);
        var supervisors = new Task[_slots.Length];
        using (ExecutionContext.SuppressFlow())
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                BindSlot slot = _slots[i];
                Random random = _reconnectRandoms[i];
                supervisors[i] = Task.Run(() => SuperviseAsync(slot, random), CancellationToken.None);
            }
        }

        lock (_lock)
        {
            _supervisors = supervisors;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops reconnecting and closes every bind gracefully (style.md R9): requests still queued end as not sent,
    /// in-flight ones get a bounded time for their responses, then unbind is sent and unbind_resp awaited (bounded by
    /// the session's <see cref="SmppSessionOptions.DrainTimeout"/> and <see cref="SmppSessionOptions.UnbindTimeout"/>).
    /// When <paramref name="cancellationToken"/> fires first, the remaining sessions are closed at once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] supervisors;
        lock (_lock)
        {
            if (_state is SmppClientState.Stopped)
            {
                return;
            }

            _state = SmppClientState.Stopping;
            supervisors = _supervisors;
        }

        Log.Stopping(_logger, Options.Name);
        await _stopCts.CancelAsync().ConfigureAwait(false);
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abortCts))
        {
            // Supervisors never throw; after an abort they end as soon as their sessions are closed.
            await Task.WhenAll(supervisors).ConfigureAwait(false);
        }

        lock (_lock)
        {
            _state = SmppClientState.Stopped;
        }

        SignalBindChanged();
        Log.Stopped(_logger, Options.Name);
    }

    /// <summary>
    /// Waits until at least one bind is bound; false when <paramref name="timeout"/> (on the client's
    /// <see cref="TimeProvider"/>) passes first or the client stops.
    /// </summary>
    public async Task<bool> WaitForBindAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _bindChanged.Task;
                if (_state is SmppClientState.Stopping or SmppClientState.Stopped)
                {
                    return false;
                }
            }

            if (BoundCount > 0)
            {
                return true;
            }

            TimeSpan left = timeout - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return BoundCount > 0;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        bool started;
        lock (_lock)
        {
            started = _state != SmppClientState.Created;
            if (!started)
            {
                _state = SmppClientState.Stopped;
            }
        }

        if (started)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _stopCts.Dispose();
        _abortCts.Dispose();
    }

    private void SignalBindChanged()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _bindChanged;
            _bindChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private void OnThrottled(BindSlot slot, CommandStatus status, TimeSpan pause)
    {
        SmppMetrics.ThrottlePauses.Add(1, SlotTag(slot.Index));
        Log.Throttled(_logger, Options.Name, slot.Index, status, pause);
        Notify(static (o, a) => o.OnThrottled(a.Index, a.Status, a.Pause), (slot.Index, Status: status, Pause: pause));
    }

    private KeyValuePair<string, object?> SlotTag(int index) => new("session", SessionName(index));

    private string SessionName(int index) => $"{Options.Name}#{index}";

    /// <summary>Calls the observer outside any lock; its faults are logged, never thrown into the client.</summary>
    private void Notify<TArgs>(Action<ISmppClientObserver, TArgs> call, TArgs args)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            call(_observer, args);
        }
        catch (Exception ex)
        {
            // An observer is outside code: whatever it throws must not stop a bind.
            Log.ObserverFailed(_logger, ex, Options.Name);
        }
    }
}
