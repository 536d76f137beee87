using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Pdus;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// Timers, all driven by the injected <see cref="TimeProvider"/> (style.md R8): enquire_link while the link is
/// quiet, N missed answers mark it dead; the inactivity timeout; the SMSC-side bind timeout.
/// </summary>
public sealed partial class SmppSession
{
    private async Task TimerLoopAsync()
    {
        TimeSpan tick = TimerTick();
        if (tick == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(tick, _time);
        long started = _time.GetTimestamp();
        long lastEnquire = started;
        int missed = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_closeCts.Token).ConfigureAwait(false))
            {
                SessionState state = State;
                if (Role == SessionRole.Smsc && state == SessionState.Open && Options.BindTimeout > TimeSpan.Zero
                    && _time.GetElapsedTime(started) >= Options.BindTimeout)
                {
                    RequestTerminate($"no bind within {Options.BindTimeout.TotalSeconds:0.#} s");
                    return;
                }

                if (Options.InactivityTimeout > TimeSpan.Zero && SinceLastReceived >= Options.InactivityTimeout)
                {
                    RequestTerminate($"peer silent for {Options.InactivityTimeout.TotalSeconds:0.#} s");
                    return;
                }

                if (Options.EnquireLinkInterval > TimeSpan.Zero && SessionRules.IsBound(state)
                    && SinceLastReceived >= Options.EnquireLinkInterval
                    && _time.GetElapsedTime(lastEnquire) >= Options.EnquireLinkInterval)
                {
                    lastEnquire = _time.GetTimestamp();
                    if (await EnquireLinkAsync().ConfigureAwait(false))
                    {
                        missed = 0;
                    }
                    else if (++missed >= Options.MaxMissedEnquireLinks)
                    {
                        RequestTerminate($"link dead: {missed} enquire_link unanswered");
                        return;
                    }
                    else
                    {
                        SmppLog.EnquireLinkMissed(_logger, Name, missed, Options.MaxMissedEnquireLinks);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_closeCts.IsCancellationRequested)
        {
            // Closing.
        }
    }

    /// <summary>
    /// Sends one enquire_link outside the window (a full window of stuck requests must not hide a dead link). Any
    /// PDU from the peer in the meantime also proves the link alive.
    /// </summary>
    private async Task<bool> EnquireLinkAsync()
    {
        long before = _time.GetTimestamp();
        try
        {
            // The close token ends the wait: termination waits for this loop before it fails the window.
            await SendThroughWindowAsync(new EnquireLink(), useWindow: false, Options.ResponseTimeout, _closeCts.Token)
                .ConfigureAwait(false);
            return true;
        }
        catch (SmppOutcomeUnknownException)
        {
            return Interlocked.Read(ref _lastReceived) > before;
        }
        catch (SmppNotSentException)
        {
            return false;
        }
    }

    /// <summary>The timer granularity: a quarter of the shortest enabled interval, at least 10 ms.</summary>
    private TimeSpan TimerTick()
    {
        TimeSpan shortest = TimeSpan.MaxValue;
        foreach (TimeSpan interval in new[]
        {
            Options.EnquireLinkInterval,
            Options.InactivityTimeout,
            Role == SessionRole.Smsc ? Options.BindTimeout : TimeSpan.Zero,
        })
        {
            if (interval > TimeSpan.Zero && interval < shortest)
            {
                shortest = interval;
            }
        }

        return shortest == TimeSpan.MaxValue
            ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Max(shortest.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
    }
}
