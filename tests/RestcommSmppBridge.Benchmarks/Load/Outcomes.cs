using System.Collections.Concurrent;
using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>Counts of the answers of a run by HTTP status, and of the requests that got no answer, by exception.</summary>
internal sealed class Outcomes
{
    private readonly int[] _byStatus = new int[600];
    private readonly ConcurrentDictionary<string, int> _exceptions = new(StringComparer.Ordinal);

    public int Accepted => Volatile.Read(ref _byStatus[200]);

    public void Record(int status)
    {
        if (status is >= 0 and < 600)
        {
            Interlocked.Increment(ref _byStatus[status]);
        }
    }

    public void Record(Exception exception)
    {
        string key = exception.GetType().Name + ": " + exception.Message;
        _exceptions.AddOrUpdate(key, 1, static (_, count) => count + 1);
    }

    /// <summary>Every outcome but 200: "status 503" or the exception, with its count.</summary>
    public IReadOnlyDictionary<string, int> Errors()
    {
        SortedDictionary<string, int> errors = new(StringComparer.Ordinal);
        for (int status = 0; status < _byStatus.Length; status++)
        {
            int count = Volatile.Read(ref _byStatus[status]);
            if (status != 200 && count > 0)
            {
                errors[string.Create(CultureInfo.InvariantCulture, $"status {status}")] = count;
            }
        }

        foreach (KeyValuePair<string, int> pair in _exceptions)
        {
            errors[pair.Key] = pair.Value;
        }

        return errors;
    }

    public int ErrorCount()
    {
        int total = 0;
        foreach (int count in Errors().Values)
        {
            total += count;
        }

        return total;
    }
}
