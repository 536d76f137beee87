namespace RestcommSmppBridge.Storage;

/// <summary>A status change to apply to a stored message (see <see cref="IMessageStore.UpdateStatusAsync"/>).</summary>
public sealed record MessageStatusUpdate
{
    /// <summary>The message to change.</summary>
    public required string MessageSid { get; init; }

    /// <summary>The new status.</summary>
    public required MessageStatus Status { get; init; }

    /// <summary>When the change happened; becomes <see cref="SmsMessage.DateUpdated"/> (and <see cref="SmsMessage.DateSent"/> on the first change to sent).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The carrier involved; when set it also becomes the message's <see cref="SmsMessage.Carrier"/>.</summary>
    public string? Carrier { get; init; }

    /// <summary>The carrier message id involved (history only; use <see cref="IMessageStore.RecordCarrierMessageIdAsync"/> to make it findable).</summary>
    public string? CarrierMessageId { get; init; }

    /// <summary>Restcomm error code; replaces the message's error code (null clears it).</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Error text; replaces the message's error message (null clears it).</summary>
    public string? ErrorMessage { get; init; }
}
