using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Outbound;

/// <summary>
/// Sends the durable outbox (architecture.md: Api → Store (outbox) → Outbound dispatcher). On start it resolves the
/// messages a stop left in <c>sending</c>; then it claims due queued messages (oldest first, one at a time per
/// destination) up to <see cref="OutboundOptions.MaxConcurrency"/> in flight, composes each for the carrier the router
/// tries (encoding, split, TON/NPI per carrier), submits it through that carrier's window and TPS limit, and stores
/// the outcome: sent with every part's normalised carrier id; failed with the Restcomm code and the SMPP status in the
/// error text; or queued again with a backoff for a temporary error, the same record, up to
/// <see cref="OutboundOptions.MaxAttempts"/>. It wakes on <see cref="IOutboxSignal"/> or every
/// <see cref="OutboundOptions.PollInterval"/>.
/// </summary>
public sealed partial class OutboxDispatcher : BackgroundService
{
    private readonly IOutboxStore _store;
    private readonly ICarrierRouter _router;
    private readonly OutboxSignal _signal;
    private readonly StatusCallbackNotifier _notifier;
    private readonly OutboundOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcatReferenceAllocator _references = new();
    private readonly SemaphoreSlim _slots;
    private static readonly TimeSpan s_maxWaitPause = TimeSpan.FromSeconds(30);
    private long _lastExpiry = long.MinValue;
    private CancellationToken _stopping;

