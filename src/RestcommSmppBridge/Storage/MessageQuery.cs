namespace RestcommSmppBridge.Storage;

/// <summary>
/// Filters, order and page of a message list (restcomm.md 1.8). All filters are optional and combine with AND;
/// the same filters limit <see cref="MessagePage.Total"/> (unlike Restcomm, whose Status filter skipped the count).
/// </summary>
public sealed record MessageQuery
{
    /// <summary>Suffix match on <c>To</c>; <c>%</c> and <c>_</c> in the value are literal characters.</summary>
    public string? To { get; init; }

    /// <summary>Suffix match on <c>From</c>; <c>%</c> and <c>_</c> in the value are literal characters.</summary>
    public string? From { get; init; }

    /// <summary>Substring match on <c>Body</c>; <c>%</c> and <c>_</c> in the value are literal characters.</summary>
    public string? Body { get; init; }

    /// <summary>Exact status.</summary>
    public MessageStatus? Status { get; init; }

    /// <summary>Only messages created on or after this day (00:00 UTC).</summary>
    public DateOnly? StartTime { get; init; }

    /// <summary>Only messages created on or before this day (before 00:00 UTC of the next day).</summary>
    public DateOnly? EndTime { get; init; }

    /// <summary>Sort field; default <see cref="MessageSortField.DateCreated"/>. Ties are broken by sid for a stable order.</summary>
    public MessageSortField SortBy { get; init; } = MessageSortField.DateCreated;

    /// <summary>Sort direction; default <see cref="SortDirection.Descending"/> (Restcomm's default order).</summary>
    public SortDirection SortDirection { get; init; } = SortDirection.Descending;

    /// <summary>0-based page index; default 0. Must not be negative.</summary>
    public int Page { get; init; }

    /// <summary>Items per page; default 50 (Restcomm's default). Must be positive.</summary>
    public int PageSize { get; init; } = 50;
}
