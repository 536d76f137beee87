namespace RestcommSmppBridge.Storage;

/// <summary>
/// The only fields a message list may be sorted by (restcomm.md 1.8, <c>SortBy</c>). Each maps to a fixed SQL
/// fragment in the store, so user input never reaches the SQL text.
/// </summary>
public enum MessageSortField
{
    /// <summary><c>DateCreated</c> (the default, descending).</summary>
    DateCreated,

    /// <summary><c>From</c>.</summary>
    From,

    /// <summary><c>To</c>.</summary>
    To,

    /// <summary><c>Direction</c> (by wire value).</summary>
    Direction,

    /// <summary><c>Status</c> (by wire value).</summary>
    Status,

    /// <summary><c>Body</c>.</summary>
    Body,

    /// <summary><c>Price</c> (as stored text).</summary>
    Price,
}
