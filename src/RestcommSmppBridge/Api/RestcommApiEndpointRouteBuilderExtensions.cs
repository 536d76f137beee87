using Microsoft.Extensions.Options;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Hosting;

// In the framework's namespace for MapXxx methods, so Program.cs needs no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Routes of the Restcomm-compatible REST API.</summary>
public static class RestcommApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/restcomm/2012-04-24/Accounts/{AccountSid}/…</c>: SMS/Messages (send, list, fetch) and
    /// IncomingPhoneNumbers (list, create, fetch, update, delete), each with and without the <c>.json</c> suffix.
    /// A known path with another method gives 405 with a message in the requested format; any other path under
    /// <c>/restcomm</c> gets the same for 404 from <see cref="UseRestcommApiNotFound"/>. Request bodies are limited
    /// to <see cref="ApiOptions.MaxRequestBodySize"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapRestcommApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ApiOptions options = endpoints.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value;
        RouteGroupBuilder account = endpoints.MapGroup(RestcommApiRoutes.BasePath + RestcommApiRoutes.AccountPath);
        account.WithMetadata(new ApiRequestSizeLimit(options.MaxRequestBodySize));

        // The handlers are singletons, taken once here: a handler parameter resolved per request made every request
        // create a DI scope for it.
        SmsMessagesHandler messages = endpoints.ServiceProvider.GetRequiredService<SmsMessagesHandler>();
        IncomingPhoneNumbersHandler numbers = endpoints.ServiceProvider.GetRequiredService<IncomingPhoneNumbersHandler>();

        // The exception filter is added first, so it wraps authentication too. Both are the registered singletons,
        // added as instances: AddEndpointFilter<T>() builds a new filter per request from the request's services,
        // which made every request create a DI scope as well (allocation trace of the daemon under load rest).
        account.AddEndpointFilter(endpoints.ServiceProvider.GetRequiredService<ApiExceptionFilter>());
        account.AddEndpointFilter(endpoints.ServiceProvider.GetRequiredService<AccountAuthenticationFilter>());

        // The send is a plain request delegate in a group of its own, which calls the filters' checks itself (see
        // SendSmsEndpoint). It may start on the socket engine's thread (see IoThreadHandoff): it authenticates from
        // memory and parses a small form before it waits for the writer; every other route is handed to the thread pool.
        SendSmsEndpoint send = endpoints.ServiceProvider.GetRequiredService<SendSmsEndpoint>();
        RouteGroupBuilder sends = endpoints.MapGroup(RestcommApiRoutes.BasePath + RestcommApiRoutes.AccountPath);
        sends.WithMetadata(new ApiRequestSizeLimit(options.MaxRequestBodySize), RunsOnIoThread.Instance);
        sends.MapPost("/SMS/Messages", (RequestDelegate)(http => send.HandleAsync(http, jsonSuffix: false)));
        sends.MapPost("/SMS/Messages.json", (RequestDelegate)(http => send.HandleAsync(http, jsonSuffix: true)));

        MapRead(account, "/SMS/Messages", (HttpContext http, string accountSid) =>
            messages.ListAsync(http, accountSid, jsonSuffix: false));
        MapRead(account, "/SMS/Messages.json", (HttpContext http, string accountSid) =>
            messages.ListAsync(http, accountSid, jsonSuffix: true));
        MapRead(account, "/SMS/Messages/{smsSid}", (HttpContext http, string accountSid, string smsSid) =>
            messages.GetAsync(http, accountSid, smsSid));

        MapRead(account, "/IncomingPhoneNumbers", (HttpContext http, string accountSid) =>
            numbers.ListAsync(http, accountSid, jsonSuffix: false));
        MapRead(account, "/IncomingPhoneNumbers.json", (HttpContext http, string accountSid) =>
            numbers.ListAsync(http, accountSid, jsonSuffix: true));
        account.MapPost("/IncomingPhoneNumbers", (HttpContext http, string accountSid) =>
            numbers.CreateAsync(http, accountSid, jsonSuffix: false));
        account.MapPost("/IncomingPhoneNumbers.json", (HttpContext http, string accountSid) =>
            numbers.CreateAsync(http, accountSid, jsonSuffix: true));
        MapRead(account, "/IncomingPhoneNumbers/{numberSid}", (HttpContext http, string accountSid, string numberSid) =>
            numbers.GetAsync(http, accountSid, numberSid));
        account.MapMethods("/IncomingPhoneNumbers/{numberSid}", [HttpMethods.Post, HttpMethods.Put],
            (HttpContext http, string accountSid, string numberSid) =>
                numbers.UpdateAsync(http, accountSid, numberSid));
        account.MapDelete("/IncomingPhoneNumbers/{numberSid}", (HttpContext http, string accountSid, string numberSid) =>
            numbers.DeleteAsync(http, accountSid, numberSid));

        // Endpoints without an HTTP method rank below those with one for the same path (HttpMethodMatcherPolicy), so
        // these answer exactly the methods the routes above do not serve.
        RouteGroupBuilder fallbacks = endpoints.MapGroup(RestcommApiRoutes.BasePath + RestcommApiRoutes.AccountPath);
        fallbacks.WithMetadata(new ApiRequestSizeLimit(options.MaxRequestBodySize));
        MapMethodNotAllowed(fallbacks, "/SMS/Messages", "GET, HEAD, POST");
        MapMethodNotAllowed(fallbacks, "/SMS/Messages.json", "GET, HEAD, POST");
        MapMethodNotAllowed(fallbacks, "/SMS/Messages/{smsSid}", "GET, HEAD");
        MapMethodNotAllowed(fallbacks, "/IncomingPhoneNumbers", "GET, HEAD, POST");
        MapMethodNotAllowed(fallbacks, "/IncomingPhoneNumbers.json", "GET, HEAD, POST");
        MapMethodNotAllowed(fallbacks, "/IncomingPhoneNumbers/{numberSid}", "GET, HEAD, POST, PUT, DELETE");

        // Any other path under /restcomm is answered by UseRestcommApiNotFound, not by a catch-all route: a catch-all
        // is a candidate for every API request, so on every send the matcher copied the rest of the path into a string
        // and built route values for it (0.25 KiB of the 3.7 KiB a paced send allocated).
        return endpoints;
    }

    /// <summary>
    /// The API's 404 for a path under <c>/restcomm</c> that no route takes, with a message in the requested format
    /// (<see cref="ApiFallbacks.NotFound"/>) and the API's request body limit. Add it after routing has run (any
    /// middleware added after the application is built) and with <see cref="MapRestcommApi"/>.
    /// </summary>
    public static IApplicationBuilder UseRestcommApiNotFound(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        long limit = app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodySize;
        return app.Use((http, next) => ApiFallbacks.NotFoundWhenUnrouted(http, next, limit));
    }

    /// <summary>
    /// A read route: GET, and HEAD as every JAX-RS resource of Restcomm answers it (the same status and headers, with
    /// Content-Length; Kestrel sends no body for a HEAD request).
    /// </summary>
    private static RouteHandlerBuilder MapRead(RouteGroupBuilder group, string pattern, Delegate handler) =>
        group.MapMethods(pattern, s_readMethods, handler);

    private static readonly string[] s_readMethods = [HttpMethods.Get, HttpMethods.Head];

    private static void MapMethodNotAllowed(RouteGroupBuilder group, string pattern, string allowedMethods) =>
        group.Map(pattern, (HttpContext http) => ApiFallbacks.MethodNotAllowed(http, allowedMethods));
}
