namespace RestcommSmppBridge.Storage;

/// <summary>One page of a message list.</summary>
/// <param name="Items">The messages on this page, in the requested order (without status history).</param>
/// <param name="Total">How many messages match the filters, over all pages.</param>
/// <param name="Page">The 0-based page index that was asked for.</param>
/// <param name="PageSize">The page size that was asked for.</param>
public sealed record MessagePage(IReadOnlyList<SmsMessage> Items, int Total, int Page, int PageSize);
