using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// Dispatch loops: hand the peer's requests to the application and send back what it answers. Several run in
/// parallel (<see cref="SmppSessionOptions.InboundConcurrency"/>) so one slow request does not hold the others.
/// </summary>
public sealed partial class SmppSession
{
    private async Task DispatchLoopAsync()
    {
        try
        {
            while (await _inbound.Reader.WaitToReadAsync(_closeCts.Token).ConfigureAwait(false))
            {
                while (_inbound.Reader.TryRead(out SmppRequest? request))
                {
                    SmppResponse? response = request is BindRequest bind
                        ? await AuthenticateAsync(bind).ConfigureAwait(false)
                        : await HandleAsync(request).ConfigureAwait(false);
                    if (response is null)
                    {
                        continue;
                    }

                    // Bound before the bind_resp leaves: the ESME may submit the moment it reads it.
                    if (request is BindRequest accepted && response.CommandStatus == CommandStatus.Ok)
                    {
                        PeerSystemId = accepted.SystemId;
                        SetBound(SessionRules.BindTypeOf(request.CommandId)!.Value, accepted.SystemId);
                    }

                    response.SequenceNumber = request.SequenceNumber;
                    await EnqueueOrIgnoreAsync(new Outgoing(response, null, closeAfter: false)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_closeCts.IsCancellationRequested)
        {
            // Closing: requests still queued are not answered; the SMSC redelivers them after the rebind.
        }
    }

    private async ValueTask<SmppResponse?> HandleAsync(SmppRequest request)
    {
        if (_handler is null)
        {
            SmppLog.HandlerFailed(_logger, new InvalidOperationException("no request handler"), Name, request.CommandId,
                request.SequenceNumber, Options.HandlerErrorStatus);
            return request.CreateResponse(Options.HandlerErrorStatus);
        }

        try
        {
            return await _handler.HandleAsync(this, request, _closeCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closeCts.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            // An application fault costs one answer, never the session (style.md R7).
            SmppLog.HandlerFailed(_logger, ex, Name, request.CommandId, request.SequenceNumber, Options.HandlerErrorStatus);
            return request.CreateResponse(Options.HandlerErrorStatus);
        }
    }

    private async ValueTask<SmppResponse?> AuthenticateAsync(BindRequest bind)
    {
        CommandStatus status;
        try
        {
            status = _handler is null
                ? CommandStatus.BindFailed
                : await _handler.AuthenticateAsync(this, bind, _closeCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closeCts.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            SmppLog.HandlerFailed(_logger, ex, Name, bind.CommandId, bind.SequenceNumber, CommandStatus.BindFailed);
            status = CommandStatus.BindFailed;
        }

        if (status != CommandStatus.Ok)
        {
            SmppLog.BindRefused(_logger, Name, status, bind.SystemId);
        }

        var response = (BindResponse)bind.CreateResponse(status)!;
        response.SystemId = Options.LocalSystemId;
        return response;
    }
}
