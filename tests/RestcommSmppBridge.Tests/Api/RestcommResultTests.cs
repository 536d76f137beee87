using System.Text;
using Microsoft.AspNetCore.Http;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// The response body's array comes from the pool and goes back once written: the body must still be whole, sized by
/// Content-Length, and a second write of the same result (whose array may serve another response by then) refused.
/// </summary>
[TestFixture]
[CancelAfter(10_000)]
internal sealed class RestcommResultTests
{
    [Test]
    public async Task ExecuteAsync_Json_WritesTheWholeBodyWithItsLength()
    {
        string body = new('x', 5000);
        RestcommResult result = RestcommResult.Error(ResponseFormat.Json, ApiError.BadRequest(body));
        DefaultHttpContext http = NewContext();

        await result.ExecuteAsync(http);

        string written = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(http.Response.StatusCode, Is.EqualTo(StatusCodes.Status400BadRequest));
            Assert.That(http.Response.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(http.Response.ContentLength, Is.EqualTo(Encoding.UTF8.GetByteCount(written)));
            Assert.That(written, Does.StartWith("{\n  \"message\": \"xxx").And.EndWith("\"status\": 400\n}"));
            Assert.That(written, Does.Contain(body));
        });
    }

    [TestCase(ResponseFormat.Json)]
    [TestCase(ResponseFormat.Xml)]
    public async Task ExecuteAsync_Twice_Refused(ResponseFormat format)
    {
        RestcommResult result = RestcommResult.Error(format, ApiError.BadRequest("once"));
        await result.ExecuteAsync(NewContext());

        Assert.That(async () => await result.ExecuteAsync(NewContext()), Throws.InvalidOperationException);
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };
}
