namespace RestcommSmppBridge.Tests;

/// <summary>
/// What a test started and must stop after it (hosts, simulators, stores), stopped in reverse order of start by the
/// fixture's TearDown, so a test that fails half-way still leaves no listener or open file behind.
/// </summary>
internal sealed class AsyncDisposables : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _started = [];

    public void Add(IAsyncDisposable disposable) => _started.Add(disposable);

    /// <summary>Adds <paramref name="item"/>, async or plain disposable, and returns it (for one-line set-ups).</summary>
    public T Track<T>(T item)
    {
        _started.Add(item switch
        {
            IAsyncDisposable asyncDisposable => asyncDisposable,
            IDisposable syncDisposable => new SyncDisposer(syncDisposable),
            _ => throw new ArgumentException("not disposable", nameof(item)),
        });
        return item;
    }

    /// <summary>Stops everything added so far, last first, and forgets it: the fixture is ready for its next test.</summary>
    public async ValueTask DisposeAsync()
    {
        for (int i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _started.Clear();
    }

    private sealed class SyncDisposer(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
