namespace RestcommSmppBridge.Storage;

/// <summary>The message a delivery receipt belongs to, and which of its segments the receipt is about.</summary>
/// <param name="Message">The message, with its carrier message ids and status history.</param>
/// <param name="SegmentIndex">The 0-based segment whose carrier message id matched.</param>
public sealed record CarrierMessageMatch(SmsMessage Message, int SegmentIndex);
