using System.Net.Sockets;
using System.Security.Authentication;
using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// The bind supervisors: one task per bind slot, each owning at most one connection at a time. A slot opens its next
/// socket only after the previous one is disposed, so the client never holds more than
/// <see cref="SmppClientOptions.Binds"/> connections, even through repeated drops (smpp.md P6: "ghost sockets").
/// </summary>
public sealed partial class SmppClient
{
    private async Task SuperviseAsync(BindSlot slot, Random random)
    {
        var backoff = new ReconnectBackoff(Options.Reconnect, random);
        CancellationToken stop = _stopCts.Token;
        while (!stop.IsCancellationRequested)
        {
            Retry? retry;
            try
            {
                retry = await RunOnceAsync(slot, backoff, stop).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A fault of our own must not end the bind for good (nor fault StopAsync): log it and, unless the
                // client is stopping, go round again after a backoff.
                if (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    Log.SupervisorFailed(_logger, ex, Options.Name, slot.Index);
                }

                retry = stop.IsCancellationRequested ? null : new Retry(backoff.Next(), "unexpected error: " + ex.Message);
            }

            if (retry is not { } next || stop.IsCancellationRequested)
            {
                break;
            }

            slot.SetState(SmppBindState.BackingOff, next.Reason);
            SignalBindChanged();
            SmppMetrics.Reconnects.Add(1, SlotTag(slot.Index));
            Task delay = Task.Delay(next.Delay, _time, stop);
            // The timer exists before anyone is told about it: an observer (or a test) that reacts by moving a fake
            // clock cannot get ahead of it.
            Log.ReconnectScheduled(_logger, Options.Name, slot.Index, next.Delay, next.Reason);
            Notify(static (o, a) => o.OnReconnectScheduled(a.Index, a.Delay, a.Reason), (slot.Index, next.Delay, next.Reason));
            try
            {
                await delay.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        if (slot.State != SmppBindState.ConfigurationError)
        {
            slot.SetState(SmppBindState.Stopped);
        }

        SignalBindChanged();
    }

    /// <summary>One connection's life. Returns when to try again, or null to stop (client stopping or bad settings).</summary>
    private async Task<Retry?> RunOnceAsync(BindSlot slot, ReconnectBackoff backoff, CancellationToken stop)
    {
        slot.SetState(SmppBindState.Connecting);
        Log.Connecting(_logger, Options.Name, slot.Index, Options.Host, Options.Port);
        ISmppTransport transport;
        try
        {
            transport = await TcpTransport.ConnectAsync(Options.Host, Options.Port, Options.Tls, Options.ConnectTimeout, stop)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or AuthenticationException or IOException)
        {
            slot.SetState(SmppBindState.Connecting, "connect failed: " + ex.Message);
            Log.ConnectFailed(_logger, Options.Name, slot.Index, ex.Message);
            return new Retry(backoff.Next(), "connect failed: " + ex.Message);
        }

        var session = new SmppSession(transport, SessionRole.Esme, Options.Session with { Name = SessionName(slot.Index) },
            _handler, _time, _logger);
        try
        {
            session.Start();
            slot.SetState(SmppBindState.Binding);
            BindResponse response;
            try
            {
                response = await session.BindAsync(CreateBind(), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException or SmppProtocolException)
            {
                slot.SetState(SmppBindState.Binding, "bind failed: " + ex.Message);
                return new Retry(backoff.Next(), "bind failed: " + ex.Message);
            }

            if (response.CommandStatus != CommandStatus.Ok)
            {
                return OnBindRefused(slot, backoff, response.CommandStatus);
            }

            return await RunBoundAsync(slot, session, backoff, stop).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened, this connection is gone before the slot may open another one, and the slot takes
            // no more requests for it (a no-op when the bound path already detached).
            await slot.DetachAsync("connection closed").ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Retry? OnBindRefused(BindSlot slot, ReconnectBackoff backoff, CommandStatus status)
    {
        string reason = $"bind refused with {status.ToSpecName()} (0x{(uint)status:X2})";
        if (status.IsBindConfigurationError())
        {
            // 0x0D/0x0E/0x0F: the settings are wrong; retrying only locks the account or floods the carrier's alarms
            // (smpp.md §16 "stop on credential errors and alert").
            slot.SetState(SmppBindState.ConfigurationError, reason);
            lock (_lock)
            {
                _configurationError = status;
            }

            SignalBindChanged();
            Log.ConfigurationError(_logger, Options.Name, slot.Index, status, Options.SystemId);
            Notify(static (o, a) => o.OnConfigurationError(a.Index, a.Status), (slot.Index, Status: status));
            return null;
        }

        slot.SetState(SmppBindState.Binding, reason);
        TimeSpan delay = backoff.Next();
        if (status == CommandStatus.AlreadyBound && delay < Options.AlreadyBoundBackoff)
        {
            // 0x05: the SMSC still holds our previous session until its own timers drop it (smpp.md P6).
            delay = Options.AlreadyBoundBackoff;
        }

        return new Retry(delay, reason);
    }

    private async Task<Retry?> RunBoundAsync(BindSlot slot, SmppSession session, ReconnectBackoff backoff, CancellationToken stop)
    {
        long boundAt = _time.GetTimestamp();
        slot.Attach(session);
        SignalBindChanged();
        string peer = session.PeerSystemId ?? string.Empty;
        Log.Bound(_logger, Options.Name, slot.Index, Options.BindType, peer);
        Notify(static (o, a) => o.OnBound(a.Index, a.Peer), (slot.Index, Peer: peer));

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), stopped))
        {
            await Task.WhenAny(session.Completion, stopped.Task).ConfigureAwait(false);
        }

        string reason;
        if (stop.IsCancellationRequested && !session.Completion.IsCompleted)
        {
            // Graceful stop: nothing new goes out, in-flight requests drain, then unbind (bounded by the session).
            slot.SetState(SmppBindState.Unbinding);
            await slot.DetachAsync("client stopping").ConfigureAwait(false);
            SignalBindChanged();
            try
            {
                await session.CloseAsync(_abortCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abortCts.IsCancellationRequested)
            {
                // StopAsync's token fired: the finally of RunOnceAsync closes the socket at once.
            }

            reason = "client stopped";
        }
        else
        {
            reason = session.CloseReason ?? "session closed";
            await slot.DetachAsync(reason).ConfigureAwait(false);
            slot.SetState(SmppBindState.BackingOff, reason);
            SignalBindChanged();
        }

        Log.Unbound(_logger, Options.Name, slot.Index, reason);
        Notify(static (o, a) => o.OnUnbound(a.Index, a.Reason), (slot.Index, Reason: reason));
        if (stop.IsCancellationRequested)
        {
            return null;
        }

        // Forget earlier failures only after a session that lasted: an SMSC that accepts the bind and drops it at
        // once must still see growing delays, not a reconnect loop at the initial delay.
        if (_time.GetElapsedTime(boundAt) >= Options.Reconnect.Max)
        {
            backoff.Reset();
        }

        return new Retry(backoff.Next(), reason);
    }

    private BindRequest CreateBind()
    {
        BindRequest bind = Options.BindType switch
        {
            BindType.Transmitter => new BindTransmitter(),
            BindType.Receiver => new BindReceiver(),
            _ => new BindTransceiver(),
        };
        bind.SystemId = Options.SystemId;
        bind.Password = Options.Password;
        bind.SystemType = Options.SystemType;
        bind.InterfaceVersion = Options.InterfaceVersion;
        bind.AddrTon = Options.AddrTon;
        bind.AddrNpi = Options.AddrNpi;
        bind.AddressRange = Options.AddressRange;
        return bind;
    }

    private readonly record struct Retry(TimeSpan Delay, string Reason);
}
