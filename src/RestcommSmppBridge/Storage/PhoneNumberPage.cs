namespace RestcommSmppBridge.Storage;

/// <summary>One page of an account's phone numbers, ordered by creation time then sid.</summary>
/// <param name="Items">The numbers on this page.</param>
/// <param name="Total">How many numbers match the filters, over all pages.</param>
/// <param name="Page">The 0-based page index that was asked for.</param>
/// <param name="PageSize">The page size that was asked for.</param>
public sealed record PhoneNumberPage(IReadOnlyList<IncomingPhoneNumber> Items, int Total, int Page, int PageSize);
