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
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return ToResult(context.HttpContext, exception);
        }
    }

    /// <summary>
    /// The answer to an exception a request's handling threw (out of memory excepted, which is never caught): the
    /// same for every API route, whether it runs behind this filter or calls it itself (<see cref="SendSmsEndpoint"/>).
    /// </summary>
    public IResult ToResult(HttpContext http, Exception exception)
    {
        switch (exception)
        {
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                // The client went away; nobody reads the answer. 499 is what proxies log for this case.
                return Results.StatusCode(499);

            case BadHttpRequestException badRequest:
            {
                // A body Kestrel refused while a handler read it (the form readers turn the usual cases into messages
                // themselves): the client's fault, with Kestrel's status (400, 408, 413).
                ApiError error = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? ApiRequests.TooLarge(http)
                    : new ApiError(badRequest.StatusCode, "The request body could not be read.");
                return ApiRequests.Reject(_logger, http.Request, ResponseFormats.ForRequest(http.Request), error);
            }

            case StoreUnavailableException unavailable:
            {
                // The disk is full, the file locked, failing or gone: the client's request was fine and nothing of it
                // was stored, so it is told to retry (503 + Retry-After) rather than given a 500 it may treat as final.
                ApiLog.StoreUnavailable(_logger, http.Request.Method, http.Request.Path, unavailable);
                http.Response.Headers.RetryAfter = StoreUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                bool reads = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
                return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                    new ApiError(StatusCodes.Status503ServiceUnavailable, reads ? StoreUnreadableMessage : StoreUnavailableMessage));
            }

            default:
                ApiLog.UnhandledException(_logger, http.Request.Method, http.Request.Path, exception);
                return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                    new ApiError(StatusCodes.Status500InternalServerError, InternalErrorMessage));
        }
    }
}