    internal OutboxDispatcher(IOutboxStore store, ICarrierRouter router, OutboxSignal signal, StatusCallbackNotifier notifier,
        IOptions<OutboundOptions> options, TimeProvider timeProvider, ILogger<OutboxDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _router = router;
        _signal = signal;
        _notifier = notifier;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        bool resubmit = _options.UnknownOutcomePolicy == UnknownOutcomePolicy.Resubmit;
        IReadOnlyList<OutboxStatusChange> recovered = await _store.RecoverSendingAsync(_timeProvider.GetUtcNow(), resubmit, stoppingToken);
        if (recovered.Count > 0)
        {
            Log.Recovered(_logger, recovered.Count);
        }

        await _notifier.NotifyAsync(recovered, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ExpireHeldReceiptsAsync(stoppingToken);

                // Back-pressure: never claim more than there are free slots, so nothing waits in memory.
                await _slots.WaitAsync(stoppingToken);
                int free = _slots.CurrentCount + 1;
                IReadOnlyList<OutboxMessage> claimed;
                try
                {
                    claimed = await _store.ClaimAsync(free, _timeProvider.GetUtcNow(), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    // Stopping while claiming: give the slot back, or the drain below would wait for it forever.
                    _slots.Release();
                    throw;
                }
                catch (Exception exception)
                {
                    _slots.Release();
                    Log.ClaimFailed(_logger, exception);
                    await _signal.WaitAsync(_options.PollInterval, _timeProvider, stoppingToken);
                    continue;
                }

                if (claimed.Count == 0)
                {
                    _slots.Release();
                    await _signal.WaitAsync(_options.PollInterval, _timeProvider, stoppingToken);
                    continue;
                }

                for (int i = 0; i < claimed.Count; i++)
                {
                    if (i > 0)
                    {
                        // Free slots were counted before the claim; these waits return at once.
                        await _slots.WaitAsync(stoppingToken);
                    }

                    OutboxMessage message = claimed[i];
                    _ = Task.Run(() => ProcessAndReleaseAsync(message), CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: no new claims.
        }

        // In-flight submits finish (each bounded by its carrier's response timeout; a wait for a late answer ends at
        // once, see AwaitLateAnswerAsync) so their outcomes are stored.
        for (int i = 0; i < _options.MaxConcurrency; i++)
        {
            await _slots.WaitAsync(CancellationToken.None);
        }
    }

    private async Task ProcessAndReleaseAsync(OutboxMessage message)
    {
        try
        {
            await ProcessAsync(message, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The message stays in sending; the next start resolves it (RecoverSendingAsync).
            Log.ProcessFailed(_logger, exception, message.Message.Sid);
        }
        finally
        {
            _slots.Release();

            // The next message to the same destination may now be claimable.
            _signal.Poke();
        }
    }

    /// <summary>Submits one claimed message and stores the outcome.</summary>
    internal async Task ProcessAsync(OutboxMessage claimed, CancellationToken cancellationToken)
    {
        SmsMessage message = claimed.Message;

        // Only a long message an earlier attempt left partly accepted has a stored reference: the common path reads
        // nothing more.
        if (claimed.ConcatReference is not null
            && await _store.GetPartlySentAsync(message.Sid, cancellationToken) is { Parts.Count: > 0 } partly
            && await ResumeAsync(claimed, partly, cancellationToken))
        {
            return;
        }

        ComposeState state = new();
        RoutedSubmit result;
        try
        {
            result = await _router.SubmitAsync(message.To, carrier => Compose(carrier, message, state), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SubmitThrew(_logger, exception, message.Sid);
            await RetryOrFailAsync(claimed, CarrierErrorCodes.UnknownError, "submit failed: " + exception.Message, cancellationToken);
            return;
        }

        if (result.Outcome == RoutedSubmitOutcome.Unknown && result.LateAnswer is { } lateAnswer)
        {
            result = await AwaitLateAnswerAsync(message.Sid, result, lateAnswer, cancellationToken);
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        switch (result.Outcome)
        {
            case RoutedSubmitOutcome.Sent:
                await RecordSentAsync(message, result, state, final: null, cancellationToken);
                return;

            case RoutedSubmitOutcome.PartlyAccepted:
                // No resubmit: the accepted parts would arrive twice. The accepted ids stay matchable.
                await RecordSentAsync(message, result, state, final: MessageStatus.Failed, cancellationToken);
                return;

            case RoutedSubmitOutcome.Rejected:
                await FailAsync(message.Sid, now, result.Carrier?.Name, result.ErrorCode ?? CarrierErrorCodes.UnknownError,
                    result.Error, cancellationToken);
                return;

            case RoutedSubmitOutcome.NoRoute:
                await FailAsync(message.Sid, now, null, CarrierErrorCodes.UnreachableCarrier, result.Error, cancellationToken);
                return;

            case RoutedSubmitOutcome.Unknown:
                if (result.Carrier is { } unknownCarrier && state.Last?.Reference is ushort reference
                    && AcceptedParts(result.PartResponses, unknownCarrier, null, null) is { Count: > 0 } accepted)
                {
                    // Some parts of a long message were accepted: keep them, send only the others next time, with the
                    // same reference so the handset joins them (GSM 03.40 §9.2.3.24.1).
                    await RecordPartlySentAsync(claimed, unknownCarrier, result.Parts.Count, state.Last.Text.Kind, reference, accepted,
                        result.Error, cancellationToken);
                }
                else if (_options.UnknownOutcomePolicy == UnknownOutcomePolicy.Fail)
                {
                    await FailAsync(message.Sid, now, result.Carrier?.Name, CarrierErrorCodes.UnknownError,
                        "outcome unknown: " + result.Error, cancellationToken);
                }
                else
                {
                    await RetryOrFailAsync(claimed, CarrierErrorCodes.UnknownError, "outcome unknown: " + result.Error, cancellationToken);
                }

                return;

            default:
                if (state.Error is not null && AllNotComposable(result))
                {
                    // The message itself cannot be sent (bad address, too long): trying later gives the same answer.
                    await FailAsync(message.Sid, now, null, state.ErrorCode, state.Error, cancellationToken);
                }
                else if (NothingReachedACarrier(result))
                {
                    await WaitForCarrierAsync(claimed, result, cancellationToken);
                }
                else
                {
                    await RetryOrFailAsync(claimed, result.ErrorCode ?? CarrierErrorCodes.UnreachableCarrier, result.Error, cancellationToken);
                }

                return;
        }
    }

    /// <summary>
    /// A submit the carrier did not answer within its ResponseTimeout: wait, holding this message's slot (the natural
    /// back-pressure against a slow carrier), for the late submit_sm_resp the bind may still read within its
    /// LateResponseWindow. An answer decides as a timely one would (so no copy is sent and receipts match its id);
    /// none, or a stop meanwhile, leaves the outcome unknown for <see cref="OutboundOptions.UnknownOutcomePolicy"/>.
    /// </summary>
    private async Task<RoutedSubmit> AwaitLateAnswerAsync(string sid, RoutedSubmit unknown, Task<RoutedSubmit?> lateAnswer,
        CancellationToken cancellationToken)
    {
        RoutedSubmit? answered;
        using (CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping))
        {
            try
            {
                // Bounded: the session ends the wait at the window's end or when the bind closes.
                answered = await lateAnswer.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Stopping: the stop must not wait out the window; UnknownOutcome decides now, while the store is open.
                return unknown;
            }
        }

        if (answered is null)
        {
            return unknown;
        }

        Log.LateAnswer(_logger, sid, unknown.Carrier?.Name ?? string.Empty, answered.Status ?? CommandStatus.Ok, answered.Outcome);
        return answered;
    }

    private IReadOnlyList<SubmitSm> Compose(CarrierProfile carrier, SmsMessage message, ComposeState state)
    {
        if (!TryTemplate(carrier, message, state, out SubmitSm? template, out ComposeOptions? options))
        {
            return [];
        }

        ComposedMessage composed = MessageComposer.Compose(message.Body, template, options, _references);
        if (!composed.Succeeded)
        {
            state.Error = composed.Error;
            state.ErrorCode = CarrierErrorCodes.UnknownError;
            return [];
        }

        state.Last = composed;
        return composed.Parts;
    }

    private static bool TryTemplate(CarrierProfile carrier, SmsMessage message, ComposeState state,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SubmitSm? template,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ComposeOptions? options)
    {
        if (!carrier.TryCreateSubmitTemplate(message.From, message.To, out template, out string? error))
        {
            state.Error = error;
            state.ErrorCode = error.StartsWith("source", StringComparison.Ordinal)
                ? CarrierErrorCodes.CarrierViolation
                : CarrierErrorCodes.UnknownDestination;
            options = null;
            return false;
        }

        options = string.Equals(message.Encoding, "UCS2", StringComparison.OrdinalIgnoreCase)
            ? carrier.Compose with { Preference = TextEncodingPreference.Ucs2 }
            : carrier.Compose;
        return true;
    }

    private Task RecordSentAsync(SmsMessage message, RoutedSubmit result, ComposeState state, MessageStatus? final,
        CancellationToken cancellationToken)
    {
        CarrierProfile carrier = result.Carrier!;
        List<OutboxPart> parts = new(result.Responses.Count);
        AcceptedParts(result.Responses, carrier, null, parts);
        return RecordSentAsync(message, carrier.Name, result.Parts.Count, EncodingName(state.Last?.Text.Kind), parts, final, result,
            cancellationToken);
    }

    /// <summary>
    /// Stores the message as sent with every part's id (or, with <paramref name="final"/>, as that final status with
    /// <paramref name="result"/>'s error), logs it and makes the callbacks owed.
    /// </summary>
    private async Task RecordSentAsync(SmsMessage message, string carrier, int numSegments, string encoding,
        IReadOnlyList<OutboxPart> parts, MessageStatus? final, RoutedSubmit? result, CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxStatusChange> changes = await _store.RecordSentAsync(new OutboxSent
        {
            MessageSid = message.Sid,
            At = _timeProvider.GetUtcNow(),
            Carrier = carrier,
            NumSegments = numSegments,
            Encoding = encoding,
            Parts = parts,
            Final = final,
            ErrorCode = final is null ? null : result?.ErrorCode ?? CarrierErrorCodes.UnknownError,
            ErrorMessage = final is null ? null : result?.Error,
        }, cancellationToken);
        Log.Sent(_logger, message.Sid, carrier, numSegments);
        await _notifier.NotifyAsync(changes, cancellationToken);
    }

    /// <summary>
    /// The parts accepted (ESME_ROK with a message id) among <paramref name="responses"/> (null entries: not
    /// answered), as normalised keys; response i is part <paramref name="indexes"/>[i] when given, else part i. Added
    /// to <paramref name="into"/> when given, else to a list made on the first accepted part (null when none).
    /// </summary>
    private static List<OutboxPart>? AcceptedParts(IReadOnlyList<SubmitSmResp?> responses, CarrierProfile carrier, int[]? indexes,
        List<OutboxPart>? into)
    {
        for (int i = 0; i < responses.Count; i++)
        {
            if (responses[i] is not { CommandStatus: CommandStatus.Ok } response)
            {
                continue;
            }

            string key = MessageIdNormalizer.SubmitKey(response.MessageId, carrier.MessageIds);
            if (key.Length > 0)
            {
                (into ??= new List<OutboxPart>(responses.Count)).Add(new OutboxPart(indexes is null ? i : indexes[i], key));
            }
        }

        return into;
    }

    /// <summary>
    /// The attempt after a long message was partly accepted: the missing parts, composed again with the stored
    /// reference, go to the carrier that took the others (the handset joins parts by reference, total and
    /// originator, GSM 03.40 §9.2.3.24.1), and the outcome is judged over every part, stored and new. False when the
    /// parts cannot be completed (the message no longer composes into the stored parts, or the carrier no longer
    /// routes it): the caller then sends the whole message again with a new reference.
    /// </summary>
    private async Task<bool> ResumeAsync(OutboxMessage claimed, OutboxPartlySentParts partly, CancellationToken cancellationToken)
    {
        SmsMessage message = claimed.Message;
        if (partly.Parts.Count >= partly.NumSegments)
        {
            // Every part has an id already (stored by another writer of the segments): nothing is missing.
            await RecordSentAsync(message, partly.Carrier, partly.NumSegments, message.Encoding ?? EncodingName(null), partly.Parts,
                final: null, result: null, cancellationToken);
            return true;
        }

        ResumeState state = new(partly);
        RoutedSubmit result;
        try
        {
            result = await _router.SubmitToAsync(partly.Carrier, message.To, carrier => ComposeMissing(carrier, message, state),
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SubmitThrew(_logger, exception, message.Sid);
            await RetryOrFailAsync(claimed, CarrierErrorCodes.UnknownError, "submit failed: " + exception.Message, cancellationToken);
            return true;
        }

        if (result.Outcome == RoutedSubmitOutcome.NoRoute || state.Abandoned is not null || state.Error is not null)
        {
            Log.ResumeAbandoned(_logger, message.Sid, partly.Carrier, partly.Parts.Count, partly.NumSegments,
                state.Abandoned ?? state.Error ?? $"{partly.Carrier} has no route for the destination any more");

            // The whole message goes again with a new reference: the old parts' ids and receipts must not count for it.
            await _store.ForgetPartlySentAsync(message.Sid, cancellationToken);
            return false;
        }

        Log.Resumed(_logger, message.Sid, partly.Carrier, result.Parts.Count, partly.NumSegments, result.Outcome);
        if (result.Outcome == RoutedSubmitOutcome.Unknown && result.LateAnswer is { } lateAnswer)
        {
            result = await AwaitLateAnswerAsync(message.Sid, result, lateAnswer, cancellationToken);
        }

        switch (result.Outcome)
        {
            case RoutedSubmitOutcome.Sent:
            case RoutedSubmitOutcome.PartlyAccepted:
            case RoutedSubmitOutcome.Rejected:
                // Every part accepted: sent. A refusal after the stored parts were accepted is a partly accepted
                // message: no resubmit (the accepted parts would arrive twice), every accepted id stays matchable.
                List<OutboxPart> parts = StoredAndAccepted(partly, result.Responses, result.Carrier!, state.Missing);
                MessageStatus? final = result.Outcome == RoutedSubmitOutcome.Sent ? null : MessageStatus.Failed;
                await RecordSentAsync(message, result.Carrier!.Name, partly.NumSegments, EncodingName(state.Last?.Text.Kind), parts, final, result,
                    cancellationToken);
                return true;

            case RoutedSubmitOutcome.Unknown:
                List<OutboxPart> known = StoredAndAccepted(partly, result.PartResponses, result.Carrier!, state.Missing);
                await RecordPartlySentAsync(claimed, result.Carrier!, partly.NumSegments, state.Last?.Text.Kind, partly.ConcatReference, known,
                    result.Error, cancellationToken);
                return true;

            default:
                if (NothingReachedACarrier(result))
                {
                    // Paused or not bound: the missing parts wait for this carrier, as for any carrier outage.
                    await WaitForCarrierAsync(claimed, result, cancellationToken);
                }
                else
                {
                    await RetryOrFailAsync(claimed, result.ErrorCode ?? CarrierErrorCodes.UnreachableCarrier, result.Error, cancellationToken);
                }

                return true;
        }
    }

    /// <summary>The stored parts' ids followed by those the SMSC accepted now (response i is part <paramref name="missing"/>[i]).</summary>
    private static List<OutboxPart> StoredAndAccepted(OutboxPartlySentParts partly, IReadOnlyList<SubmitSmResp?> responses,
        CarrierProfile carrier, int[]? missing)
    {
        List<OutboxPart> parts = new(partly.NumSegments);
        parts.AddRange(partly.Parts);
        AcceptedParts(responses, carrier, missing, parts);
        return parts;
    }

    /// <summary>The parts of <paramref name="message"/> that have no stored id, composed with the stored reference.</summary>
    private static List<SubmitSm> ComposeMissing(CarrierProfile carrier, SmsMessage message, ResumeState state)
    {
        OutboxPartlySentParts partly = state.Partly;
        if (!TryTemplate(carrier, message, state, out SubmitSm? template, out ComposeOptions? options))
        {
            return [];
        }

        int limit = options.LongMessageMode == LongMessageMode.UdhConcat8 ? byte.MaxValue : ushort.MaxValue;
        if (partly.ConcatReference > limit)
        {
            state.Abandoned = $"the stored reference {partly.ConcatReference} does not fit the carrier's {options.LongMessageMode} mode";
            return [];
        }

        ComposedMessage composed = MessageComposer.ComposeWithReference(message.Body, template, options, (ushort)partly.ConcatReference);
        if (!composed.Succeeded || composed.Reference is null || composed.Parts.Count != partly.NumSegments)
        {
            state.Abandoned = composed.Succeeded
                ? $"the message now composes into {composed.Parts.Count} part(s) in {options.LongMessageMode} mode, not the {partly.NumSegments} stored"
                : composed.Error;
            return [];
        }

        bool[] known = new bool[partly.NumSegments];
        foreach (OutboxPart part in partly.Parts)
        {
            known[part.SegmentIndex] = true;
        }

        List<SubmitSm> missing = new(partly.NumSegments - partly.Parts.Count);
        int[] indexes = new int[partly.NumSegments - partly.Parts.Count];
        for (int i = 0; i < known.Length; i++)
        {
            if (!known[i])
            {
                indexes[missing.Count] = i;
                missing.Add(composed.Parts[i]);
            }
        }

        state.Last = composed;
        state.Missing = indexes;
        return missing;
    }

    /// <summary>
    /// Stores the accepted parts of a long message whose outcome is unknown, then queues it for the missing parts
    /// (<see cref="UnknownOutcomePolicy.Resubmit"/>, until <see cref="OutboundOptions.MaxAttempts"/>) or fails it with
    /// 30008 keeping the accepted ids (<see cref="UnknownOutcomePolicy.Fail"/>, or attempts used up).
    /// </summary>
    private async Task RecordPartlySentAsync(OutboxMessage claimed, CarrierProfile carrier, int numSegments, TextKind? kind, int reference,
        List<OutboxPart> accepted, string? error, CancellationToken cancellationToken)
    {
        int attempts = claimed.Attempts + 1;
        DateTimeOffset now = _timeProvider.GetUtcNow();
        string text = $"outcome unknown: {error} ({accepted.Count} of {numSegments} parts accepted)";
        DateTimeOffset? next = null;
        if (_options.UnknownOutcomePolicy == UnknownOutcomePolicy.Resubmit)
        {
            if (attempts >= _options.MaxAttempts)
            {
                text = $"gave up after {attempts} attempt(s): {text}";
            }
            else
            {
                next = now + Backoff(attempts);
            }
        }

        IReadOnlyList<OutboxStatusChange> changes = await _store.RecordPartlySentAsync(new OutboxPartlySent
        {
            MessageSid = claimed.Message.Sid,
            At = now,
            Carrier = carrier.Name,
            NumSegments = numSegments,
            Encoding = EncodingName(kind),
            ConcatReference = reference,
            Parts = accepted,
            NextAttemptAt = next,
            ErrorCode = CarrierErrorCodes.UnknownError,
            ErrorMessage = text,
        }, cancellationToken);
        Log.PartlySent(_logger, claimed.Message.Sid, carrier.Name, accepted.Count, numSegments, next is not null);
        await _notifier.NotifyAsync(changes, cancellationToken);
    }

    private async Task FailAsync(string sid, DateTimeOffset at, string? carrier, int errorCode, string? error, CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxStatusChange> changes = await _store.RecordFailedAsync(sid, at, carrier, errorCode, error, cancellationToken);
        Log.Failed(_logger, sid, errorCode, error ?? string.Empty);
        await _notifier.NotifyAsync(changes, cancellationToken);
    }

    private async Task RetryOrFailAsync(OutboxMessage claimed, int errorCode, string? error, CancellationToken cancellationToken)
    {
        int attempts = claimed.Attempts + 1;
        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (attempts >= _options.MaxAttempts)
        {
            await FailAsync(claimed.Message.Sid, now, null, errorCode, $"gave up after {attempts} attempt(s): {error}", cancellationToken);
            return;
        }

        TimeSpan pause = Backoff(attempts);
        await _store.RescheduleAsync(claimed.Message.Sid, now, now + pause, errorCode, error, countAttempt: true, cancellationToken);
        Log.Retrying(_logger, claimed.Message.Sid, attempts, pause, error ?? string.Empty);
    }

    /// <summary>
    /// No carrier of the message's routes could take it (none bound, or paused), so nothing reached an SMSC: the
    /// message waits in the outbox without using up an attempt (a carrier outage of a few minutes must not fail the
    /// queue), and fails with 30006 once it has waited <see cref="OutboundOptions.MaxQueueTime"/>.
    /// </summary>
    private async Task WaitForCarrierAsync(OutboxMessage claimed, RoutedSubmit result, CancellationToken cancellationToken)
    {
        SmsMessage message = claimed.Message;
        DateTimeOffset now = _timeProvider.GetUtcNow();
        TimeSpan waited = now - message.DateCreated;
        if (waited >= _options.MaxQueueTime)
        {
            await FailAsync(message.Sid, now, null, CarrierErrorCodes.UnreachableCarrier,
                $"no carrier could take it within {_options.MaxQueueTime}: {result.Error}", cancellationToken);
            return;
        }

        TimeSpan pause = WaitPause(waited);
        await _store.RescheduleAsync(message.Sid, now, now + pause, result.ErrorCode ?? CarrierErrorCodes.UnreachableCarrier, result.Error,
            countAttempt: false, cancellationToken);
        Log.WaitingForCarrier(_logger, message.Sid, pause, result.Error ?? string.Empty);
    }

    /// <summary>
    /// The pause before looking again for a carrier: half the time waited so far, at least
    /// <see cref="OutboundOptions.RetryBackoffMin"/> and at most 30 s (or <see cref="OutboundOptions.RetryBackoffMax"/>
    /// when shorter), so a long outage costs few store writes and a carrier that comes back is used within 30 s.
    /// </summary>
    internal TimeSpan WaitPause(TimeSpan waited)
    {
        TimeSpan cap = _options.RetryBackoffMax < s_maxWaitPause ? _options.RetryBackoffMax : s_maxWaitPause;
        TimeSpan half = waited / 2;
        TimeSpan pause = half < cap ? half : cap;
        return pause > _options.RetryBackoffMin ? pause : _options.RetryBackoffMin;
    }

    /// <summary>The pause after the <paramref name="attempts"/>-th failed attempt: min × 2^(attempts−1), capped at max.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        double factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        double ticks = Math.Min(_options.RetryBackoffMin.Ticks * factor, _options.RetryBackoffMax.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private async Task ExpireHeldReceiptsAsync(CancellationToken cancellationToken)
    {
        long now = _timeProvider.GetTimestamp();
        if (_lastExpiry != long.MinValue && _timeProvider.GetElapsedTime(_lastExpiry, now) < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastExpiry = now;
        int expired = await _store.ExpirePendingReceiptsAsync(_timeProvider.GetUtcNow() - _options.PendingReceiptTtl, cancellationToken);
        if (expired > 0)
        {
            Log.ReceiptsExpired(_logger, expired);
        }
    }

    /// <summary>
    /// True when every candidate was skipped because no carrier could take the message at all: no bound bind, or paused
    /// by an operator. A part queued on a bind that closed before writing it (NotSent) is a failed attempt on a live
    /// carrier and counts: a bind that keeps dropping must end the message within MaxAttempts, not hold it for
    /// MaxQueueTime (the carrier fault drill saw messages still queued after its drain).
    /// </summary>
    private static bool NothingReachedACarrier(RoutedSubmit result)
    {
        if (result.Outcome != RoutedSubmitOutcome.Unavailable || result.Attempts.Count == 0)
        {
            return false;
        }

        foreach (CarrierAttempt attempt in result.Attempts)
        {
            if (attempt.Result is not (CarrierAttemptResult.NotBound or CarrierAttemptResult.Paused))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllNotComposable(RoutedSubmit result)
    {
        bool any = false;
        foreach (CarrierAttempt attempt in result.Attempts)
        {
            if (attempt.Result == CarrierAttemptResult.NotComposable)
            {
                any = true;
            }
            else if (attempt.Result != CarrierAttemptResult.NotBound)
            {
                return false;
            }
        }

        return any;
    }

    private static string EncodingName(TextKind? kind) => kind switch
    {
        TextKind.Ucs2 => "UCS2",
        TextKind.Latin1 => "LATIN1",
        TextKind.Ascii => "ASCII",
        _ => "GSM7",
    };

    /// <summary>What the compose callback found for the carrier tried last.</summary>
    private class ComposeState
    {
        public ComposedMessage? Last { get; set; }

        public string? Error { get; set; }

        public int ErrorCode { get; set; } = CarrierErrorCodes.UnknownError;
    }

    /// <summary>What <see cref="ComposeMissing"/> found: the stored parts, and which parts it sends.</summary>
    private sealed class ResumeState(OutboxPartlySentParts partly) : ComposeState
    {
        public OutboxPartlySentParts Partly { get; } = partly;

        /// <summary>Part index of each part sent (response i is part Missing[i]).</summary>
        public int[]? Missing { get; set; }

        /// <summary>Why the stored parts cannot be completed, or null.</summary>
        public string? Abandoned { get; set; }
    }

    /// <summary>Outbox log events, EventIds 7100–7119.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 7100, EventName = "OutboxRecovered", Level = LogLevel.Information,
            Message = "Resolved {Count} message(s) left in sending by the last stop")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(EventId = 7101, EventName = "OutboxClaimFailed", Level = LogLevel.Error,
            Message = "Could not read the outbox; trying again at the next poll")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7102, EventName = "OutboxProcessFailed", Level = LogLevel.Error,
            Message = "Could not store the outcome of message {MessageSid}; it stays in sending until the next start")]
        public static partial void ProcessFailed(ILogger logger, Exception exception, string messageSid);

        [LoggerMessage(EventId = 7103, EventName = "OutboxSubmitThrew", Level = LogLevel.Error,
            Message = "Submitting message {MessageSid} threw; treated as a temporary error")]
        public static partial void SubmitThrew(ILogger logger, Exception exception, string messageSid);

        [LoggerMessage(EventId = 7104, EventName = "OutboxSent", Level = LogLevel.Debug,
            Message = "Message {MessageSid} accepted by {CarrierName} in {PartCount} part(s)")]
        public static partial void Sent(ILogger logger, string messageSid, string carrierName, int partCount);

        [LoggerMessage(EventId = 7105, EventName = "OutboxFailed", Level = LogLevel.Information,
            Message = "Message {MessageSid} failed with {ErrorCode}: {Reason}")]
        public static partial void Failed(ILogger logger, string messageSid, int errorCode, string reason);

        [LoggerMessage(EventId = 7106, EventName = "OutboxRetrying", Level = LogLevel.Debug,
            Message = "Message {MessageSid} queued again after attempt {Attempt}, next in {Pause}: {Reason}")]
        public static partial void Retrying(ILogger logger, string messageSid, int attempt, TimeSpan pause, string reason);

        [LoggerMessage(EventId = 7108, EventName = "OutboxWaitingForCarrier", Level = LogLevel.Debug,
            Message = "Message {MessageSid} waits {Pause} for a carrier that can take it: {Reason}")]
        public static partial void WaitingForCarrier(ILogger logger, string messageSid, TimeSpan pause, string reason);

        [LoggerMessage(EventId = 7109, EventName = "OutboxLateAnswer", Level = LogLevel.Debug,
            Message = "Message {MessageSid}: {CarrierName} answered {CommandStatus} after the response timeout; taken as {Outcome}")]
        public static partial void LateAnswer(ILogger logger, string messageSid, string carrierName, CommandStatus commandStatus, RoutedSubmitOutcome outcome);

        [LoggerMessage(EventId = 7110, EventName = "OutboxPartlySent", Level = LogLevel.Information,
            Message = "Message {MessageSid}: outcome unknown after {CarrierName} accepted {AcceptedParts} of {PartCount} part(s); "
                + "missing parts queued again: {Requeued}")]
        public static partial void PartlySent(ILogger logger, string messageSid, string carrierName, int acceptedParts, int partCount,
            bool requeued);

        [LoggerMessage(EventId = 7111, EventName = "OutboxResumeAbandoned", Level = LogLevel.Warning,
            Message = "Message {MessageSid}: the {StoredParts} of {PartCount} part(s) accepted by {CarrierName} cannot be completed "
                + "({Reason}); the whole message is sent again with a new reference")]
        public static partial void ResumeAbandoned(ILogger logger, string messageSid, string carrierName, int storedParts, int partCount,
            string reason);

        [LoggerMessage(EventId = 7112, EventName = "OutboxResumed", Level = LogLevel.Debug,
            Message = "Message {MessageSid}: {MissingParts} missing part(s) of {PartCount} submitted to {CarrierName}: {Outcome}")]
        public static partial void Resumed(ILogger logger, string messageSid, string carrierName, int missingParts, int partCount,
            RoutedSubmitOutcome outcome);

        [LoggerMessage(EventId = 7107, EventName = "HeldReceiptsExpired", Level = LogLevel.Information,
            Message = "Dropped {Count} held receipt(s) whose message id never arrived")]
        public static partial void ReceiptsExpired(ILogger logger, int count);
    }
}
