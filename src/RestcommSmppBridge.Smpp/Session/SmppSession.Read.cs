using System.Buffers;
using System.IO.Pipelines;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>The read loop: frames PDUs, completes the window, answers what the session answers itself.</summary>
public sealed partial class SmppSession
{
    private async Task ReadLoopAsync()
    {
        string? reason = "connection closed by the peer";
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(_closeCts.Token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }

                ReadOnlySequence<byte> buffer = result.Buffer;
                bool keepReading = true;
                try
                {
                    while (keepReading)
                    {
                        DecodeStatus status = PduCodec.TryDecode(ref buffer, Options.Codec, out Pdu? pdu,
                            out SmppProtocolException? error);
                        if (status == DecodeStatus.NeedMoreData)
                        {
                            break;
                        }

                        Touch();
                        keepReading = status == DecodeStatus.Pdu ? await OnPduAsync(pdu!).ConfigureAwait(false) : await OnProtocolErrorAsync(error!).ConfigureAwait(false);
                    }
                }
                finally
                {
                    // Always tell the pipe what was used and what was looked at (style.md R3).
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (!keepReading)
                {
                    // After an unbind the writer loop ends the session once unbind_resp is flushed; terminating
                    // here would race it and could cancel that flush (the peer then waits out its unbind timeout).
                    reason = Volatile.Read(ref _peerUnbound) != 0 ? null : Volatile.Read(ref _readStopReason) ?? "protocol error";
                    return;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        reason = "connection closed by the peer in the middle of a PDU";
                    }

                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_closeCts.IsCancellationRequested)
        {
            reason = "closing";
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException
            or System.Net.Sockets.SocketException)
        {
            reason = "connection lost: " + ex.Message;
            SmppLog.ConnectionFailed(_logger, Name, ex.Message);
        }
        finally
        {
            if (reason is null)
            {
                TerminateIfUnbindRespStuck(_closeCts.Token);
            }
            else if (!_closeCts.IsCancellationRequested)
            {
                RequestTerminate(reason);
            }
        }
    }

