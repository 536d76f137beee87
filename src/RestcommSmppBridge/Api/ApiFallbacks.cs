using Microsoft.AspNetCore.Http.Features;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Answers for requests no API route takes: a known path with a method it does not serve (405 with <c>Allow</c>) and
/// an unknown path under <c>/restcomm</c> (404). Both in the requested format, and without authentication, as
/// Restcomm's servlet resolves the resource before it checks credentials.
/// </summary>
internal static class ApiFallbacks
{
    private static readonly PathString RootPath = new("/restcomm");

    public static IResult MethodNotAllowed(HttpContext http, string allowedMethods)
    {
        http.Response.Headers.Allow = allowedMethods;
        ApiError error = new(StatusCodes.Status405MethodNotAllowed,
            $"The method {http.Request.Method} is not allowed on this resource; use {allowedMethods}.",
            ApiErrorCodes.MethodNotAllowed);
        return Reject(http, error);
    }

    /// <summary>
    /// Middleware, after routing: a request under <c>/restcomm</c> (any case, as routes match) that no endpoint took
    /// gets <see cref="NotFound"/>; everything else goes on. Its body keeps the API's size limit
    /// (<paramref name="maxRequestBodySize"/>, as the routes' metadata gives theirs): Kestrel reads an unread body to
    /// its end before the connection serves the next request, and without it would read up to its own 30 MB.
    /// </summary>
    public static Task NotFoundWhenUnrouted(HttpContext http, RequestDelegate next, long maxRequestBodySize)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.GetEndpoint() is null && http.Request.Path.StartsWithSegments(RootPath, StringComparison.OrdinalIgnoreCase))
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = maxRequestBodySize;
            }

            return NotFound(http).ExecuteAsync(http);
        }

        return next(http);
    }

    public static IResult NotFound(HttpContext http)
    {
        ApiError error = new(StatusCodes.Status404NotFound,
            $"No API resource at this path. The resources are {RestcommApiRoutes.BasePath}/Accounts/{{AccountSid}}/SMS/Messages and "
            + $"{RestcommApiRoutes.BasePath}/Accounts/{{AccountSid}}/IncomingPhoneNumbers.",
            ApiErrorCodes.NotFound);
        return Reject(http, error);
    }

    private static IResult Reject(HttpContext http, ApiError error)
    {
        ILogger logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiFallbacks));
        return ApiRequests.Reject(logger, http.Request, ResponseFormats.ForRequest(http.Request), error);
    }
}
