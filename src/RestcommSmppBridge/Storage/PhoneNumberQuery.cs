namespace RestcommSmppBridge.Storage;

/// <summary>Filters and page of an account's phone number list. Filters are optional and combine with AND.</summary>
public sealed record PhoneNumberQuery
{
    /// <summary>Substring match on the number; <c>%</c> and <c>_</c> are literal characters.</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>Substring match on the friendly name; <c>%</c> and <c>_</c> are literal characters.</summary>
    public string? FriendlyName { get; init; }

    /// <summary>0-based page index; default 0. Must not be negative.</summary>
    public int Page { get; init; }

    /// <summary>Items per page; default 50. Must be positive.</summary>
    public int PageSize { get; init; } = 50;
}