    /// <summary>
    /// Backstop after an unbind: if the writer cannot flush unbind_resp (the peer stopped reading), the session still
    /// ends after <see cref="SmppSessionOptions.UnbindTimeout"/>.
    /// </summary>
    private void TerminateIfUnbindRespStuck(CancellationToken closing)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(Options.UnbindTimeout, _time, closing).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await TerminateAsync("unbound; unbind_resp could not be flushed").ConfigureAwait(false);
            }, CancellationToken.None);
        }
    }

    /// <summary>Handles one decoded PDU; false when the session must stop reading.</summary>
    private async ValueTask<bool> OnPduAsync(Pdu pdu)
    {
        SmppMetrics.PdusReceived.Add(1, Tag);
        SmppLog.PduTrace(_logger, Name, "<-", pdu);
        if (pdu is SmppResponse response)
        {
            OnResponse(response);
            return true;
        }

        var request = (SmppRequest)pdu;
        switch (request.CommandId)
        {
            case CommandId.EnquireLink:
                await AnswerAsync(request.CreateResponse()!).ConfigureAwait(false);
                return true;
            case CommandId.Unbind:
                SmppLog.UnbindReceived(_logger, Name);
                // The writer ends the session after the unbind_resp; this names why, for both loops.
                Volatile.Write(ref _readStopReason, "unbound by the peer");
                Volatile.Write(ref _peerUnbound, 1);
                lock (_stateLock)
                {
                    if (_state != SessionState.Closed)
                    {
                        _state = SessionState.Unbinding;
                    }
                }

                // Answer, let the writer flush it, then close (SMPP 3.4 §4.2).
                await EnqueueOrIgnoreAsync(new Outgoing(request.CreateResponse()!, null, closeAfter: true)).ConfigureAwait(false);
                return false;
        }

        if (request is BindRequest && Role == SessionRole.Smsc)
        {
            SessionState state = State;
            if (state != SessionState.Open)
            {
                await AnswerAsync(request.CreateResponse(SessionRules.IsBound(state)
                    ? CommandStatus.AlreadyBound
                    : CommandStatus.InvalidBindStatus)!).ConfigureAwait(false);
                return true;
            }

            return await DispatchAsync(request).ConfigureAwait(false);
        }

        if (!SessionRules.MayReceive(Role, State, request.CommandId))
        {
            SmppLog.WrongState(_logger, Name, request.CommandId, request.SequenceNumber, State);
            if (request.CreateResponse(CommandStatus.InvalidBindStatus) is { } refusal)
            {
                await AnswerAsync(refusal).ConfigureAwait(false);
            }

            return true;
        }

        return await DispatchAsync(request).ConfigureAwait(false);
    }

    private async ValueTask<bool> DispatchAsync(SmppRequest request)
    {
        // The read loop never waits for the application (style.md R7): a full queue is answered at once.
        if (!_inbound.Writer.TryWrite(request))
        {
            SmppLog.InboundQueueFull(_logger, Name, request.CommandId, request.SequenceNumber, Options.InboundQueueFullStatus);
            if (request.CreateResponse(Options.InboundQueueFullStatus) is { } busy)
            {
                await AnswerAsync(busy).ConfigureAwait(false);
            }
        }

        return true;
    }

    private void OnResponse(SmppResponse response)
    {
        SmppMetrics.Responses.Add(1, Tag, new KeyValuePair<string, object?>("command_status", response.CommandStatus.ToSpecName()));
        if (response.CommandStatus is CommandStatus.Throttled or CommandStatus.MessageQueueFull)
        {
            SmppMetrics.Throttled.Add(1, Tag);
        }

        if (response is GenericNack)
        {
            SmppLog.GenericNackReceived(_logger, Name, response.CommandStatus, response.SequenceNumber);
        }

        if (_pending.TryGetValue(response.SequenceNumber, out PendingRequest? pending)
            && (response is GenericNack || response.CommandId == pending.Request.CommandId.ToResponse()))
        {
            if (pending.Written)
            {
                SmppMetrics.ResponseTime.Record(_time.GetElapsedTime(pending.WrittenTimestamp).TotalMilliseconds, Tag);
            }

            // The state moves here, in the read loop, so a deliver_sm right behind the bind_resp finds the session
            // bound (not after the caller's continuation runs, which may be later).
            if (pending.Request is BindRequest && response is BindResponse bound && bound.CommandStatus == CommandStatus.Ok)
            {
                PeerSystemId = bound.SystemId;
                SetBound(SessionRules.BindTypeOf(pending.Request.CommandId)!.Value, bound.SystemId);
            }

            pending.TryComplete(response);
            return;
        }

        // After its timeout but within the late-response window: the caller still waits for it (smpp.md P7).
        if (_late.TryGetValue(response.SequenceNumber, out LateResponseWait? late) && late.Matches(response)
            && _late.TryRemove(new KeyValuePair<uint, LateResponseWait>(response.SequenceNumber, late)))
        {
            TimeSpan elapsed = _time.GetElapsedTime(late.WrittenTimestamp);
            SmppMetrics.ResponseTime.Record(elapsed.TotalMilliseconds, Tag);
            SmppMetrics.LateResponses.Add(1, Tag);
            SmppLog.LateResponse(_logger, Name, response.CommandId, response.SequenceNumber, response.CommandStatus,
                (long)elapsed.TotalMilliseconds);
            late.TryComplete(response);
            return;
        }

        // Later than the window, duplicated, or for a request we never sent: count, log and drop (smpp.md P5).
        SmppMetrics.UnmatchedResponses.Add(1, Tag);
        SmppLog.UnmatchedResponse(_logger, Name, response.CommandId, response.SequenceNumber, response.CommandStatus);
    }

    /// <summary>Answers a PDU that broke the rules; false when the stream cannot be trusted any more.</summary>
    private async ValueTask<bool> OnProtocolErrorAsync(SmppProtocolException error)
    {
        if (error.IsFatal)
        {
            SmppLog.FatalFraming(_logger, Name, error.Message);
            Volatile.Write(ref _readStopReason, "protocol error");
            await EnqueueOrIgnoreAsync(new Outgoing(
                new GenericNack { CommandStatus = CommandStatus.InvalidCommandLength }, null, closeAfter: true)).ConfigureAwait(false);
            return false;
        }

        SmppLog.MalformedPdu(_logger, Name, error.Status, error.Message);
        var commandId = (CommandId)error.CommandId;
        if (commandId.IsResponse())
        {
            // A response we cannot read: whether the peer accepted the request is unknown (never guess "failed").
            if (_pending.TryGetValue(error.SequenceNumber, out PendingRequest? pending))
            {
                SmppMetrics.UnknownOutcomes.Add(1, Tag);
                pending.TryFail(new SmppOutcomeUnknownException(UnknownOutcomeReason.MalformedResponse,
                    $"The response to {pending.Request.CommandId} sequence {error.SequenceNumber} was malformed: {error.Message}"));
            }
            else if (_late.TryGetValue(error.SequenceNumber, out LateResponseWait? late))
            {
                // A late answer we cannot read tells nothing either: end the wait so the caller decides now.
                EndLateWait(late);
            }

            return true;
        }

        // A malformed request gets its own response type with the error status, or generic_nack when the command is
        // unknown or has no response (SMPP 3.4 §4.3).
        SmppResponse answer = PduCodec.Create(error.CommandId) is SmppRequest known && known.CreateResponse(error.Status) is { } typed
            ? typed
            : new GenericNack { CommandStatus = error.Status };
        answer.SequenceNumber = error.SequenceNumber;
        await AnswerAsync(answer).ConfigureAwait(false);
        return true;
    }

    private ValueTask AnswerAsync(SmppResponse response) => EnqueueOrIgnoreAsync(new Outgoing(response, null, closeAfter: false));

    private async ValueTask EnqueueOrIgnoreAsync(Outgoing item)
    {
        try
        {
            await EnqueueAsync(item, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SmppNotSentException)
        {
            // The session is closing: the peer will not get this answer, and will resend after rebinding.
        }
    }
}
