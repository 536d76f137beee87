using Microsoft.Extensions.Options;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// Keeps every enabled carrier's binds up: one <see cref="SmppClient"/> per carrier, which connects, binds, reconnects
/// with jittered exponential backoff and stops retrying on refused credentials (the client's policy, smpp.md §16).
/// Starting does not wait for any bind, so an unreachable SMSC never holds up the host; stopping unbinds every bind,
/// bounded by the sessions' drain and unbind timeouts and by the host's shutdown token. It also is the
/// <see cref="ICarrierRegistry"/> that health checks read, and the way <see cref="CarrierRouter"/> sends.
/// An operator's pause is stored (<see cref="IOperationsStore"/>) before it takes effect and applied again at start,
/// before any bind comes up, so a restart never sends to a carrier that was paused.
/// </summary>
public sealed partial class CarrierSupervisor : IHostedService, ICarrierRegistry, IAsyncDisposable
{
    private const int Created = 0;
    private const int Started = 1;
    private const int Stopping = 2;
    private const int Stopped = 3;

    private readonly CarrierConnection[] _connections;
    private readonly CarrierProfile[] _profiles;
    private readonly Dictionary<string, CarrierConnection> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IOperationsStore? _store;


    // One pause or resume at a time: each stores then sets the flag, and two of them interleaved could leave the
    // flag saying the opposite of the stored row.
    private readonly SemaphoreSlim _pauseGate = new(1, 1);
    private readonly object _changedLock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>
    /// Creates the supervisor of <c>Bridge:Carriers</c>; nothing connects before <see cref="StartAsync"/>. Carrier
    /// pauses are kept in <paramref name="store"/>; without one (a host with no store) a pause cannot be made.
    /// </summary>
    public CarrierSupervisor(IOptions<CarriersOptions> options, ICarrierInboundHandler inbound, TimeProvider timeProvider,
        ILoggerFactory loggerFactory, IOperationsStore? store = null)
        : this(CreateProfiles(options, loggerFactory, timeProvider), inbound, timeProvider, loggerFactory, store)
    {
    }

    /// <summary>Creates the supervisor of <paramref name="profiles"/> (tests).</summary>
    internal CarrierSupervisor(IReadOnlyList<CarrierProfile> profiles, ICarrierInboundHandler inbound, TimeProvider timeProvider,
        ILoggerFactory loggerFactory, IOperationsStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger<CarrierSupervisor>();
        _timeProvider = timeProvider;
        _store = store;
        ILogger clientLogger = loggerFactory.CreateLogger<SmppClient>();
        _profiles = [.. profiles];
        _connections = new CarrierConnection[_profiles.Length];
        for (int i = 0; i < _profiles.Length; i++)
        {
            var connection = new CarrierConnection(_profiles[i], inbound, timeProvider, _logger, clientLogger, IsStopping, SignalChanged);
            if (!_byName.TryAdd(_profiles[i].Name, connection))
            {
                throw new ArgumentException($"Carrier name '{_profiles[i].Name}' is used twice.", nameof(profiles));
            }

            _connections[i] = connection;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<CarrierProfile> Carriers => _profiles;

    /// <inheritdoc />
    public CarrierProfile? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out CarrierConnection? connection) ? connection.Profile : null;
    }

