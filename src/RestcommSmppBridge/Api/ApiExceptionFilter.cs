using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Outermost filter of the API group: an unexpected exception becomes a logged error and a 500 with a generic message
/// in the requested format; a store that could not take a write (<see cref="StoreUnavailableException"/>) a 503 with
/// Retry-After. Restcomm put the exception text in the body (restcomm.md §1.3); we never show internals to
/// clients.
/// </summary>
internal sealed class ApiExceptionFilter : IEndpointFilter
{
    /// <summary>The only thing a client learns of a failure of ours; the log has the rest.</summary>
    public const string InternalErrorMessage = "The server could not process the request.";

    /// <summary>What a client learns when the store could not take its write: nothing was stored, and it may retry.</summary>
    public const string StoreUnavailableMessage = "The message store is unavailable; nothing was stored. Retry later.";

    /// <summary>The same for a request that only reads (GET, HEAD): nothing was to be stored.</summary>
    public const string StoreUnreadableMessage = "The message store is unavailable. Retry later.";

    /// <summary>Seconds a client is asked to wait before it retries after a store failure.</summary>
    public const int StoreUnavailableRetryAfterSeconds = 5;

    private readonly ILogger<ApiExceptionFilter> _logger;

    public ApiExceptionFilter(ILogger<ApiExceptionFilter> logger) => _logger = logger;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads the answer. 499 is what proxies log for this case.
            return Results.StatusCode(499);
        }
        catch (BadHttpRequestException exception)
        {
            // A body Kestrel refused while a handler read it (the form readers turn the usual cases into messages
            // themselves): the client's fault, with Kestrel's status (400, 408, 413).
            ApiError error = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiRequests.TooLarge(http)
                : new ApiError(exception.StatusCode, "The request body could not be read.");
            return ApiRequests.Reject(_logger, http.Request, ResponseFormats.ForRequest(http.Request), error);
        }
        catch (StoreUnavailableException exception)
        {
            // The disk is full, the file locked, failing or gone: the client's request was fine and nothing of it was
            // stored, so it is told to retry (503 + Retry-After) rather than given a 500 it may treat as final.
            ApiLog.StoreUnavailable(_logger, http.Request.Method, http.Request.Path, exception);
            http.Response.Headers.RetryAfter = StoreUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            bool reads = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
            return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                new ApiError(StatusCodes.Status503ServiceUnavailable, reads ? StoreUnreadableMessage : StoreUnavailableMessage));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ApiLog.UnhandledException(_logger, http.Request.Method, http.Request.Path, exception);
            return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                new ApiError(StatusCodes.Status500InternalServerError, InternalErrorMessage));
        }
    }
}
