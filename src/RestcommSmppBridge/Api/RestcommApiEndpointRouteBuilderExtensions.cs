using RestcommSmppBridge.Api;

// In the framework's namespace for MapXxx methods, so Program.cs needs no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Routes of the Restcomm-compatible REST API.</summary>
public static class RestcommApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/restcomm/2012-04-24/Accounts/{AccountSid}/…</c>: SMS/Messages (send, list, fetch) and
    /// IncomingPhoneNumbers (list, create, fetch, update, delete), each with and without the <c>.json</c> suffix.
    /// Unknown paths give 404 and wrong methods 405, both without a body.
    /// </summary>
    public static IEndpointRouteBuilder MapRestcommApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder account = endpoints.MapGroup(RestcommApiRoutes.BasePath + RestcommApiRoutes.AccountPath);

        // The exception filter is added first, so it wraps authentication too.
        account.AddEndpointFilter<ApiExceptionFilter>();
        account.AddEndpointFilter<AccountAuthenticationFilter>();

        account.MapPost("/SMS/Messages", (HttpContext http, string accountSid, SmsMessagesHandler handler) =>
            handler.SendAsync(http, accountSid, jsonSuffix: false));
        account.MapPost("/SMS/Messages.json", (HttpContext http, string accountSid, SmsMessagesHandler handler) =>
            handler.SendAsync(http, accountSid, jsonSuffix: true));
        account.MapGet("/SMS/Messages", (HttpContext http, string accountSid, SmsMessagesHandler handler) =>
            handler.ListAsync(http, accountSid, jsonSuffix: false));
        account.MapGet("/SMS/Messages.json", (HttpContext http, string accountSid, SmsMessagesHandler handler) =>
            handler.ListAsync(http, accountSid, jsonSuffix: true));
        account.MapGet("/SMS/Messages/{smsSid}", (HttpContext http, string accountSid, string smsSid, SmsMessagesHandler handler) =>
            handler.GetAsync(http, accountSid, smsSid));

        account.MapGet("/IncomingPhoneNumbers", (HttpContext http, string accountSid, IncomingPhoneNumbersHandler handler) =>
            handler.ListAsync(http, accountSid, jsonSuffix: false));
        account.MapGet("/IncomingPhoneNumbers.json", (HttpContext http, string accountSid, IncomingPhoneNumbersHandler handler) =>
            handler.ListAsync(http, accountSid, jsonSuffix: true));
        account.MapPost("/IncomingPhoneNumbers", (HttpContext http, string accountSid, IncomingPhoneNumbersHandler handler) =>
            handler.CreateAsync(http, accountSid, jsonSuffix: false));
        account.MapPost("/IncomingPhoneNumbers.json", (HttpContext http, string accountSid, IncomingPhoneNumbersHandler handler) =>
            handler.CreateAsync(http, accountSid, jsonSuffix: true));
        account.MapGet("/IncomingPhoneNumbers/{numberSid}", (HttpContext http, string accountSid, string numberSid, IncomingPhoneNumbersHandler handler) =>
            handler.GetAsync(http, accountSid, numberSid));
        account.MapMethods("/IncomingPhoneNumbers/{numberSid}", [HttpMethods.Post, HttpMethods.Put],
            (HttpContext http, string accountSid, string numberSid, IncomingPhoneNumbersHandler handler) =>
                handler.UpdateAsync(http, accountSid, numberSid));
        account.MapDelete("/IncomingPhoneNumbers/{numberSid}", (HttpContext http, string accountSid, string numberSid, IncomingPhoneNumbersHandler handler) =>
            handler.DeleteAsync(http, accountSid, numberSid));

        return endpoints;
    }
}
