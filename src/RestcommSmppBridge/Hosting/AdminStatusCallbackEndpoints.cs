using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Primitives;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The admin endpoints of the status callbacks that failed for good (after the webhook client's retries): list them,
/// requeue them (the notifier sends each again, once, signed as usual), delete old ones. Mapped into the admin group
/// by <see cref="AdminEndpoints.MapBridgeAdmin"/>, so they have its guard (bearer token, loopback) and JSON style.
/// </summary>
internal static partial class AdminStatusCallbackEndpoints
{
    /// <summary>Rows of <c>GET …/failed</c> when <c>limit</c> is not given.</summary>
    internal const int DefaultLimit = 100;

    /// <summary>The largest <c>limit</c> accepted.</summary>
    internal const int MaxLimit = 1000;

    private const string FailedPath = "/callbacks/status/failed";

    /// <summary>
    /// Maps <c>GET /callbacks/status/failed</c>, <c>POST /callbacks/status/requeue</c> and
    /// <c>DELETE /callbacks/status/failed</c> on the admin group.
    /// </summary>
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet(FailedPath, static (HttpContext context, CancellationToken cancellationToken) => ListAsync(context, cancellationToken));
        admin.MapPost("/callbacks/status/requeue", static (HttpContext context, TimeProvider time, CancellationToken cancellationToken) =>
            RequeueAsync(context, time, cancellationToken));
        admin.MapDelete(FailedPath, static (HttpContext context, CancellationToken cancellationToken) => DeleteAsync(context, cancellationToken));
    }

    private static async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Store(context) is not { } store)
        {
            return NoStore();
        }

        IQueryCollection query = context.Request.Query;
        if (!TryTime(query, "since", out DateTimeOffset? since, out IResult? error)
            || !TryLimit(query, out int limit, out error))
        {
            return error;
        }

        FailedStatusCallbackPage page = await store.ListFailedCallbacksAsync(new FailedStatusCallbackQuery
        {
            Since = since,
            MessageSid = MessageSid(query),
            Max = limit,
        }, cancellationToken).ConfigureAwait(false);
        List<AdminFailedCallback> items = new(page.Items.Count);
        foreach (FailedStatusCallback failed in page.Items)
        {
            items.Add(new AdminFailedCallback(failed.MessageSid, failed.Sequence, failed.Status.ToWireValue(), failed.FailedAt, failed.Error));
        }

        return Results.Json(new AdminFailedCallbackList(page.Count, items), AdminCallbackJsonContext.Default.AdminFailedCallbackList);
    }

    private static async Task<IResult> RequeueAsync(HttpContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Store(context) is not { } store)
        {
            return NoStore();
        }

        IQueryCollection query = context.Request.Query;
        if (!TryTime(query, "since", out DateTimeOffset? since, out IResult? error))
        {
            return error;
        }

        int requeued = await store.RequeueFailedCallbacksAsync(time.GetUtcNow(), since, MessageSid(query), cancellationToken).ConfigureAwait(false);

        // The store now owes them; the notifier (absent in a store-only host) queues them as it does at start. Without
        // it, or if the bridge stops first, the next start sends them.
        if (requeued > 0)
        {
            context.RequestServices.GetService<StatusCallbackNotifier>()?.ReplayOwed();
        }

        ILogger logger = Logger(context);
        bool byMessage = query.ContainsKey("messageSid");
        Log.Requeued(logger, requeued, since is not null, byMessage);
        return Results.Json(new AdminRequeueResult(requeued), AdminJsonContext.Default.AdminRequeueResult);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Store(context) is not { } store)
        {
            return NoStore();
        }

        IQueryCollection query = context.Request.Query;
        if (!TryTime(query, "before", out DateTimeOffset? before, out IResult? error))
        {
            return error;
        }

        if (before is not { } cut)
        {
            // Required, so a bare DELETE never wipes every record by accident.
            return BadRequest("before is required (an ISO 8601 time, e.g. 2026-01-31T00:00:00Z): records that failed before it are deleted");
        }

        int deleted = await store.DeleteFailedCallbacksAsync(cut, MessageSid(query), cancellationToken).ConfigureAwait(false);
        ILogger logger = Logger(context);
        Log.Deleted(logger, deleted, cut);
        return Results.Json(new AdminDeleteResult(deleted), AdminCallbackJsonContext.Default.AdminDeleteResult);
    }

    private static IStatusCallbackStore? Store(HttpContext context) => context.RequestServices.GetService<IStatusCallbackStore>();

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints));

    private static IResult NoStore() =>
        Results.Json(new AdminError("the store is not part of this host"), AdminJsonContext.Default.AdminError,
            statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult BadRequest(string message) =>
        Results.Json(new AdminError(message), AdminJsonContext.Default.AdminError, statusCode: StatusCodes.Status400BadRequest);

    private static string? MessageSid(IQueryCollection query) =>
        query.TryGetValue("messageSid", out StringValues value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>An absent parameter is null; a present one must be an ISO 8601 time (without an offset it is UTC).</summary>
    private static bool TryTime(IQueryCollection query, string name, out DateTimeOffset? time, [NotNullWhen(false)] out IResult? error)
    {
        time = null;
        error = null;
        if (!query.TryGetValue(name, out StringValues value) || StringValues.IsNullOrEmpty(value))
        {
            return true;
        }

        if (value.Count == 1 && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            time = parsed;
            return true;
        }

        // The value is the caller's own input; it is echoed only in the body, never logged.
        error = BadRequest($"{name} must be an ISO 8601 time, e.g. 2026-01-31T09:00:00Z (got '{value}')");
        return false;
    }

    private static bool TryLimit(IQueryCollection query, out int limit, [NotNullWhen(false)] out IResult? error)
    {
        limit = DefaultLimit;
        error = null;
        if (!query.TryGetValue("limit", out StringValues value) || StringValues.IsNullOrEmpty(value))
        {
            return true;
        }

        if (value.Count == 1 && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit)
            && limit is >= 1 and <= MaxLimit)
        {
            return true;
        }

        limit = DefaultLimit;
        error = BadRequest($"limit must be a whole number from 1 to {MaxLimit}");
        return false;
    }

    /// <summary>Admin log events of the status callbacks, EventIds 5106–5107 (host range).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 5106, EventName = "AdminStatusCallbacksRequeued", Level = LogLevel.Information,
            Message = "Admin: {Count} failed status callback(s) owed again (since filter: {BySince}, message filter: {ByMessage})")]
        public static partial void Requeued(ILogger logger, int count, bool bySince, bool byMessage);

        [LoggerMessage(EventId = 5107, EventName = "AdminStatusCallbacksDeleted", Level = LogLevel.Information,
            Message = "Admin: {Count} failed status callback record(s) that failed before {Before:O} deleted; they will not be sent")]
        public static partial void Deleted(ILogger logger, int count, DateTimeOffset before);
    }
}

/// <summary>The body of <c>GET /admin/callbacks/status/failed</c>.</summary>
/// <param name="Count">Failed callbacks (not requeued) matching the filters.</param>
/// <param name="Failed">The most recent of them, newest first, at most <c>limit</c>.</param>
internal sealed record AdminFailedCallbackList(long Count, IReadOnlyList<AdminFailedCallback> Failed);

/// <summary>One failed status callback in the admin answers.</summary>
/// <param name="MessageSid">The message.</param>
/// <param name="Sequence">Its history entry (the REST API's status history order).</param>
/// <param name="Status">The status the callback reported, as the REST API writes it.</param>
/// <param name="FailedAt">When it last failed (UTC).</param>
/// <param name="Error">Why.</param>
internal sealed record AdminFailedCallback(string MessageSid, int Sequence, string Status, DateTimeOffset FailedAt, string? Error);

/// <summary>The body of <c>DELETE /admin/callbacks/status/failed</c>.</summary>
internal sealed record AdminDeleteResult(int Deleted);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminFailedCallbackList))]
[JsonSerializable(typeof(AdminDeleteResult))]
internal sealed partial class AdminCallbackJsonContext : JsonSerializerContext
{
}
