namespace RestcommSmppBridge.Storage;

/// <summary>A message whose status callback is owed (see <see cref="IOutboxStore.ListOwedCallbacksAsync"/>).</summary>
/// <param name="Position">Where it stands in the owed set (increasing); pass the last one read to get the next page.</param>
/// <param name="MessageSid">The message.</param>
public sealed record OutboxOwedCallback(long Position, string MessageSid);
