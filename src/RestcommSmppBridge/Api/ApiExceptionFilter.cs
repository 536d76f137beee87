namespace RestcommSmppBridge.Api;

/// <summary>
/// Outermost filter of the API group: an unexpected exception becomes a logged error and a 500 with a generic message
/// in the requested format. Restcomm put the exception text in the body (restcomm.md §1.3); we never show internals to
/// clients.
/// </summary>
internal sealed class ApiExceptionFilter : IEndpointFilter
{
    /// <summary>The only thing a client learns of a failure of ours; the log has the rest.</summary>
    public const string InternalErrorMessage = "The server could not process the request.";

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
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ApiLog.UnhandledException(_logger, http.Request.Method, http.Request.Path, exception);
            return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                new ApiError(StatusCodes.Status500InternalServerError, InternalErrorMessage));
        }
    }
}
