using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// Counts how many times the simulator accepted each drill message, by reading its bounded accepted log often
/// enough that nothing is evicted unread (an overrun is reported, never hidden).
/// </summary>
internal sealed class AcceptedTracker : IAsyncDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);

    private readonly SmscSimulator _simulator;
    private readonly DrillBodies _bodies;
    private readonly int[] _copies;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _lock = new();
    private long _lastSequence;

    public AcceptedTracker(SmscSimulator simulator, DrillBodies bodies)
    {
        _simulator = simulator;
        _bodies = bodies;
        _copies = new int[bodies.Count];
        _loop = RunAsync();
    }

    /// <summary>Accepted submits whose text is not a drill body (e.g. parts of something else).</summary>
    public long Foreign { get; private set; }

    /// <summary>Accepted entries evicted from the simulator's log before they were read (should be 0).</summary>
    public long Overrun { get; private set; }

    /// <summary>Reads what is new now and returns a copy of the per-message counts.</summary>
    public int[] Snapshot()
    {
        Read();
        lock (_lock)
        {
            return (int[])_copies.Clone();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using PeriodicTimer timer = new(s_interval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            Read();
        }
    }

    private void Read()
    {
        lock (_lock)
        {
            if (_simulator.Accepted.TotalAccepted == _lastSequence)
            {
                return;
            }

            IReadOnlyList<AcceptedMessage> kept = _simulator.Accepted.Snapshot();
            for (int i = 0; i < kept.Count; i++)
            {
                AcceptedMessage message = kept[i];
                if (message.Sequence <= _lastSequence)
                {
                    continue;
                }

                if (message.Sequence > _lastSequence + 1)
                {
                    Overrun += message.Sequence - _lastSequence - 1;
                }

                _lastSequence = message.Sequence;
                int index = _bodies.IndexOf(message.Text);
                if (index >= 0)
                {
                    _copies[index]++;
                }
                else
                {
                    Foreign++;
                }
            }
        }
    }
}
