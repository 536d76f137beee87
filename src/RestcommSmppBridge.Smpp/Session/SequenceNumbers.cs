namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// sequence_number allocation: 1…0x7FFFFFFF, then back to 1 (SMPP 3.4 §3.2). Lock-free; one instance per session.
/// </summary>
public sealed class SequenceNumbers
{
    /// <summary>Largest sequence number.</summary>
    public const uint Max = 0x7FFFFFFF;

    private long _last;

    /// <summary>Starts so that the first number handed out is <paramref name="first"/>.</summary>
    public SequenceNumbers(uint first = 1)
    {
        if (first is 0 or > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(first), "sequence numbers run from 1 to 0x7FFFFFFF.");
        }

        _last = first - 1;
    }

    /// <summary>The next number; after 0x7FFFFFFF comes 1.</summary>
    public uint Next()
    {
        long value = Interlocked.Increment(ref _last);
        return (uint)(((value - 1) % Max) + 1);
    }
}
