using System.Collections.Concurrent;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>Counts of the answers of a run: accepted, and every other outcome by what went wrong.</summary>
internal sealed class Outcomes
{
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int _accepted;

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Counts one answer: null is an accepted request, anything else an error of that kind.</summary>
    public void Record(string? error)
    {
        if (error is null)
        {
            Interlocked.Increment(ref _accepted);
            return;
        }

        _errors.AddOrUpdate(error, 1, static (_, count) => count + 1);
    }

    /// <summary>Every outcome but accepted ("status 503", an exception, a command_status), with its count.</summary>
    public IReadOnlyDictionary<string, int> Errors() => new SortedDictionary<string, int>(_errors, StringComparer.Ordinal);
}
