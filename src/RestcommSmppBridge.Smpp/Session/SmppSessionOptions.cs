using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>Settings of one SMPP session. Immutable; durations are <see cref="TimeSpan"/>s.</summary>
public sealed record SmppSessionOptions
{
    /// <summary>Shared defaults.</summary>
    public static SmppSessionOptions Default { get; } = new();

    /// <summary>A name for logs and metrics (carrier and bind index, for example). Default "smpp".</summary>
    public string Name { get; init; } = "smpp";

    /// <summary>system_id this side announces in its bind responses (SMSC side). Default "smsc".</summary>
    public string LocalSystemId { get; init; } = "smsc";

    /// <summary>Most requests outstanding at once (the window). Default 64.</summary>
    public int WindowSize { get; init; } = 64;

    /// <summary>How long a send waits for a free window slot before failing as not sent. Default 30 s.</summary>
    public TimeSpan WindowWaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for its response before its outcome is unknown. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after its response timeout a request's sequence number stays known, so a late response is handed to
    /// the caller (<see cref="SmppOutcomeUnknownException.LateResponse"/>) instead of being dropped as unmatched;
    /// <see cref="TimeSpan.Zero"/> turns it off. The window slot is freed at the timeout as before, so at most
    /// <see cref="WindowSize"/> × (window ÷ <see cref="ResponseTimeout"/> + 1) requests wait like this at once.
    /// Default null: the same as <see cref="ResponseTimeout"/>.
    /// </summary>
    public TimeSpan? LateResponseWindow { get; init; }

    /// <summary>Interval of enquire_link while nothing else is received; <see cref="TimeSpan.Zero"/> disables it. Default 30 s.</summary>
    public TimeSpan EnquireLinkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive unanswered enquire_links after which the link is declared dead and closed. Default 3.</summary>
    public int MaxMissedEnquireLinks { get; init; } = 3;

    /// <summary>
    /// Time the peer may stay silent (no PDU at all) before the session is closed; <see cref="TimeSpan.Zero"/>
    /// disables it. Default 0 (the enquire_link check already detects dead links).
    /// </summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>SMSC side: time from connect to a successful bind before the connection is dropped. Default 30 s.</summary>
    public TimeSpan BindTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Graceful close: how long to wait for in-flight responses before sending unbind. Default 10 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Graceful close: how long to wait for unbind_resp. Default 5 s.</summary>
    public TimeSpan UnbindTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Capacity of the outbound queue drained by the writer loop. Default 1024.</summary>
    public int OutboundQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// Capacity of the queue of inbound requests waiting for the application. When it is full, new requests are
    /// answered at once with <see cref="InboundQueueFullStatus"/> so the read loop never stalls. Default 256.
    /// </summary>
    public int InboundQueueCapacity { get; init; } = 256;

    /// <summary>How many inbound requests the application handles at once. Default 8.</summary>
    public int InboundConcurrency { get; init; } = 8;

    /// <summary>Status answered when the inbound queue is full. Default ESME_RMSGQFUL (0x14).</summary>
    public CommandStatus InboundQueueFullStatus { get; init; } = CommandStatus.MessageQueueFull;

    /// <summary>
    /// Status answered when the application's handler throws. Default ESME_RX_T_APPN (0x64), which asks the SMSC to
    /// redeliver later instead of dropping the message.
    /// </summary>
    public CommandStatus HandlerErrorStatus { get; init; } = CommandStatus.ReceiverTemporaryAppError;

    /// <summary>Limits for decoding what the peer sends.</summary>
    public PduCodecOptions Codec { get; init; } = PduCodecOptions.Default;

    /// <summary>The longest <see cref="LateResponseWindow"/> accepted: one day.</summary>
    public static TimeSpan MaxLateResponseWindow { get; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The late-response window in effect: <see cref="LateResponseWindow"/>, or <see cref="ResponseTimeout"/> (at
    /// most <see cref="MaxLateResponseWindow"/>) when unset.
    /// </summary>
    internal TimeSpan EffectiveLateResponseWindow =>
        LateResponseWindow ?? (ResponseTimeout < MaxLateResponseWindow ? ResponseTimeout : MaxLateResponseWindow);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (WindowSize is < 1 or > 100_000)
        {
            throw new ArgumentException($"WindowSize must be 1..100000, got {WindowSize}.");
        }

        if (ResponseTimeout <= TimeSpan.Zero || WindowWaitTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ResponseTimeout and WindowWaitTimeout must be positive.");
        }

        if (LateResponseWindow is { } late && (late < TimeSpan.Zero || late > MaxLateResponseWindow))
        {
            throw new ArgumentException($"LateResponseWindow must be 0 (off) up to {MaxLateResponseWindow}, got {late}.");
        }

        if (EnquireLinkInterval < TimeSpan.Zero || InactivityTimeout < TimeSpan.Zero || BindTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("EnquireLinkInterval, InactivityTimeout and BindTimeout cannot be negative.");
        }

        if (MaxMissedEnquireLinks < 1)
        {
            throw new ArgumentException("MaxMissedEnquireLinks must be at least 1.");
        }

        if (OutboundQueueCapacity < 1 || InboundQueueCapacity < 1 || InboundConcurrency < 1)
        {
            throw new ArgumentException("Queue capacities and InboundConcurrency must be at least 1.");
        }
    }
}
