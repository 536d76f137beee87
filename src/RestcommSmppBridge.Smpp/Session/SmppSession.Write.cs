using System.IO.Pipelines;
using System.Threading.Channels;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Diagnostics;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// The writer loop: the only code that writes to the connection. It drains the bounded outbound queue, encodes
/// straight into the pipe, and flushes when the queue is empty, so a burst of small PDUs costs few socket writes.
/// </summary>
public sealed partial class SmppSession
{
    private async Task WriteLoopAsync()
    {
        string? reason = null;
        try
        {
            ChannelReader<Outgoing> reader = _outbound.Reader;
            while (await reader.WaitToReadAsync(_closeCts.Token).ConfigureAwait(false))
            {
                bool closeAfter = false;
                while (!closeAfter && reader.TryRead(out Outgoing item))
                {
                    if (item.Pending is { } pending && pending.Abandoned)
                    {
                        continue;
                    }

                    try
                    {
                        PduCodec.Encode(item.Pdu, _output);
                    }
                    catch (ArgumentException ex)
                    {
                        // The PDU breaks a spec limit: it never leaves, and its caller learns why.
                        SmppLog.EncodeFailed(_logger, Name, item.Pdu.CommandId, item.Pdu.SequenceNumber, ex.Message);
                        item.Pending?.TryFail(ex);
                        continue;
                    }

                    item.Pending?.MarkWritten(_time.GetTimestamp());
                    SmppMetrics.PdusSent.Add(1, Tag);
                    SmppLog.PduTrace(_logger, Name, "->", item.Pdu);
                    closeAfter = item.CloseAfter;
                }

                FlushResult flush = await _output.FlushAsync(_closeCts.Token).ConfigureAwait(false);
                if (closeAfter)
                {
                    reason = Volatile.Read(ref _readStopReason) ?? "unbound";
                    return;
                }

                if (flush.IsCompleted || flush.IsCanceled)
                {
                    reason = "connection closed";
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_closeCts.IsCancellationRequested)
        {
            // Closing.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException
            or System.Net.Sockets.SocketException)
        {
            reason = "write failed: " + ex.Message;
            SmppLog.ConnectionFailed(_logger, Name, ex.Message);
        }
        finally
        {
            if (reason is not null && !_closeCts.IsCancellationRequested)
            {
                RequestTerminate(reason);
            }
        }
    }
}
