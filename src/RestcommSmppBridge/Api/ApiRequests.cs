namespace RestcommSmppBridge.Api;

/// <summary>Small helpers shared by the handlers.</summary>
internal static class ApiRequests
{
    /// <summary>
    /// The request's form, or an empty one when the body is not a form (Restcomm then answers as if every parameter
    /// were missing). A malformed body surfaces as <see cref="BadHttpRequestException"/>, turned into 400 by
    /// <see cref="ApiExceptionFilter"/>.
    /// </summary>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return FormCollection.Empty;
        }

        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException exception)
        {
            throw new BadHttpRequestException("The form body is malformed.", StatusCodes.Status400BadRequest, exception);
        }
    }

    /// <summary>The request path as received (with <c>/restcomm</c> and any <c>.json</c>), used for list links.</summary>
    public static string PathUri(HttpRequest request) => (request.PathBase + request.Path).ToString();

    /// <summary>400 with a plain-text body, as Restcomm answers validation errors.</summary>
    public static IResult BadRequestText(string message) =>
        Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
