using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Primitives;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// The query of <c>GET …/SMS/Messages</c> (restcomm.md §1.8), parsed into a <see cref="MessageQuery"/>. Parameter
/// names match in any case (ASP.NET Core's query lookup); Restcomm's are case-sensitive. An unknown name is a 400.
/// </summary>
internal static class MessageListRequest
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// The query parameters of the list (restcomm.md §1.8). <c>AfterSid</c> is accepted because our own
    /// <c>next_page_uri</c> carries it (it is ignored, as in Restcomm); <c>localOnly</c> is accepted and ignored.
    /// <c>SubAccounts</c> is accepted and ignored: the bridge has no sub-accounts, so <c>true</c> (the account and
    /// its descendants) and <c>false</c> list the same messages. A browser's cache-buster <c>_</c> is ignored too.
    /// </summary>
    public static readonly string[] Parameters =
        ["To", "From", "Body", "Status", "StartTime", "EndTime", "SortBy", "Page", "PageSize", "AfterSid", "localOnly", "SubAccounts"];

    /// <summary>Parses the query; on a mistake, <paramref name="error"/> is the response to send.</summary>
    /// <param name="query">The request's query string.</param>
    /// <param name="options">Page size defaults and cap.</param>
    /// <param name="result">The store query.</param>
    /// <param name="pageSizeClamped">True when the asked page size was above the cap and was lowered to it.</param>
    /// <param name="error">The 400 error when the query is invalid.</param>
    public static bool TryParse(IQueryCollection query, ApiOptions options,
        [NotNullWhen(true)] out MessageQuery? result, out bool pageSizeClamped, [NotNullWhen(false)] out ApiError? error)
    {
        result = null;
        pageSizeClamped = false;
        if (ApiRequests.TryFindUnknown(query.Keys, Parameters, allowXHeaders: false, out error, allowCacheBuster: true))
        {
            return false;
        }

        MessageStatus? status = null;
        string? statusText = First(query, "Status");
        if (!string.IsNullOrEmpty(statusText))
        {
            if (!StorageWireValues.TryParseMessageStatus(statusText, out MessageStatus parsed))
            {
                error = ApiError.BadRequest("Status must be one of queued, sending, sent, failed, received, delivered, undelivered.");
                return false;
            }

            status = parsed;
        }

        if (!TryParseDate(query, "StartTime", out DateOnly? startTime, out error)
            || !TryParseDate(query, "EndTime", out DateOnly? endTime, out error))
        {
            return false;
        }

        if (!TryParseSortBy(First(query, "SortBy"), out MessageSortField field, out SortDirection direction, out string? sortError))
        {
            error = ApiError.BadRequest(sortError);
            return false;
        }

        if (!TryParsePaging(query, options, out int page, out int pageSize, out pageSizeClamped, out string? pagingError))
        {
            error = ApiError.BadRequest(pagingError);
            return false;
        }

        result = new MessageQuery
        {
            To = NullIfEmpty(First(query, "To")),
            From = NullIfEmpty(First(query, "From")),
            Body = NullIfEmpty(First(query, "Body")),
            Status = status,
            StartTime = startTime,
            EndTime = endTime,
            SortBy = field,
            SortDirection = direction,
            Page = page,
            PageSize = pageSize,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// <c>Field[:asc|desc]</c>; the direction defaults to ascending when a field is given, and the whole default is
    /// DateCreated descending (Restcomm's order).
    /// </summary>
    public static bool TryParseSortBy(string? value, out MessageSortField field, out SortDirection direction,
        [NotNullWhen(false)] out string? error)
    {
        field = MessageSortField.DateCreated;
        direction = SortDirection.Descending;
        error = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string fieldText = colon < 0 ? value : value[..colon];
        string? directionText = colon < 0 ? null : value[(colon + 1)..];

        switch (fieldText)
        {
            case "DateCreated": field = MessageSortField.DateCreated; break;
            case "From": field = MessageSortField.From; break;
            case "To": field = MessageSortField.To; break;
            case "Direction": field = MessageSortField.Direction; break;
            case "Status": field = MessageSortField.Status; break;
            case "Body": field = MessageSortField.Body; break;
            case "Price": field = MessageSortField.Price; break;
            default:
                error = $"SortBy field '{fieldText}' is not supported; use one of DateCreated, From, To, Direction, Status, Body, Price.";
                return false;
        }

        switch (directionText)
        {
            case null:
                direction = SortDirection.Ascending;
                return true;
            case "asc":
                direction = SortDirection.Ascending;
                return true;
            case "desc":
                direction = SortDirection.Descending;
                return true;
            default:
                error = $"SortBy direction '{directionText}' is not supported; use asc or desc.";
                return false;
        }
    }

    /// <summary>
    /// <c>Page</c> (0-based, default 0) and <c>PageSize</c> (default and cap from <paramref name="options"/>; a larger
    /// value is lowered to the cap, Restcomm having none).
    /// </summary>
    public static bool TryParsePaging(IQueryCollection query, ApiOptions options, out int page, out int pageSize,
        out bool pageSizeClamped, [NotNullWhen(false)] out string? error)
    {
        page = 0;
        pageSize = options.DefaultPageSize;
        pageSizeClamped = false;
        error = null;
        string? pageSizeText = First(query, "PageSize");
        if (!string.IsNullOrEmpty(pageSizeText))
        {
            // Digits only and no overflow: a sign, a fraction or a value past int.MaxValue is an error, not a clamp.
            if (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1)
            {
                error = "PageSize must be a positive whole number.";
                return false;
            }

            if (pageSize > options.MaxPageSize)
            {
                pageSize = options.MaxPageSize;
                pageSizeClamped = true;
            }
        }

        string? pageText = First(query, "Page");
        if (!string.IsNullOrEmpty(pageText)
            && !int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page))
        {
            error = "Page must be a whole number, 0 or more.";
            return false;
        }

        return true;
    }

    private static bool TryParseDate(IQueryCollection query, string name, out DateOnly? value, [NotNullWhen(false)] out ApiError? error)
    {
        value = null;
        error = null;
        string? text = First(query, name);
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed))
        {
            error = ApiError.BadRequest($"{name} must be a date as yyyy-MM-dd.");
            return false;
        }

        value = parsed;
        return true;
    }

    public static string? First(IQueryCollection query, string name) =>
        query.TryGetValue(name, out StringValues values) && values.Count > 0 ? values[0] : null;

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
