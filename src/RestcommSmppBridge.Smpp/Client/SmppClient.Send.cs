using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// Sending: pick a bound bind that may transmit (the least loaded; ties go round-robin), queue the request in that
/// bind's ordered sender, and return its response. See <see cref="BindSlot"/> for the rate limit and throttle rules.
/// </summary>
public sealed partial class SmppClient
{
    /// <summary>
    /// Submits one submit_sm and returns its submit_sm_resp. The PDU costs one token of the bind's rate limit per
    /// attempt; after ESME_RTHROTTLED (0x58) or ESME_RMSGQFUL (0x14) the whole bind pauses and the same PDU is sent
    /// again first, up to <see cref="SmppClientOptions.MaxThrottleRetries"/> times, after which the throttled
    /// response is returned. Other error statuses are returned in the response, not thrown.
    /// </summary>
    /// <exception cref="SmppNotSentException">
    /// No bind can transmit right now, or the bind closed before the PDU was written: nothing reached the SMSC, so the
    /// caller may wait (<see cref="WaitForBindAsync"/>) or fail over to another carrier.
    /// </exception>
    /// <exception cref="SmppOutcomeUnknownException">The PDU was written but no response came (smpp.md P7).</exception>
    public Task<SubmitSmResp> SubmitAsync(SubmitSm pdu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return SendAsync<SubmitSmResp>(pdu, cancellationToken);
    }

    /// <summary>
    /// Sends the parts of one long message in order on one bind and returns their responses in the same order. The
    /// parts take consecutive places in the bind's queue and cost one rate-limit token each (a 3-part message costs
    /// 3, as the SMSC counts it). When a part ends with an exception, that exception (the first in part order) is
    /// thrown once every part has finished; <see cref="SubmitPartsAsync"/> tells every part's outcome instead.
    /// </summary>
    /// <exception cref="SmppNotSentException">
    /// No bind can transmit right now (no part was sent), or the first failing part was never written.
    /// </exception>
    /// <exception cref="SmppOutcomeUnknownException">The first failing part was written but not answered.</exception>
    public async Task<IReadOnlyList<SubmitSmResp>> SubmitManyAsync(IReadOnlyList<SubmitSm> parts, CancellationToken cancellationToken)
    {
        IReadOnlyList<SubmitPartResult> results = await SubmitPartsAsync(parts, cancellationToken).ConfigureAwait(false);
        var responses = new SubmitSmResp[results.Count];
        for (int i = 0; i < responses.Length; i++)
        {
            SubmitPartResult result = results[i];
            if (!result.IsAnswered)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(result.Error);
            }

            responses[i] = result.Response;
        }

