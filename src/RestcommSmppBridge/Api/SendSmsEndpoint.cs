namespace RestcommSmppBridge.Api;

/// <summary>
/// <c>POST …/SMS/Messages[.json]</c> as a plain request delegate: the same authentication
/// (<see cref="AccountAuthenticationFilter.AuthorizeAsync"/>), exception answers (<see cref="ApiExceptionFilter.ToResult"/>)
/// and handler (<see cref="SmsMessagesHandler.SendAsync"/>) as behind the API group's endpoint filters, called
/// directly. Why: the send is the API's hot path, and the filter pipeline cost each send an invocation context and
/// three async state machines of its own and the framework's (the exception filter's, and the request delegate
/// factory's two that adapt a filtered handler's task), about 0.45 KiB of the 3.5 KiB a paced send allocated.
/// </summary>
internal sealed class SendSmsEndpoint
{
    private readonly SmsMessagesHandler _messages;
    private readonly AccountAuthenticationFilter _authentication;
    private readonly ApiExceptionFilter _errors;

    public SendSmsEndpoint(SmsMessagesHandler messages, AccountAuthenticationFilter authentication, ApiExceptionFilter errors)
    {
        _messages = messages;
        _authentication = authentication;
        _errors = errors;
    }

    public async Task HandleAsync(HttpContext http, bool jsonSuffix)
    {
        IResult result;
        try
        {
            // The route's pattern has {accountSid}, so the value is there; the check compares it with the credentials.
            result = await _authentication.AuthorizeAsync(http)
                ?? await _messages.SendAsync(http, (string)http.Request.RouteValues["accountSid"]!, jsonSuffix);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result = _errors.ToResult(http, exception);
        }

        // Outside the try, as the framework runs a handler's result after its filters: the body was serialized when
        // the result was created, in the handler.
        await result.ExecuteAsync(http);
    }
}
