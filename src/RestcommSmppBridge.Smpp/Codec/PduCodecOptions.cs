namespace RestcommSmppBridge.Smpp.Codec;

/// <summary>Limits the decoder enforces on what a peer sends. Immutable; share one instance per carrier.</summary>
public sealed record PduCodecOptions
{
    /// <summary>
    /// Default cap on command_length: 65 KiB, room for a full 64 KiB message_payload TLV plus the mandatory body. A
    /// length above it (a TLS hello sent to a plain port decodes as ~2^31) is refused before any body is awaited.
    /// </summary>
    public const int DefaultMaxCommandLength = 65 * 1024;

    /// <summary>The shared default options.</summary>
    public static PduCodecOptions Default { get; } = new();

    /// <summary>Largest command_length accepted, 16 or more. Default <see cref="DefaultMaxCommandLength"/>.</summary>
    public int MaxCommandLength { get; init; } = DefaultMaxCommandLength;

    /// <summary>
    /// When true (the default, as the spec requires) a known TLV whose length breaks its spec size is a protocol error
    /// (0xC2 ESME_RINVPARLEN). When false it is kept raw like an unknown tag, for SMSCs that pad values.
    /// </summary>
    public bool StrictTlvLengths { get; init; } = true;
}
