using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>load bare-server</c>: the calibration point of the issue, "a bare Kestrel form-POST endpoint that stores
/// nothing". Same route, same form, an answer of about the daemon's size, but no authentication, no validation, no
/// store and no logging. <c>load rest --baseline</c> starts it as a separate process (server GC, as the daemon) and
/// runs the same load against it, so the daemon's figures can be read against what this machine does at that
/// moment with nothing but Kestrel in the way.
/// </summary>
internal static class BareServer
{
    // The length of the daemon's JSON answer to a send, so both write the same bytes per response.
    private static readonly byte[] s_answer = System.Text.Encoding.UTF8.GetBytes(
        "{\n  \"sid\": \"SM00000000000000000000000000000000\",\n  \"date_created\": \"Thu, 19 Nov 2015 07:21:24 +0000\",\n" +
        "  \"date_updated\": \"Thu, 19 Nov 2015 07:21:24 +0000\",\n  \"account_sid\": \"AC00000000000000000000000000000000\",\n" +
        "  \"from\": \"+15550001111\",\n  \"to\": \"+15552000000\",\n  \"body\": \"Your verification code is 100000. It expires in 10 minutes.\",\n" +
        "  \"status\": \"queued\",\n  \"direction\": \"outbound-api\",\n  \"price\": \"0\",\n  \"price_unit\": \"USD\",\n  \"api_version\": \"2012-04-24\",\n" +
        "  \"uri\": \"/2012-04-24/Accounts/AC00000000000000000000000000000000/SMS/Messages/SM00000000000000000000000000000000.json\",\n" +
        "  \"num_segments\": \"1\"\n}");

    /// <summary>Runs until the process is stopped; the address comes from the <c>Urls</c> environment variable.</summary>
    public static async Task<int> RunAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        WebApplication app = builder.Build();
        app.MapPost("/restcomm/2012-04-24/Accounts/{accountSid}/SMS/Messages.json", async (HttpContext http) =>
        {
            IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
            http.Response.StatusCode = form.Count > 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = s_answer.Length;
            await http.Response.Body.WriteAsync(s_answer, http.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }
}
