using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// <c>POST /Accounts/{AccountSid}/SMS/Messages[.json]</c> (restcomm.md §1.1–§1.7): validates, stores the message as
/// <c>queued</c> / <c>outbound-api</c>, and answers 200 with the record only once the insert is committed, so an
/// acknowledged message survives a crash. Sending is the outbound side's job.
/// </summary>
/// <remarks>
/// A plain request delegate, not a handler behind the API group's endpoint filters: it calls the same authentication
/// (<see cref="AccountAuthenticationFilter.AuthorizeAsync"/>) and exception answers
/// (<see cref="ApiExceptionFilter.ToResult"/>) itself, in one async method. The send is the API's hot path, and the
/// filter pipeline cost each send an invocation context and three async state machines of its own and the
/// framework's, and the handler a fourth: about 0.6 KiB of the 3.5 KiB a paced send allocated.
/// </remarks>
internal sealed class SendSmsEndpoint
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
    private readonly AccountAuthenticationFilter _authentication;
    private readonly ApiExceptionFilter _errors;
    private readonly ILogger<SendSmsEndpoint> _logger;

    // Absent in API-only hosts (tests); taken at construction, since reaching it through the request's services made
    // every send create a DI scope.
    private readonly RestcommSmppBridge.Outbound.IOutboxSignal? _outbox;

    public SendSmsEndpoint(IMessageStore messages, ApiAdmission admission, IOptions<ApiOptions> options, TimeProvider time,
        AccountAuthenticationFilter authentication, ApiExceptionFilter errors, ILogger<SendSmsEndpoint> logger,
        RestcommSmppBridge.Outbound.IOutboxSignal? outbox = null)
    {
        _messages = messages;
        _admission = admission;
        _options = options.Value;
        _time = time;
        _authentication = authentication;
        _errors = errors;
        _logger = logger;
        _outbox = outbox;
    }

    public async Task HandleAsync(HttpContext http, bool jsonSuffix)
    {
        IResult? result;
        try
        {
            result = await _authentication.AuthorizeAsync(http);
            if (result is null)
            {
                // The route's pattern has {accountSid}, and authorization found it to be the caller's account.
                HttpRequest request = http.Request;
                string accountSid = (string)request.RouteValues["accountSid"]!;
                ResponseFormat format = ResponseFormats.Select(request, jsonSuffix);
                if (!_admission.IsAcceptingSends)
                {
                    ApiLog.SendRefusedShuttingDown(_logger, accountSid);
                    result = RestcommResult.Error(format, new ApiError(StatusCodes.Status503ServiceUnavailable, ShuttingDownMessage));
                }
                else
                {
                    (IFormCollection form, ApiError? formError) = await ApiRequests.ReadFormAsync(request);
                    result = TryCreate(request, format, accountSid, form, formError, out SmsMessage? message);
                    if (message is not null)
                    {
                        await _messages.InsertAsync(message, http.RequestAborted);
                        result = Accepted(message, accountSid, format);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result = _errors.ToResult(http, exception);
        }

        // Outside the try, as the framework runs a handler's result after its filters: the body was serialized when
        // the result was created.
        await result!.ExecuteAsync(http);
    }

    /// <summary>The message the form asks for (and null), or the refusal of the form (and no message).</summary>
    private IResult? TryCreate(HttpRequest request, ResponseFormat format, string accountSid, IFormCollection form, ApiError? formError,
        out SmsMessage? message)
    {
        message = null;
        if (formError is not null)
        {
            return ApiRequests.Reject(_logger, request, format, formError);
        }

        if (!SendSmsRequest.TryParse(form, _options.MaxBodyLength, out SendSmsRequest? send, out ApiError? error))
        {
            return ApiRequests.Reject(_logger, request, format, error);
        }

        DateTimeOffset now = _time.GetUtcNow();
        message = new SmsMessage
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
        return null;
    }

    /// <summary>The answer once the message is committed.</summary>
    private RestcommResult Accepted(SmsMessage message, string accountSid, ResponseFormat format)
    {
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
}
