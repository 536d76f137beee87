namespace RestcommSmppBridge.Storage;

/// <summary>
/// Incoming phone numbers. A number is unique across the whole store; reads that take an account sid never return
/// another account's number. Writes return only after they are committed.
/// </summary>
public interface IPhoneNumberStore
{
    /// <summary>The number with this sid in this account, or null (also when it belongs to another account).</summary>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="sid">The number's sid (<c>PN…</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IncomingPhoneNumber?> GetAsync(string accountSid, string sid, CancellationToken cancellationToken);

    /// <summary>The record for exactly this phone number, in any account, or null. Used to route inbound SMS.</summary>
    /// <param name="phoneNumber">The number, compared exactly.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IncomingPhoneNumber?> FindByNumberAsync(string phoneNumber, CancellationToken cancellationToken);

    /// <summary>A page of the account's numbers, ordered by creation time then sid.</summary>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="query">Filters and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<PhoneNumberPage> ListAsync(string accountSid, PhoneNumberQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new number. Returns <see cref="PhoneNumberWriteResult.Conflict"/> (and changes nothing) when the
    /// phone number or the sid is already stored; <see cref="PhoneNumberWriteResult.Applied"/> once committed.
    /// </summary>
    /// <param name="number">The number; its account must exist.</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue.</param>
    Task<PhoneNumberWriteResult> CreateAsync(IncomingPhoneNumber number, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every field except <see cref="IncomingPhoneNumber.DateCreated"/> of the number with the same sid in
    /// the same account. <see cref="PhoneNumberWriteResult.NotFound"/> when there is none,
    /// <see cref="PhoneNumberWriteResult.Conflict"/> when another record already holds the new phone number.
    /// </summary>
    /// <param name="number">The new state (matched by <see cref="IncomingPhoneNumber.AccountSid"/> and <see cref="IncomingPhoneNumber.Sid"/>).</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue.</param>
    Task<PhoneNumberWriteResult> UpdateAsync(IncomingPhoneNumber number, CancellationToken cancellationToken);

    /// <summary>Deletes the number with this sid in this account; false when there was none.</summary>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="sid">The number's sid.</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue.</param>
    Task<bool> DeleteAsync(string accountSid, string sid, CancellationToken cancellationToken);
}