    /// <inheritdoc />
    public bool IsBound(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out CarrierConnection? connection) && connection.BoundCount > 0;
    }

    /// <summary>True when an operator paused carrier <paramref name="name"/> (see <see cref="SetPaused"/>).</summary>
    public bool IsPaused(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out CarrierConnection? connection) && connection.Paused;
    }

    /// <summary>When the operator's pause of carrier <paramref name="name"/> began, or null when it is not paused.</summary>
    public DateTimeOffset? PausedSince(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out CarrierConnection? connection) ? connection.PausedAt : null;
    }

    /// <summary>
    /// Pauses or resumes carrier <paramref name="name"/> (case-insensitive): a paused carrier is passed over by
    /// <see cref="CarrierRouter"/> for new submits, like one without a bound bind, while its binds stay up so receipts
    /// and MO messages keep arriving. The change is committed to the store first and only then applied, so a
    /// completed call survives a restart; when the store fails, the carrier is left as it was. Pausing a paused
    /// carrier keeps the time its pause began.
    /// </summary>
    public async Task<CarrierPauseOutcome> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out CarrierConnection? connection))
        {
            return CarrierPauseOutcome.UnknownCarrier;
        }

        string carrier = connection.Profile.Name;
        if (_store is null)
        {
            Log.PauseNotStored(_logger, null, carrier, paused ? "pause" : "resume", "no store is part of this host");
            return CarrierPauseOutcome.NotStored;
        }

        await _pauseGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not cancellable once the gate is taken: a write cancelled half-way might still commit, and the flag
            // would then disagree with the store until the next restart.
            DateTimeOffset? pausedAt = null;
            try
            {
                if (paused)
                {
                    pausedAt = await _store.SetCarrierPauseAsync(carrier, _timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _store.ClearCarrierPauseAsync(carrier, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception)
            {
                // The store's contract names no exception type (SQLite today, PostgreSQL later): any failure means
                // the change may not be durable, so the flag stays as it was and the caller is told.
                Log.PauseNotStored(_logger, exception, carrier, paused ? "pause" : "resume", exception.Message);
                return CarrierPauseOutcome.NotStored;
            }

            connection.SetPaused(pausedAt);
            if (pausedAt is { } since)
            {
                Log.Paused(_logger, carrier, since);
            }
            else
            {
                Log.Resumed(_logger, carrier);
            }

            return CarrierPauseOutcome.Applied;
        }
        finally
        {
            _pauseGate.Release();
        }
    }

    /// <summary>
    /// Pauses or resumes carrier <paramref name="name"/> in memory only, without the store (tests of routing): a
    /// restart forgets it. False when no carrier has the name.
    /// </summary>
    internal bool SetPaused(string name, bool paused)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out CarrierConnection? connection))
        {
            return false;
        }

        DateTimeOffset? pausedAt = paused ? _timeProvider.GetUtcNow() : null;
        connection.SetPaused(pausedAt);
        if (pausedAt is { } since)
        {
            Log.Paused(_logger, connection.Profile.Name, since);
        }
        else
        {
            Log.Resumed(_logger, connection.Profile.Name);
        }

        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<CarrierState> GetStates()
    {
        int state = Volatile.Read(ref _state);
        var states = new CarrierState[_connections.Length];
        for (int i = 0; i < states.Length; i++)
        {
            states[i] = _connections[i].Snapshot(state != Created, state == Stopped);
        }

        return states;
    }

    /// <summary>Starts every enabled carrier's binds and returns at once; binds come up in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Started, Created) != Created)
        {
            throw new InvalidOperationException("The carrier supervisor was already started.");
        }

        // Before any client starts: until then no carrier has a bound bind, so the router cannot pick one, and the
        // first bind that comes up already belongs to a carrier whose stored pause is applied.
        if (_store is not null)
        {
            await RestorePausesAsync(_store, cancellationToken).ConfigureAwait(false);
        }

        foreach (CarrierConnection connection in _connections)
        {
            CarrierProfile profile = connection.Profile;
            if (!profile.Enabled)
            {
                Log.Disabled(_logger, profile.Name);
            }
            else if (connection.Client is null)
            {
                Log.ClientRefused(_logger, profile.Name, connection.CreateError ?? string.Empty);
            }
            else
            {
                Log.Starting(_logger, profile.Name, profile.Client.Host, profile.Client.Port, profile.Client.Binds,
                    profile.BindType, profile.Client.Tls is not null);
                await connection.Client.StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Unbinds every carrier at once (in-flight requests get their responses first, bounded by the session's drain
    /// timeout, then unbind and unbind_resp, bounded by its unbind timeout). When <paramref name="cancellationToken"/>
    /// fires first, the remaining connections are closed at once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Stopping, Started) != Started)
        {
            return;
        }

        var stops = new List<Task>(_connections.Length);
        foreach (CarrierConnection connection in _connections)
        {
            if (connection.Client is { } client)
            {
                stops.Add(client.StopAsync(cancellationToken));
            }
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        Volatile.Write(ref _state, Stopped);
        SignalChanged();
        if (cancellationToken.IsCancellationRequested)
        {
            Log.StopCutShort(_logger);
        }

        Log.AllStopped(_logger, stops.Count);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (CarrierConnection connection in _connections)
        {
            if (connection.Client is { } client)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        Volatile.Write(ref _state, Stopped);
    }

    /// <summary>Waits until carrier <paramref name="name"/> has a bound bind; false on timeout or when it cannot bind (tests, diagnostics).</summary>
    internal Task<bool> WaitForBindAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        return _byName.TryGetValue(name, out CarrierConnection? connection) && connection.Client is { } client
            ? client.WaitForBindAsync(timeout, cancellationToken)
            : Task.FromResult(false);
    }

    /// <summary>
    /// Waits until the state of carrier <paramref name="name"/> satisfies <paramref name="condition"/>; woken by every
    /// bind event (bound, unbound, reconnect scheduled, throttle pause, refused), so no polling (tests, diagnostics).
    /// </summary>
    internal async Task<CarrierState> WaitForStateAsync(string name, Func<CarrierState, bool> condition,
        CancellationToken cancellationToken)
    {
        if (!_byName.TryGetValue(name, out CarrierConnection? connection))
        {
            throw new ArgumentException($"No carrier is called '{name}'.", nameof(name));
        }

        while (true)
        {
            Task changed;
            lock (_changedLock)
            {
                changed = _changed.Task;
            }

            int state = Volatile.Read(ref _state);
            CarrierState snapshot = connection.Snapshot(state != Created, state == Stopped);
            if (condition(snapshot))
            {
                return snapshot;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Submits the parts of one message on <paramref name="carrier"/> and says whether anything may have reached the
    /// SMSC. <see cref="CarrierSendKind.NotSent"/> is safe to send elsewhere; <see cref="CarrierSendKind.Unknown"/> is
    /// not (smpp.md P7). Cancellation propagates as <see cref="OperationCanceledException"/>.
    /// </summary>
    internal async Task<CarrierSendResult> SendAsync(CarrierProfile carrier, IReadOnlyList<SubmitSm> parts,
        CancellationToken cancellationToken)
    {
        if (!_byName.TryGetValue(carrier.Name, out CarrierConnection? connection) || connection.Client is not { } client)
        {
            return CarrierSendResult.NotSent("the carrier has no SMPP client (disabled or misconfigured)");
        }

        if (Volatile.Read(ref _state) != Started)
        {
            return CarrierSendResult.NotSent("the carrier supervisor is not running");
        }

        Task<IReadOnlyList<SubmitPartResult>> send = client.SubmitPartsAsync(parts, cancellationToken);

        // SubmitPartsAsync queues every part before its first await, and fails right there (before any part is
        // written) when no bind takes requests: a task already faulted with "not sent" means nothing left us.
        if (send.IsFaulted && send.Exception?.InnerException is SmppNotSentException early)
        {
            return CarrierSendResult.NotSent(early.Message);
        }

        IReadOnlyList<SubmitPartResult> results = await send.ConfigureAwait(false);
        return Classify(results);
    }

    /// <summary>
    /// What every part's outcome means for the message. Every part answered: <see cref="CarrierSendKind.Answered"/>.
    /// Every unanswered part timed out: unknown for now, with the late answers to wait for (each part's within the
    /// bind's LateResponseWindow; all of them together decide). No part written: not sent. Otherwise the first
    /// failing part in order decides: a part never written while other parts reached the SMSC, or one lost with its
    /// connection, leaves the message unknown (the unwritten parts are not sent on their own, and failing over could
    /// deliver the written ones twice, smpp.md P7); a cancellation propagates.
    /// </summary>
    private static CarrierSendResult Classify(IReadOnlyList<SubmitPartResult> results)
    {
        Exception? first = null;
        int firstIndex = -1;
        int unanswered = 0;
        int timedOut = 0;
        int notSent = 0;
        for (int i = 0; i < results.Count; i++)
        {
            Exception? error = results[i].Error;
            if (error is null)
            {
                continue;
            }

            unanswered++;
            if (error is SmppOutcomeUnknownException { Reason: UnknownOutcomeReason.ResponseTimeout })
            {
                timedOut++;
            }
            else if (error is SmppNotSentException)
            {
                notSent++;
            }

            if (first is null)
            {
                first = error;
                firstIndex = i;
            }
        }

        if (first is null)
        {
            var responses = new SubmitSmResp[results.Count];
            for (int i = 0; i < responses.Length; i++)
            {
                responses[i] = results[i].Response!;
            }

            return CarrierSendResult.Answered(responses);
        }

        if (first is not (SmppNotSentException or SmppOutcomeUnknownException or SmppProtocolException))
        {
            // Cancellation, or anything unexpected, propagates as SubmitManyAsync's first failure did.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        // The parts the SMSC did answer, so the caller can keep the accepted ones and send only the others again.
        IReadOnlyList<SubmitSmResp?> answered = PartResponses(results, unanswered);
        if (timedOut == unanswered)
        {
            string error = results.Count == 1
                ? first.Message
                : $"{timedOut} of {results.Count} parts not answered within the response timeout (part {firstIndex + 1}: {first.Message})";
            return CarrierSendResult.Unknown(error, LateSubmitResponsesAsync(results), answered);
        }

        if (notSent == results.Count)
        {
            // No part was written (the bind closed with all of them still queued): safe to send elsewhere.
            return CarrierSendResult.NotSent(first.Message);
        }

        // Not answered, or answered with a PDU that is no submit_sm_resp, or (first failure "not sent") never written
        // after earlier parts reached the SMSC: whether the SMSC took the message is unknown.
        return first is SmppNotSentException
            ? CarrierSendResult.Unknown($"the bind closed while the parts were being sent; part {firstIndex + 1} of {results.Count} "
                + $"was never written but other parts reached the SMSC: {first.Message}", partResponses: answered)
            : CarrierSendResult.Unknown(first.Message, partResponses: answered);
    }

    /// <summary>
    /// Each part's submit_sm_resp, null for a part not answered or never written; empty when no part was answered
    /// (nothing to keep), so a one-part message and a wholly unanswered one allocate nothing.
    /// </summary>
    private static SubmitSmResp?[] PartResponses(IReadOnlyList<SubmitPartResult> results, int unanswered)
    {
        if (unanswered == results.Count)
        {
            return [];
        }

        var responses = new SubmitSmResp?[results.Count];
        for (int i = 0; i < responses.Length; i++)
        {
            responses[i] = results[i].Response;
        }

        return responses;
    }

    /// <summary>
    /// Every part's submit_sm_resp once each part that timed out has its late answer (awaited in part order; each wait
    /// ends by its bind's LateResponseWindow or when the bind closes); null as soon as one part gets none.
    /// </summary>
    private static async Task<IReadOnlyList<SubmitSmResp>?> LateSubmitResponsesAsync(IReadOnlyList<SubmitPartResult> results)
    {
        var responses = new SubmitSmResp[results.Count];
        for (int i = 0; i < responses.Length; i++)
        {
            SubmitPartResult result = results[i];
            if (result.IsAnswered)
            {
                responses[i] = result.Response;
                continue;
            }

            var unknown = (SmppOutcomeUnknownException)result.Error;
            if (await LateSubmitResponseAsync(unknown.LateResponse).ConfigureAwait(false) is not { } late)
            {
                return null;
            }

            responses[i] = late;
        }

        return responses;
    }

    /// <summary>The late answer as a submit_sm_resp (a generic_nack carries its status, SMPP 3.4 §4.3); null for none.</summary>
    private static async Task<SubmitSmResp?> LateSubmitResponseAsync(Task<SmppResponse?> lateResponse)
    {
        SmppResponse? response = await lateResponse.ConfigureAwait(false);
        return response switch
        {
            SubmitSmResp submitted => submitted,
            GenericNack nack => new SubmitSmResp { CommandStatus = nack.CommandStatus, SequenceNumber = nack.SequenceNumber },
            _ => null,
        };
    }

    /// <summary>
    /// Applies every stored pause of a configured carrier and warns about the others (kept for when the carrier comes
    /// back). Under the pause gate, so an admin change racing the start cannot be overwritten by an older row.
    /// </summary>
    private async Task RestorePausesAsync(IOperationsStore store, CancellationToken cancellationToken)
    {
        await _pauseGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<CarrierPause> pauses = await store.GetCarrierPausesAsync(cancellationToken).ConfigureAwait(false);
            foreach (CarrierPause pause in pauses)
            {
                if (_byName.TryGetValue(pause.Carrier, out CarrierConnection? connection))
                {
                    connection.SetPaused(pause.PausedAt);
                    Log.StaysPaused(_logger, connection.Profile.Name, pause.PausedAt);
                }
                else
                {
                    Log.PauseOfUnknownCarrier(_logger, pause.Carrier, pause.PausedAt);
                }
            }
        }
        finally
        {
            _pauseGate.Release();
        }
    }

    private bool IsStopping() => Volatile.Read(ref _state) >= Stopping;

    /// <summary>Wakes <see cref="WaitForStateAsync"/> callers; completes the old signal outside the lock (style.md P4).</summary>
    private void SignalChanged()
    {
        TaskCompletionSource changed;
        lock (_changedLock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private static CarrierProfile[] CreateProfiles(IOptions<CarriersOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ILogger logger = loggerFactory.CreateLogger<CarrierSupervisor>();
        IList<CarrierOptions> carriers = options.Value.Carriers;
        var profiles = new CarrierProfile[carriers.Count];
        for (int i = 0; i < profiles.Length; i++)
        {
            profiles[i] = CarrierProfile.FromOptions(carriers[i], i, logger, timeProvider);
        }

        return profiles;
    }
}

/// <summary>What happened to one send on one carrier.</summary>
internal enum CarrierSendKind
{
    /// <summary>Nothing reached the SMSC: safe to try another carrier.</summary>
    NotSent,

    /// <summary>Something was written and not answered: another carrier could duplicate it.</summary>
    Unknown,

    /// <summary>Every part was answered (see the statuses).</summary>
    Answered,
}

/// <summary>
/// The outcome of <see cref="CarrierSupervisor.SendAsync"/>. <paramref name="LateResponse"/>, when the only unanswered
/// parts timed out, completes with every part's submit_sm_resp (in part order) once each of those parts is answered
/// within its bind's late-response window, else with null. <paramref name="PartResponses"/>, for an unknown outcome
/// of which some parts were answered, holds one entry per part: its submit_sm_resp, or null when it was not answered
/// or never written; empty otherwise.
/// </summary>
internal sealed record CarrierSendResult(CarrierSendKind Kind, IReadOnlyList<SubmitSmResp> Responses, string? Error,
    Task<IReadOnlyList<SubmitSmResp>?>? LateResponse = null, IReadOnlyList<SubmitSmResp?>? PartResponses = null)
{
    public static CarrierSendResult NotSent(string error) => new(CarrierSendKind.NotSent, [], error);

    public static CarrierSendResult Unknown(string error, Task<IReadOnlyList<SubmitSmResp>?>? lateResponse = null,
        IReadOnlyList<SubmitSmResp?>? partResponses = null) =>
        new(CarrierSendKind.Unknown, [], error, lateResponse, partResponses);

    public static CarrierSendResult Answered(IReadOnlyList<SubmitSmResp> responses) => new(CarrierSendKind.Answered, responses, null);
}
