namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// Hands out concatenation references (UDH IE 0x00/0x08, <c>sar_msg_ref_num</c>) so that consecutive long messages to
/// the same handset never share one: a handset that sees two messages with the same reference, originator and total
/// can glue parts of one into the other (smpp.md §10, P9). Thread-safe, lock-free and of fixed size.
/// </summary>
/// <remarks>
/// Memory is bounded by hashing the destination into a fixed array of counters instead of keeping one entry per
/// destination. Two destinations that share a bucket share a counter; each still gets strictly consecutive values,
/// so its references repeat only after the bucket has handed out 256 (8-bit) or 65,536 (16-bit) references, just
/// sooner than with a private counter. Counters start at random values so a restart does not begin every handset
/// at the same reference. The destination is hashed as given: normalise it (e.g. strip a leading '+') first if the
/// same handset can be written in several ways.
/// </remarks>
public sealed class ConcatReferenceAllocator
{
    /// <summary>The number of counters used by the parameterless constructor (16 KiB of memory).</summary>
    public const int DefaultBucketCount = 4096;

    /// <summary>The largest allowed bucket count.</summary>
    public const int MaxBucketCount = 1 << 20;

    private readonly int[] _counters;
    private readonly int _mask;

    /// <summary>Creates an allocator with <see cref="DefaultBucketCount"/> randomly seeded counters.</summary>
    public ConcatReferenceAllocator()
        : this(DefaultBucketCount, null)
    {
    }

    /// <summary>Creates an allocator.</summary>
    /// <param name="bucketCount">Number of counters: a power of two from 1 to <see cref="MaxBucketCount"/>.</param>
    /// <param name="seed">Seed for the counters' start values, for reproducible tests; null for a random start.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bucketCount"/> is not a power of two in range.</exception>
    public ConcatReferenceAllocator(int bucketCount, int? seed = null)
    {
        if (bucketCount < 1 || bucketCount > MaxBucketCount || (bucketCount & (bucketCount - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucketCount), bucketCount,
                $"The bucket count must be a power of two between 1 and {MaxBucketCount}.");
        }

        _counters = new int[bucketCount];
        _mask = bucketCount - 1;

        // Start values only need to differ across restarts, not to be unpredictable, so System.Random is enough.
        Random random = seed is int value ? new Random(value) : Random.Shared;
        for (int i = 0; i < _counters.Length; i++)
        {
            _counters[i] = random.Next();
        }
    }

    /// <summary>The next 8-bit reference for <paramref name="destination"/> (UDH IE 0x00).</summary>
    /// <param name="destination">The destination address.</param>
    public byte NextReference8(string destination) => (byte)Next(destination);

    /// <summary>The next 16-bit reference for <paramref name="destination"/> (UDH IE 0x08 or <c>sar_msg_ref_num</c>).</summary>
    /// <param name="destination">The destination address.</param>
    public ushort NextReference16(string destination) => (ushort)Next(destination);

    /// <summary>The next reference of the width <paramref name="mode"/> needs: 8-bit for <see cref="LongMessageMode.UdhConcat8"/>, else 16-bit.</summary>
    /// <param name="destination">The destination address.</param>
    /// <param name="mode">The long-message mode the reference is for.</param>
    public ushort NextReference(string destination, LongMessageMode mode) =>
        mode == LongMessageMode.UdhConcat8 ? NextReference8(destination) : NextReference16(destination);

    /// <summary>The counter index for <paramref name="destination"/>; stable across processes (FNV-1a).</summary>
    internal int BucketOf(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        uint hash = 2166136261;
        foreach (char c in destination)
        {
            hash = (hash ^ c) * 16777619;
        }

        // Fold the high bits in so small bucket counts still see every character.
        hash ^= hash >> 16;
        return (int)(hash & (uint)_mask);
    }

    // Interlocked.Increment wraps from int.MaxValue to int.MinValue; 2^32 is a multiple of 2^16 and 2^8, so the
    // truncated 8- and 16-bit values stay consecutive across that wrap.
    private int Next(string destination) => Interlocked.Increment(ref _counters[BucketOf(destination)]);
}
