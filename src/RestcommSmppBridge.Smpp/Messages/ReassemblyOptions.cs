namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>Limits for <see cref="Reassembler"/>.</summary>
public sealed record ReassemblyOptions
{
    /// <summary>
    /// How long a message may wait for its missing parts, counted from its first part. Default 5 minutes (Jasmin
    /// uses 300 s, Kannel 1800 s).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Incomplete messages held at once; the oldest is evicted beyond this. Default 10,000.</summary>
    public int MaxPendingMessages { get; init; } = 10_000;

    /// <summary>
    /// Payload octets held across all incomplete messages; the oldest message is evicted beyond this. A single part
    /// larger than this is rejected. Default 32 MiB.
    /// </summary>
    public long MaxBytes { get; init; } = 32L * 1024 * 1024;
}
