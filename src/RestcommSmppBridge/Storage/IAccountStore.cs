using System.Diagnostics.CodeAnalysis;

namespace RestcommSmppBridge.Storage;

/// <summary>
/// Accounts. Every method returns only after its work is committed (writes) or read (reads); implementations hold
/// no connection between calls, so a SQLite or a PostgreSQL store can stand behind it.
/// </summary>
public interface IAccountStore
{
    /// <summary>The account with this sid, or null.</summary>
    /// <param name="sid">The account sid (<c>AC…</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<Account?> GetAsync(string sid, CancellationToken cancellationToken);

    /// <summary>
    /// The account with this sid when the store holds it in memory, so the answer costs no read; false otherwise
    /// (then <see cref="GetAsync"/> reads it). Lets a caller on a thread that must not block take the fast path and
    /// move elsewhere only for a read. A store without such a cache keeps this default.
    /// </summary>
    /// <param name="sid">The account sid (<c>AC…</c>).</param>
    /// <param name="account">The account, when known in memory.</param>
    bool TryGetKnown(string sid, [NotNullWhen(true)] out Account? account)
    {
        account = null;
        return false;
    }

    /// <summary>
    /// <see cref="TryGetKnown(string, out Account?)"/> for a sid held in a span (the API's authentication decodes it
    /// so, and asks for every request). A store whose cache can be searched by span overrides this to allocate
    /// nothing; the default makes the string.
    /// </summary>
    /// <param name="sid">The account sid (<c>AC…</c>).</param>
    /// <param name="account">The account, when known in memory.</param>
    bool TryGetKnown(ReadOnlySpan<char> sid, [NotNullWhen(true)] out Account? account) => TryGetKnown(sid.ToString(), out account);

    /// <summary>All accounts, ordered by creation time then sid.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the account, or replaces the token, status, friendly name and <see cref="Account.DateUpdated"/> of
    /// the account with the same sid (its <see cref="Account.DateCreated"/> is kept). Used to seed accounts from
    /// configuration at start. Returns once committed.
    /// </summary>
    /// <param name="account">The account to store.</param>
    /// <param name="cancellationToken">Cancels the wait for a slot in the writer queue; once the writer took the request it is committed regardless.</param>
    Task UpsertAsync(Account account, CancellationToken cancellationToken);
}