        return responses;
    }

    /// <summary>
    /// Sends the parts of one long message in order on one bind, like <see cref="SubmitManyAsync"/>, and returns, once
    /// every part has finished, one <see cref="SubmitPartResult"/> per part in the same order: its submit_sm_resp, or
    /// the exception that part alone ended with. A part's failure is never thrown, so a caller learns which parts
    /// reached the SMSC (answered, or <see cref="SmppOutcomeUnknownException"/>) and which never did
    /// (<see cref="SmppNotSentException"/>), and can await the <see cref="SmppOutcomeUnknownException.LateResponse"/>
    /// of every part that timed out (smpp.md P7: resending the whole message would copy the parts the SMSC took).
    /// </summary>
    /// <exception cref="SmppNotSentException">
    /// No bind can transmit right now: no part was queued, so nothing reached the SMSC. Thrown before any part is
    /// sent (the returned task is already faulted).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before any part was queued.</exception>
    public async Task<IReadOnlyList<SubmitPartResult>> SubmitPartsAsync(IReadOnlyList<SubmitSm> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            return [];
        }

        var requests = new SmppRequest[parts.Count];
        for (int i = 0; i < requests.Length; i++)
        {
            requests[i] = parts[i] ?? throw new ArgumentException($"Part {i} is null.", nameof(parts));
        }

        // Queued synchronously, before the first await: calls made one after another keep their order, and "no bind"
        // faults the returned task at once.
        SendItem[] items = Enqueue(requests, cancellationToken);
        var results = new SubmitPartResult[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            try
            {
                results[i] = new SubmitPartResult(ToResponse<SubmitSmResp>(items[i].Request,
                    await items[i].Task.ConfigureAwait(false)));
            }
            catch (Exception ex)
            {
                // Whatever ended this part belongs to it alone; the other parts' outcomes still count.
                results[i] = new SubmitPartResult(ex);
            }
        }

        return results;
    }

    /// <summary>
    /// Sends any request an ESME may send while bound (submit_sm, data_sm, query_sm, cancel_sm, replace_sm,
    /// submit_multi) through a bind's ordered sender, with the same rate limit and throttle handling as
    /// <see cref="SubmitAsync"/>. A generic_nack answer comes back as <typeparamref name="TResponse"/> carrying the
    /// nack's status.
    /// </summary>
    /// <exception cref="ArgumentException">The request is a bind, unbind or enquire_link: the client manages those.</exception>
    /// <exception cref="SmppNotSentException">No bind can transmit right now, or the bind closed before it was written.</exception>
    /// <exception cref="SmppOutcomeUnknownException">Written, but no response came.</exception>
    public async Task<TResponse> SendAsync<TResponse>(SmppRequest request, CancellationToken cancellationToken)
        where TResponse : SmppResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is BindRequest || request.CommandId is CommandId.Unbind or CommandId.EnquireLink or CommandId.Outbind)
        {
            throw new ArgumentException($"{request.CommandId} is managed by the client and cannot be sent through it.", nameof(request));
        }

        SendItem[] items = Enqueue([request], cancellationToken);
        SmppResponse response = await items[0].Task.ConfigureAwait(false);
        return ToResponse<TResponse>(request, response);
    }

    /// <summary>Queues the requests on one bind, synchronously, so calls made one after another keep their order.</summary>
    private SendItem[] Enqueue(SmppRequest[] requests, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (State != SmppClientState.Running)
        {
            throw new SmppNotSentException($"SMPP client {Options.Name} is not running ({State}).");
        }

        if (Options.BindType == BindType.Receiver)
        {
            throw new SmppNotSentException($"SMPP client {Options.Name} binds as receiver only; it cannot send {requests[0].CommandId}.");
        }

        // A bind may close between the pick and the enqueue; then try the next best one.
        for (int attempt = 0; attempt < _slots.Length; attempt++)
        {
            BindSlot? slot = PickSlot();
            if (slot is null)
            {
                break;
            }

            if (slot.TryEnqueue(requests, cancellationToken) is { } items)
            {
                return items;
            }
        }

        throw new SmppNotSentException($"SMPP client {Options.Name} has no bound bind to send {requests[0].CommandId}.");
    }

    /// <summary>The bound bind with the fewest requests queued or in flight; ties rotate so binds share the load.</summary>
    private BindSlot? PickSlot()
    {
        int start = (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)_slots.Length);
        BindSlot? best = null;
        int bestLoad = int.MaxValue;
        for (int i = 0; i < _slots.Length; i++)
        {
            BindSlot slot = _slots[(start + i) % _slots.Length];
            int load = slot.Load;
            if (load < bestLoad)
            {
                best = slot;
                bestLoad = load;
            }
        }

        return best;
    }

    private static TResponse ToResponse<TResponse>(SmppRequest request, SmppResponse response)
        where TResponse : SmppResponse
    {
        if (response is TResponse typed)
        {
            return typed;
        }

        if (response is GenericNack && request.CreateResponse(response.CommandStatus) is TResponse converted)
        {
            converted.SequenceNumber = response.SequenceNumber;
            return converted;
        }

        throw new SmppProtocolException(CommandStatus.InvalidCommandId,
            $"{request.CommandId} sequence {request.SequenceNumber} was answered with {response.CommandId}",
            (uint)response.CommandId, response.SequenceNumber);
    }
}
