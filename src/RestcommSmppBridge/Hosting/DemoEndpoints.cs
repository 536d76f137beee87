using System.Security;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The demo's HTTP side: <c>/demo/sms</c>, a sample RCML application that echoes the SMS it receives, and
/// <c>/demo/mo</c>, which makes the embedded simulator send an MO (loopback callers only).
/// </summary>
public static class DemoEndpoints
{
    /// <summary>The echo application, the demo number's SmsUrl.</summary>
    public const string SmsPath = "/demo/sms";

    /// <summary>Injects an MO through the simulator.</summary>
    public const string MoPath = "/demo/mo";

    /// <summary>Maps both endpoints when the demo is on (<see cref="DemoServiceCollectionExtensions.AddDemo"/>); else nothing.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<DemoRuntime>() is null)
        {
            return endpoints;
        }

        endpoints.MapMethods(SmsPath, [HttpMethods.Get, HttpMethods.Post], static async (HttpContext http) =>
        {
            string body = await ReadParameterAsync(http.Request, "Body").ConfigureAwait(false) ?? string.Empty;
            return Results.Content(EchoDocument(body), "application/xml");
        });
        endpoints.MapPost(MoPath, static async (HttpContext http, DemoRuntime demo) =>
        {
            if (!OperationsEndpoints.IsLocal(http.Connection))
            {
                return Results.NotFound();
            }

            string from = await ReadParameterAsync(http.Request, "From").ConfigureAwait(false) ?? "+15550199";
            string to = await ReadParameterAsync(http.Request, "To").ConfigureAwait(false) ?? demo.Settings.Number;
            string body = await ReadParameterAsync(http.Request, "Body").ConfigureAwait(false) ?? "Hello from the demo";
            try
            {
                IReadOnlyList<Smpp.Protocol.CommandStatus> statuses = await demo.Simulator
                    .InjectMoAsync(from, to, body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                string[] answers = new string[statuses.Count];
                for (int i = 0; i < answers.Length; i++)
                {
                    answers[i] = statuses[i].ToString();
                }

                return Results.Json(new DemoMoResult(from, to, statuses.Count, answers), DemoJsonContext.Default.DemoMoResult);
            }
            catch (SmppNotSentException)
            {
                return Results.Problem("The demo carrier is not bound to the simulator yet; try again in a second.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        return endpoints;
    }

    /// <summary>The RCML answer to an SMS: one reply repeating its text, XML-escaped.</summary>
    internal static string EchoDocument(string body) =>
        $"<Response><Sms>You said: {SecurityElement.Escape(body)}</Sms></Response>";

    private static async Task<string?> ReadParameterAsync(HttpRequest request, string name)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (form.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues value) && !string.IsNullOrEmpty(value))
            {
                return value.ToString();
            }
        }

        return request.Query.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues query) && !string.IsNullOrEmpty(query)
            ? query.ToString()
            : null;
    }
}

/// <summary>The answer of <c>/demo/mo</c>: the deliver_sm_resp status of each part.</summary>
internal sealed record DemoMoResult(string From, string To, int Parts, IReadOnlyList<string> Statuses);

/// <summary>Source-generated JSON of the demo endpoints.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(DemoMoResult))]
internal sealed partial class DemoJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
