namespace RestcommSmppBridge.Outbound;

/// <summary>
/// Wakes the outbox dispatcher after a message was committed to the outbox, so it is sent at once instead of at the
/// next poll. Poking is cheap and never blocks; many pokes before the dispatcher wakes count as one.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>Tells the dispatcher there is new work.</summary>
    void Poke();
}

/// <summary>The signal: a bounded channel of one token (extra pokes are dropped: one wake-up reads everything).</summary>
internal sealed class OutboxSignal : IOutboxSignal
{
    private readonly System.Threading.Channels.Channel<bool> _channel =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });

    public void Poke() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a poke or <paramref name="timeout"/>, whichever comes first; clears the poke.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        // The timer runs on the injected clock (style.md R8), so tests drive the poll interval with FakeTimeProvider.
        using CancellationTokenSource timer = new(timeout, timeProvider);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _channel.Reader.WaitToReadAsync(linked.Token);
            _channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed without a poke.
        }
    }
}
