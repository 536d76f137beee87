namespace RestcommSmppBridge.Storage;

/// <summary>Order of a sorted list.</summary>
public enum SortDirection
{
    /// <summary>Smallest first (<c>asc</c>).</summary>
    Ascending,

    /// <summary>Largest first (<c>desc</c>).</summary>
    Descending,
}
