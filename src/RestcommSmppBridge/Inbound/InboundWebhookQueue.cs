using System.Threading.Channels;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// What the pipeline and the dispatcher share in memory about the durable webhook queue: how many webhooks are
/// pending (for back-pressure, architecture.md rule 3) and a doorbell that wakes the dispatcher when a message was
/// stored, so a webhook does not wait for the next poll. The rows themselves are the truth; this only mirrors them.
/// </summary>
public sealed class InboundWebhookQueue
{
    // A doorbell of capacity 1: rings coalesce, and a ring while the dispatcher is busy is seen on its next wait.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private int _pending;

    /// <summary>Webhooks stored and not yet finished, as counted since start.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Sets the count read from the store at start.</summary>
    internal void Reset(int pending) => Volatile.Write(ref _pending, pending);

    /// <summary>A webhook was stored: count it and wake the dispatcher.</summary>
    internal void Added()
    {
        Interlocked.Increment(ref _pending);
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>
    /// <paramref name="count"/> failed webhooks were put back into the durable queue (admin endpoint): count them and
    /// wake the dispatcher, so they go out now rather than at the next poll.
    /// </summary>
    internal void Requeued(int count)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref _pending, count);
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>A webhook ended (completed or failed for good).</summary>
    internal void Finished()
    {
        if (Interlocked.Decrement(ref _pending) < 0)
        {
            Interlocked.Exchange(ref _pending, 0);
        }
    }

    /// <summary>Waits for a ring or <paramref name="timeout"/>, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_doorbell.Reader.TryRead(out _))
        {
            return;
        }

        try
        {
            await _doorbell.Reader.WaitToReadAsync(cancellationToken).AsTask()
                .WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            _doorbell.Reader.TryRead(out _);
        }
        catch (TimeoutException)
        {
            // The poll interval passed: look for due retries.
        }
    }
}
