using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Simulator;

/// <summary>
/// Receipts: ENROUTE first when asked, then the final state after the delay. A receipt goes back over the submitting
/// session when it can receive (TRX), else over any RX/TRX bind of the same system_id. When none is bound, or the ESME
/// answers with a temporary error, the final receipt waits and is retried, as a real SMSC keeps it (smpp.md P3).
/// </summary>
public sealed partial class SmscSimulator
{
    // Receipts retried at one tick at most; the rest wait for the next tick.
    private const int MaxRetriesPerTick = 10_000;

    private async Task RunReceiptJobAsync(ReceiptJob job, TimeSpan delay)
    {
        if (Options.Receipts.IntermediateEnroute)
        {
            DeliverSm enroute = ReceiptBuilder.Build(job.Message, MessageState.Enroute, _time.GetUtcNow(), Options.Receipts.Format);
            if (await TrySendReceiptAsync(job, enroute).ConfigureAwait(false) is not null)
            {
                Counters.IntermediateSent();
            }
        }

        if (!job.SendFinal)
        {
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, _stopCts.Token).ConfigureAwait(false);
        }

        await SendFinalReceiptAsync(job).ConfigureAwait(false);
    }

    private async Task SendFinalReceiptAsync(ReceiptJob job)
    {
        DeliverSm receipt = ReceiptBuilder.Build(job.Message, job.Outcome, _time.GetUtcNow(), Options.Receipts.Format);
        CommandStatus? status = await TrySendReceiptAsync(job, receipt).ConfigureAwait(false);
        if (status is { } answered)
        {
            Counters.ReceiptAck(answered);
            if (answered is CommandStatus.Ok)
            {
                return;
            }

            if (answered is not (CommandStatus.ReceiverTemporaryAppError or CommandStatus.MessageQueueFull
                or CommandStatus.Throttled or CommandStatus.SystemError))
            {
                // A permanent refusal (0x65, 0x66…): the ESME does not want it; a real SMSC gives up too.
                Counters.ReceiptDropped();
                Log.ReceiptDropped(_logger, job.Message.ReceiptMessageId, answered);
                return;
            }
        }

        Requeue(job);
    }

    /// <summary>Sends one receipt PDU; null when it could not be delivered (no receiver, not sent, no answer).</summary>
    private async Task<CommandStatus?> TrySendReceiptAsync(ReceiptJob job, DeliverSm receipt)
    {
        SmppSession? session = job.Origin.State == SessionState.BoundTransceiver
            ? job.Origin
            : _server.SelectReceiver(job.Message.SystemId);
        if (session is null)
        {
            return null;
        }

        try
        {
            SmppResponse response = await session.SendRequestAsync(receipt, _stopCts.Token).ConfigureAwait(false);
            return response.CommandStatus;
        }
        catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException)
        {
            return null;
        }
    }

    private void Requeue(ReceiptJob job)
    {
        if (_stopCts.IsCancellationRequested)
        {
            return;
        }

        _pendingReceipts.Enqueue(job);
        Counters.ReceiptPending(1);
        while (Counters.ReceiptsPending > Options.Receipts.MaxPending && _pendingReceipts.TryDequeue(out ReceiptJob? oldest))
        {
            Counters.ReceiptPending(-1);
            Counters.ReceiptDropped();
            Log.ReceiptDropped(_logger, oldest.Message.ReceiptMessageId, CommandStatus.MessageQueueFull);
        }
    }

    private async Task RetryReceiptsLoopAsync()
    {
        using var timer = new PeriodicTimer(Options.Receipts.RetryInterval, _time);
        while (await timer.WaitForNextTickAsync(_stopCts.Token).ConfigureAwait(false))
        {
            // Only what was waiting at the tick (at most MaxRetriesPerTick): a receipt that fails again waits for the
            // next one. Each retry runs on its own, as an SMSC retries each receipt on its own schedule: awaited one
            // after another, a single deliver_sm left unanswered held every other receipt back for the whole response
            // timeout (30 s), longer than a drill waits to drain.
            long waiting = Math.Min(Counters.ReceiptsPending, MaxRetriesPerTick);
            for (long i = 0; i < waiting && _pendingReceipts.TryDequeue(out ReceiptJob? job); i++)
            {
                Counters.ReceiptPending(-1);
                Track(() => SendFinalReceiptAsync(job));
            }
        }
    }
}
