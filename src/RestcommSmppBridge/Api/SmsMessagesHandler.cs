using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// <c>/Accounts/{AccountSid}/SMS/Messages</c> (restcomm.md §1.1–§1.8). Runs behind <see cref="AccountAuthenticationFilter"/> (the send
/// through <see cref="SendSmsEndpoint"/>, which runs the same checks),
/// so the path account is the authenticated, active account.
/// </summary>
internal sealed class SmsMessagesHandler
{
    /// <summary>The 503 message while the bridge shuts down.</summary>
    public const string ShuttingDownMessage = "The service is shutting down; retry later.";

    // One message's representation; static, so a response captures no closure.
    private static readonly Action<Utf8JsonWriter, SmsMessage> s_writeJson = SmsMessageRepresentation.WriteJson;
    private static readonly Action<XmlWriter, SmsMessage> s_writeXml = SmsMessageRepresentation.WriteXml;

    private readonly IMessageStore _messages;
    private readonly ApiAdmission _admission;
    private readonly ApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SmsMessagesHandler> _logger;

    // Absent in API-only hosts (tests); taken at construction, since reaching it through the request's services made
    // every send create a DI scope.
    private readonly RestcommSmppBridge.Outbound.IOutboxSignal? _outbox;

    public SmsMessagesHandler(IMessageStore messages, ApiAdmission admission, IOptions<ApiOptions> options,
        TimeProvider time, ILogger<SmsMessagesHandler> logger, RestcommSmppBridge.Outbound.IOutboxSignal? outbox = null)
    {
        _messages = messages;
        _admission = admission;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _outbox = outbox;
    }

    /// <summary>
    /// POST: validates, stores the message as <c>queued</c> / <c>outbound-api</c>, and answers 200 with the record only
    /// once the insert is committed, so an acknowledged message survives a crash. Sending is the outbound side's job.
    /// </summary>
    public async Task<IResult> SendAsync(HttpContext http, string accountSid, bool jsonSuffix)
    {
        HttpRequest request = http.Request;
        ResponseFormat format = ResponseFormats.Select(request, jsonSuffix);
        if (!_admission.IsAcceptingSends)
        {
            ApiLog.SendRefusedShuttingDown(_logger, accountSid);
            return RestcommResult.Error(format, new ApiError(StatusCodes.Status503ServiceUnavailable, ShuttingDownMessage));
        }

        (IFormCollection form, ApiError? formError) = await ApiRequests.ReadFormAsync(request);
        if (formError is not null)
        {
            return ApiRequests.Reject(_logger, request, format, formError);
        }

        if (!SendSmsRequest.TryParse(form, _options.MaxBodyLength, out SendSmsRequest? send, out ApiError? error))
        {
            return ApiRequests.Reject(_logger, request, format, error);
        }

        DateTimeOffset now = _time.GetUtcNow();
        SmsMessage message = new()
        {
            Sid = Sids.NewMessageSid(),
            AccountSid = accountSid,
            From = send.From,
            To = send.To,
            Body = send.Body,
            Status = MessageStatus.Queued,
            Direction = MessageDirection.OutboundApi,
            DateCreated = now,
            DateUpdated = now,
            StatusCallback = send.StatusCallback,
            StatusCallbackMethod = send.StatusCallback is null ? null : send.StatusCallbackMethod,
            Encoding = send.Encoding,
        };

        await _messages.InsertAsync(message, http.RequestAborted);

        // Committed: wake the outbox dispatcher now rather than at its next poll (absent in API-only test hosts).
        _outbox?.Poke();

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Counting the parts costs an encoding of the body: only for a log line that will be written.
            int segments = SmsMessageRepresentation.NumSegments(message);
            ApiLog.MessageAccepted(_logger, message.Sid, accountSid, segments);
            ApiLog.MessageAcceptedDetail(_logger, message.Sid, message.From, message.To, message.Body);
        }

        return RestcommResult.Create(StatusCodes.Status200OK, format, message, s_writeJson, s_writeXml);
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
