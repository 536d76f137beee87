namespace RestcommSmppBridge.Storage;

/// <summary>
/// SMS messages and their story (architecture.md rules 1 and 4). Every write returns only after it is committed
/// durably (as durable as the configured synchronous mode), so "ack after durable" can be built on it. Reads that
/// take an account sid never return another account's message.
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Stores a new message and returns once the row is committed. A first <see cref="MessageStatusChange"/> is
    /// recorded for <see cref="SmsMessage.Status"/> at <see cref="SmsMessage.DateCreated"/> (the given
    /// <see cref="SmsMessage.StatusHistory"/> is not stored); non-null <see cref="SmsMessage.CarrierMessageIds"/> are
    /// recorded as by <see cref="RecordCarrierMessageIdAsync"/>. The account must exist and the sid must be new,
    /// otherwise the task fails.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue (back-pressure); once the writer took the request it is committed regardless.</param>
    Task InsertAsync(SmsMessage message, CancellationToken cancellationToken);

    /// <summary>The message with this sid in this account, with carrier message ids and status history, or null.</summary>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="sid">The message sid (<c>SM…</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<SmsMessage?> GetAsync(string accountSid, string sid, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the account's messages matching <paramref name="query"/> (restcomm.md 1.8; the filters also limit
    /// <see cref="MessagePage.Total"/>). Items carry no status history or carrier message ids; use
    /// <see cref="GetAsync"/> for those.
    /// </summary>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="query">Filters, order and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<MessagePage> ListAsync(string accountSid, MessageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the message to <see cref="MessageStatusUpdate.Status"/> and appends a history entry, atomically.
    /// Returns false, changing nothing, when the message does not exist or is already in a final status
    /// (<see cref="StorageWireValues.IsFinal"/>): a late intermediate receipt never overwrites delivered,
    /// undelivered or failed, and the first final status wins.
    /// </summary>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue.</param>
    Task<bool> UpdateStatusAsync(MessageStatusUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// Records the SMSC's message id for one segment (from its submit_sm_resp) so that a receipt can be matched with
    /// <see cref="FindByCarrierMessageIdAsync"/>. Replaces an id recorded earlier for the same segment. False when
    /// the message does not exist.
    /// </summary>
    /// <param name="messageSid">The message.</param>
    /// <param name="segmentIndex">0-based segment number.</param>
    /// <param name="carrier">The carrier id that returned the id.</param>
    /// <param name="carrierMessageId">The id exactly as the matching code normalises it.</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue.</param>
    Task<bool> RecordCarrierMessageIdAsync(string messageSid, int segmentIndex, string carrier, string carrierMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// The message (with history) whose segment got <paramref name="carrierMessageId"/> from
    /// <paramref name="carrier"/>, or null. SMSCs reuse ids eventually, so when several messages hold the same id the
    /// most recently created one wins.
    /// </summary>
    /// <param name="carrier">The carrier id the receipt came from.</param>
    /// <param name="carrierMessageId">The id from the receipt, normalised the same way as when recorded.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<CarrierMessageMatch?> FindByCarrierMessageIdAsync(string carrier, string carrierMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="max"/> of the account's oldest messages created before
    /// <paramref name="createdBefore"/> that have ended (delivered, undelivered, failed, received, or sent and never
    /// receipted), with everything stored about them: history, carrier message ids, part receipts, outbox state,
    /// status callback progress and failures, the inbound webhook. A message with a status callback still owed or an
    /// inbound webhook still pending is kept, as is every queued or sending one. Returns how many were deleted; fewer
    /// than <paramref name="max"/> means none of that age is left to delete.
    /// </summary>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="createdBefore">Only messages created before this time.</param>
    /// <param name="max">The most messages one call deletes (one write of the single writer).</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue.</param>
    Task<int> DeleteEndedAsync(string accountSid, DateTimeOffset createdBefore, int max, CancellationToken cancellationToken);
}
