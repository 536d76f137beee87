namespace RestcommSmppBridge.Api;

/// <summary>
/// Outermost filter of the API group: an unexpected exception becomes a logged error and a 500 with a generic text
/// body. Restcomm put the exception text in the body (restcomm.md §1.3); we never show internals to clients.
/// </summary>
internal sealed class ApiExceptionFilter : IEndpointFilter
{
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
            // Malformed or oversized form body: the client's fault, with Kestrel's status (400 or 413).
            ApiLog.RequestRejected(_logger, http.Request.Method, http.Request.Path, exception.StatusCode, "unreadable request body");
            return Results.StatusCode(exception.StatusCode);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ApiLog.UnhandledException(_logger, http.Request.Method, http.Request.Path, exception);
            return Results.Text("The server could not process the request.", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
