using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace RestcommSmppBridge.Api;

/// <summary>Small helpers shared by the handlers: reading the form, refusing unknown parameters, answering errors.</summary>
internal static class ApiRequests
{
    /// <summary>
    /// Restcomm answers a page past the last one with 400 and an empty body (restcomm.md §1.8); null when the page
    /// exists. Shared by every paged list.
    /// </summary>
    public static IResult? PageBeyondLast(ILogger logger, HttpRequest request, int page, int total, int pageSize)
    {
        if (page <= PagingEnvelope.LastPageIndex(total, pageSize))
        {
            return null;
        }

        ApiLog.RequestRejected(logger, request.Method, request.Path, StatusCodes.Status400BadRequest, "page past the last one");
        return Results.StatusCode(StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Reads the request's form: <c>application/x-www-form-urlencoded</c> with <see cref="UrlEncodedForm"/>,
    /// <c>multipart/form-data</c> with the framework's reader. A request without a body reads as an empty form
    /// (Restcomm then answers as if every parameter were missing: "From can not be null."). A body that is not a form
    /// is 415, a malformed form 400 and a body over the size limit 413, each with a message instead of Restcomm's 415
    /// page or 500.
    /// </summary>
    public static async ValueTask<(IFormCollection Form, ApiError? Error)> ReadFormAsync(HttpRequest request)
    {
        try
        {
            if (UrlEncodedForm.IsUrlEncoded(request.Headers.ContentType, out System.Text.Encoding encoding))
            {
                return (await UrlEncodedForm.ReadAsync(request.BodyReader, encoding, request.HttpContext.RequestAborted), null);
            }

            if (request.HasFormContentType)
            {
                return (await request.ReadFormAsync(request.HttpContext.RequestAborted), null);
            }
        }
        catch (InvalidDataException exception)
        {
            // The readers' own limits (1,024 values, 2 KiB names) and multipart framing mistakes.
            return (FormCollection.Empty, ApiError.BadRequest($"The form body is malformed: {exception.Message}"));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (FormCollection.Empty, TooLarge(request.HttpContext));
        }

        bool hasBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? request.ContentLength > 0;
        if (!hasBody)
        {
            return (FormCollection.Empty, null);
        }

        string contentType = string.IsNullOrEmpty(request.ContentType) ? "none" : $"'{request.ContentType}'";
        return (FormCollection.Empty, new ApiError(StatusCodes.Status415UnsupportedMediaType,
            $"The body must be a form: Content-Type application/x-www-form-urlencoded (or multipart/form-data), not {contentType}."));
    }

    /// <summary>413 naming the limit in force for this request.</summary>
    public static ApiError TooLarge(HttpContext http)
    {
        long? limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        string limitText = limit is long bytes ? string.Create(CultureInfo.InvariantCulture, $" of {bytes} bytes") : string.Empty;
        return new ApiError(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit{limitText}.");
    }

    /// <summary>
    /// Finds the first parameter whose name is not in <paramref name="allowed"/>, so a misspelt or unsupported
    /// parameter is an error instead of being silently ignored. Names compare case-insensitively, as ASP.NET Core's
    /// form and query collections look them up (Restcomm is case-sensitive and ignores <c>to</c>; we accept it as
    /// <c>To</c>). Names starting with <c>X-</c> pass when <paramref name="allowXHeaders"/> is set (Restcomm copies
    /// them into SIP headers; the bridge ignores them). The query parameter <c>_</c> passes when
    /// <paramref name="allowCacheBuster"/> is set: browser clients add it to GETs to defeat caches (jQuery's
    /// <c>cache: false</c>), and Restcomm ignores it.
    /// </summary>
    public static bool TryFindUnknown(IEnumerable<string> names, IReadOnlyList<string> allowed, bool allowXHeaders,
        [NotNullWhen(true)] out ApiError? error, bool allowCacheBuster = false)
    {
        foreach (string name in names)
        {
            if (IsUnknown(name, allowed, allowXHeaders, allowCacheBuster, out error))
            {
                return true;
            }
        }

        error = null;
        return false;
    }

    /// <summary>
    /// <see cref="TryFindUnknown(IEnumerable{string}, IReadOnlyList{string}, bool, out ApiError?, bool)"/> for a form:
    /// the form readers' own collection is walked with its struct enumerator, where its key collection seen as an
    /// <see cref="IEnumerable{T}"/> boxed one per request (every API send).
    /// </summary>
    public static bool TryFindUnknown(IFormCollection form, IReadOnlyList<string> allowed, bool allowXHeaders,
        [NotNullWhen(true)] out ApiError? error)
    {
        if (form is not FormCollection concrete)
        {
            return TryFindUnknown(form.Keys, allowed, allowXHeaders, out error);
        }

        foreach (KeyValuePair<string, StringValues> pair in concrete)
        {
            if (IsUnknown(pair.Key, allowed, allowXHeaders, allowCacheBuster: false, out error))
            {
                return true;
            }
        }

        error = null;
        return false;
    }

    private static bool IsUnknown(string name, IReadOnlyList<string> allowed, bool allowXHeaders, bool allowCacheBuster,
        [NotNullWhen(true)] out ApiError? error)
    {
        if (IsAllowed(allowed, name) || (allowXHeaders && name.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            || (allowCacheBuster && name == "_"))
        {
            error = null;
            return false;
        }

        error = ApiError.BadRequest($"Unknown parameter '{name}'; the accepted parameters are {string.Join(", ", allowed)}.");
        return true;
    }

    /// <summary>Logs the refusal and answers it in <paramref name="format"/>.</summary>
    public static IResult Reject(ILogger logger, HttpRequest request, ResponseFormat format, ApiError error)
    {
        ApiLog.RequestRejected(logger, request.Method, request.Path, error.StatusCode, error.Message);
        return RestcommResult.Error(format, error);
    }

    /// <summary>The request path as received (with <c>/restcomm</c> and any <c>.json</c>), used for list links.</summary>
    public static string PathUri(HttpRequest request) => (request.PathBase + request.Path).ToString();

    private static bool IsAllowed(IReadOnlyList<string> allowed, string name)
    {
        for (int i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
