using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// <c>/Accounts/{AccountSid}/IncomingPhoneNumbers</c>: the numbers whose inbound SMS the bridge routes, with their
/// SMS application URLs (Restcomm's IncomingPhoneNumbers resource, SMS fields only). Runs behind
/// <see cref="AccountAuthenticationFilter"/>; another account's number is simply not found.
/// </summary>
internal sealed class IncomingPhoneNumbersHandler
{
    /// <summary>Query parameters of the list; <c>AfterSid</c> rides in our own next_page_uri and is ignored.</summary>
    public static readonly string[] ListParameters = ["PhoneNumber", "FriendlyName", "Page", "PageSize", "AfterSid"];

    private readonly IPhoneNumberStore _numbers;
    private readonly ApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IncomingPhoneNumbersHandler> _logger;

    public IncomingPhoneNumbersHandler(IPhoneNumberStore numbers, IOptions<ApiOptions> options, TimeProvider time,
        ILogger<IncomingPhoneNumbersHandler> logger)
    {
        _numbers = numbers;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>GET list, with Restcomm's <c>PhoneNumber</c> / <c>FriendlyName</c> filters and paging envelope.</summary>
    public async Task<IResult> ListAsync(HttpContext http, string accountSid, bool jsonSuffix)
    {
        HttpRequest request = http.Request;
        ResponseFormat format = ResponseFormats.Select(request, jsonSuffix);
        if (ApiRequests.TryFindUnknown(request.Query.Keys, ListParameters, allowXHeaders: false, out ApiError? unknown, allowCacheBuster: true))
        {
            return ApiRequests.Reject(_logger, request, format, unknown);
        }

        if (!MessageListRequest.TryParsePaging(request.Query, _options, out int page, out int pageSize, out _, out string? error))
        {
            return ApiRequests.Reject(_logger, request, format, ApiError.BadRequest(error));
        }

        PhoneNumberQuery query = new()
        {
            PhoneNumber = MessageListRequest.NullIfEmpty(MessageListRequest.First(request.Query, "PhoneNumber")),
            FriendlyName = MessageListRequest.NullIfEmpty(MessageListRequest.First(request.Query, "FriendlyName")),
            Page = page,
            PageSize = pageSize,
        };
        PhoneNumberPage result = await _numbers.ListAsync(accountSid, query, http.RequestAborted);
        if (ApiRequests.PageBeyondLast(_logger, request, result.Page, result.Total, result.PageSize) is { } beyond)
        {
            return beyond;
        }

        string pathUri = ApiRequests.PathUri(request);
        return RestcommResult.Create(
            StatusCodes.Status200OK,
            format,
            json => IncomingPhoneNumberRepresentation.WriteListJson(json, result, pathUri),
            xml => IncomingPhoneNumberRepresentation.WriteListXml(xml, result, pathUri));
    }

    /// <summary>
    /// POST create: 200 with the new number; 400 with code 21452 when the number is already provisioned (in any
    /// account), as Restcomm answers.
    /// </summary>
    public async Task<IResult> CreateAsync(HttpContext http, string accountSid, bool jsonSuffix)
    {
        HttpRequest request = http.Request;
        ResponseFormat format = ResponseFormats.Select(request, jsonSuffix);
        (IFormCollection form, ApiError? formError) = await ApiRequests.ReadFormAsync(request);
        if (formError is not null)
        {
            return ApiRequests.Reject(_logger, request, format, formError);
        }

        if (!IncomingPhoneNumberForm.TryCreate(form, accountSid, _time.GetUtcNow(), out IncomingPhoneNumber? number, out ApiError? error))
        {
            return ApiRequests.Reject(_logger, request, format, error);
        }

        PhoneNumberWriteResult written = await _numbers.CreateAsync(number, http.RequestAborted);
        if (written != PhoneNumberWriteResult.Applied)
        {
            return ApiRequests.Reject(_logger, request, format, AlreadyProvisioned(number.PhoneNumber));
        }

        ApiLog.PhoneNumberCreated(_logger, number.Sid, number.PhoneNumber, accountSid);
        return Representation(format, number);
    }

    /// <summary>GET one; 404 with an empty body when unknown in this account, 400 when not a number sid at all.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string accountSid, string numberSid)
    {
        string sid = ResponseFormats.StripJsonSuffix(numberSid, out bool jsonSuffix);
        ResponseFormat format = ResponseFormats.Select(http.Request, jsonSuffix);
        if (!Sids.IsValid(sid, Sids.PhoneNumberPrefix))
        {
            return ApiRequests.Reject(_logger, http.Request, format, NotASid(sid));
        }

        IncomingPhoneNumber? number = await FindAsync(accountSid, sid, http.RequestAborted);
        return number is null ? Results.StatusCode(StatusCodes.Status404NotFound) : Representation(format, number);
    }

    /// <summary>POST (or PUT) update: only the parameters present change.</summary>
    public async Task<IResult> UpdateAsync(HttpContext http, string accountSid, string numberSid)
    {
        HttpRequest request = http.Request;
        string sid = ResponseFormats.StripJsonSuffix(numberSid, out bool jsonSuffix);
        ResponseFormat format = ResponseFormats.Select(request, jsonSuffix);
        if (!Sids.IsValid(sid, Sids.PhoneNumberPrefix))
        {
            return ApiRequests.Reject(_logger, request, format, NotASid(sid));
        }

        IncomingPhoneNumber? current = await FindAsync(accountSid, sid, http.RequestAborted);
        if (current is null)
        {
            return Results.StatusCode(StatusCodes.Status404NotFound);
        }

        (IFormCollection form, ApiError? formError) = await ApiRequests.ReadFormAsync(request);
        if (formError is not null)
        {
            return ApiRequests.Reject(_logger, request, format, formError);
        }

        if (!IncomingPhoneNumberForm.TryUpdate(form, current, _time.GetUtcNow(), out IncomingPhoneNumber? updated, out ApiError? error))
        {
            return ApiRequests.Reject(_logger, request, format, error);
        }

        PhoneNumberWriteResult written = await _numbers.UpdateAsync(updated, http.RequestAborted);
        switch (written)
        {
            case PhoneNumberWriteResult.NotFound:
                // Deleted between the read and the write.
                return Results.StatusCode(StatusCodes.Status404NotFound);
            case PhoneNumberWriteResult.Conflict:
                return ApiRequests.Reject(_logger, request, format, AlreadyProvisioned(updated.PhoneNumber));
            default:
                ApiLog.PhoneNumberUpdated(_logger, updated.Sid, accountSid);
                return Representation(format, updated);
        }
    }

    /// <summary>DELETE: 204 No Content, 404 when unknown in this account, 400 when not a number sid at all.</summary>
    public async Task<IResult> DeleteAsync(HttpContext http, string accountSid, string numberSid)
    {
        string sid = ResponseFormats.StripJsonSuffix(numberSid, out bool jsonSuffix);
        if (!Sids.IsValid(sid, Sids.PhoneNumberPrefix))
        {
            return ApiRequests.Reject(_logger, http.Request, ResponseFormats.Select(http.Request, jsonSuffix), NotASid(sid));
        }

        bool deleted = await _numbers.DeleteAsync(accountSid, sid, http.RequestAborted);
        if (!deleted)
        {
            return Results.StatusCode(StatusCodes.Status404NotFound);
        }

        ApiLog.PhoneNumberDeleted(_logger, sid, accountSid);
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private Task<IncomingPhoneNumber?> FindAsync(string accountSid, string sid, CancellationToken cancellationToken) =>
        _numbers.GetAsync(accountSid, sid, cancellationToken);

    private static ApiError NotASid(string sid) =>
        ApiError.BadRequest($"'{sid}' is not an incoming phone number sid: PN followed by 32 lowercase hexadecimal digits.");

    private static RestcommResult Representation(ResponseFormat format, IncomingPhoneNumber number) =>
        RestcommResult.Create(
            StatusCodes.Status200OK,
            format,
            json => IncomingPhoneNumberRepresentation.WriteJson(json, number),
            xml => IncomingPhoneNumberRepresentation.WriteXml(xml, number));

    // Restcomm answers a number it already has with 400 and its error 21452 ("number already provisioned"), not 409.
    private static ApiError AlreadyProvisioned(string phoneNumber) =>
        ApiError.BadRequest($"The phone number {phoneNumber} is already provisioned.", ApiErrorCodes.PhoneNumberAlreadyProvisioned);
}
