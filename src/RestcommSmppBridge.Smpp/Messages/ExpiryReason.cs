namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>Why an incomplete message left the <see cref="Reassembler"/>.</summary>
public enum ExpiryReason
{
    /// <summary>Its first part is older than <see cref="ReassemblyOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>It was the oldest when <see cref="ReassemblyOptions.MaxPendingMessages"/> or <see cref="ReassemblyOptions.MaxBytes"/> was reached.</summary>
    Evicted,
}
