using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// A request whose response timeout passed, kept by sequence number for the session's late-response window so a
/// response written by a slow peer still reaches the caller (smpp.md P7: answered on the wire, yet resent as a copy).
/// Ends exactly once: the late response, or null when the window passes or the session closes. Its timer is disposed
/// on every ending, so nothing outlives the window.
/// </summary>
internal sealed class LateResponseWait
{
    private readonly TaskCompletionSource<SmppResponse?> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;

    public LateResponseWait(uint sequenceNumber, CommandId expected, long writtenTimestamp)
    {
        SequenceNumber = sequenceNumber;
        Expected = expected;
        WrittenTimestamp = writtenTimestamp;
    }

    public uint SequenceNumber { get; }

    /// <summary>The response command id that may end the wait (or generic_nack, SMPP 3.4 §4.3).</summary>
    public CommandId Expected { get; }

    public long WrittenTimestamp { get; }

    public Task<SmppResponse?> Task => _tcs.Task;

    public bool Matches(SmppResponse response) => response is GenericNack || response.CommandId == Expected;

    /// <summary>Starts the window timer; <paramref name="onExpired"/> runs once, on a timer thread.</summary>
    public void StartTimer(TimeProvider time, TimeSpan window, Action<LateResponseWait> onExpired)
    {
        // The timer must not capture the caller's ExecutionContext (log scopes, Activity): style.md P15.
        bool suppress = !ExecutionContext.IsFlowSuppressed();
        AsyncFlowControl flow = suppress ? ExecutionContext.SuppressFlow() : default;
        try
        {
            ITimer timer = time.CreateTimer(static state =>
            {
                var (wait, expired) = ((LateResponseWait, Action<LateResponseWait>))state!;
                expired(wait);
            }, (this, onExpired), window, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref _timer, timer);

            // Ended before the timer existed (close or answer in between): nothing will dispose it otherwise.
            if (_tcs.Task.IsCompleted)
            {
                DisposeTimer();
            }
        }
        finally
        {
            if (suppress)
            {
                flow.Undo();
            }
        }
    }

    public bool TryComplete(SmppResponse? response)
    {
        bool completed = _tcs.TrySetResult(response);
        DisposeTimer();
        return completed;
    }

    private void DisposeTimer() => Interlocked.Exchange(ref _timer, null)?.Dispose();
}
