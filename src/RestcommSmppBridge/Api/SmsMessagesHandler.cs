using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// <c>GET /Accounts/{AccountSid}/SMS/Messages</c>, list and fetch (restcomm.md §1.8); the send is
/// <see cref="SendSmsEndpoint"/>. Runs behind <see cref="AccountAuthenticationFilter"/>, so the path account is the
/// authenticated, active account.
/// </summary>
internal sealed class SmsMessagesHandler
{
    // One message's representation; static, so a response captures no closure.
    private static readonly Action<Utf8JsonWriter, SmsMessage> s_writeJson = SmsMessageRepresentation.WriteJson;
    private static readonly Action<XmlWriter, SmsMessage> s_writeXml = SmsMessageRepresentation.WriteXml;

    private readonly IMessageStore _messages;
    private readonly ApiOptions _options;
    private readonly ILogger<SmsMessagesHandler> _logger;

    public SmsMessagesHandler(IMessageStore messages, IOptions<ApiOptions> options, ILogger<SmsMessagesHandler> logger)
    {
        _messages = messages;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// GET one: 404 with an empty body when the sid is unknown in this account (Restcomm's answer); 400 with a
    /// message when the value cannot be a message sid at all (Restcomm fails with 500 there).
    /// </summary>
    public async Task<IResult> GetAsync(HttpContext http, string accountSid, string smsSid)
    {
        string sid = ResponseFormats.StripJsonSuffix(smsSid, out bool jsonSuffix);
        ResponseFormat format = ResponseFormats.Select(http.Request, jsonSuffix);
        if (!Sids.IsValid(sid, Sids.MessagePrefix))
        {
            return ApiRequests.Reject(_logger, http.Request, format, ApiError.BadRequest(
                $"'{sid}' is not an SMS message sid: SM followed by 32 lowercase hexadecimal digits."));
        }

        SmsMessage? message = await _messages.GetAsync(accountSid, sid, http.RequestAborted);
        if (message is null)
        {
            return Results.StatusCode(StatusCodes.Status404NotFound);
        }

        return RestcommResult.Create(StatusCodes.Status200OK, format, message, s_writeJson, s_writeXml);
    }

    /// <summary>GET list: filters, sort and paging of restcomm.md §1.8; a page past the last is 400 with no body.</summary>
    public async Task<IResult> ListAsync(HttpContext http, string accountSid, bool jsonSuffix)
    {
        HttpRequest request = http.Request;
        ResponseFormat format = ResponseFormats.Select(request, jsonSuffix);
        if (!MessageListRequest.TryParse(request.Query, _options, out MessageQuery? query, out bool clamped, out ApiError? error))
        {
            return ApiRequests.Reject(_logger, request, format, error);
        }

        if (clamped)
        {
            ApiLog.PageSizeClamped(_logger, request.Path, _options.MaxPageSize);
        }

        MessagePage page = await _messages.ListAsync(accountSid, query, http.RequestAborted);
        if (ApiRequests.PageBeyondLast(_logger, request, page.Page, page.Total, page.PageSize) is { } beyond)
        {
            return beyond;
        }

        string pathUri = ApiRequests.PathUri(request);
        return RestcommResult.Create(
            StatusCodes.Status200OK,
            format,
            json => MessageListRepresentation.WriteJson(json, page, pathUri),
            xml => MessageListRepresentation.WriteXml(xml, page));
    }
}
