namespace RestcommSmppBridge.Storage;

/// <summary>An operator's pause of a carrier, as stored (it survives a restart).</summary>
/// <param name="Carrier">The carrier's name as it was configured when it was paused (matched case-insensitively).</param>
/// <param name="PausedAt">When the pause began; pausing a paused carrier again keeps this time.</param>
public sealed record CarrierPause(string Carrier, DateTimeOffset PausedAt);
