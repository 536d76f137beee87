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

    private static readonly object[] s_unfitForXml =
    [
        new object[] { "bell\u0007here", "bell\uFFFDhere", "bell\u0007here" },
        new object[] { "page\u000Cbreak", "page\uFFFDbreak", "page\u000Cbreak" },
        new object[] { "nul\u0000 and \uFFFE \uFFFF", "nul\uFFFD and \uFFFD \uFFFD", "nul\u0000 and \uFFFE \uFFFF" },

        // Built from char codes: a lone surrogate does not survive an attribute argument (stored as UTF-8). JSON has
        // no way to carry one either: its encoder writes U+FFFD.
        new object[] { $"lone {(char)0xD800} high, lone {(char)0xDC00} low", "lone \uFFFD high, lone \uFFFD low", "lone \uFFFD high, lone \uFFFD low" },
    ];

    [TestCaseSource(nameof(s_unfitForXml))]
    public async Task Create_TextXmlCannotCarry_XmlReplacesItJsonEscapesIt(string text, string inXml, string inJson)
    {
        // A stored body or name may hold characters XML 1.0 has no place for (a GSM page break is U+000C): the XML
        // answer replaces them instead of failing, the JSON one keeps them (escaped).
        string xml = await WrittenAsync(RestcommResult.Error(ResponseFormat.Xml, ApiError.BadRequest(text)));
        string json = await WrittenAsync(RestcommResult.Error(ResponseFormat.Json, ApiError.BadRequest(text)));

        Assert.Multiple(() =>
        {
            Assert.That(MessageOf(xml), Is.EqualTo(inXml), "a well-formed document");
            Assert.That(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("message").GetString(), Is.EqualTo(inJson));
        });
    }

    [Test]
    public async Task Create_TextXmlCarries_UnchangedInXml()
    {
        string text = $"tab\tline\n emoji \uD83D\uDE00 private \uE000 replacement \uFFFD last {(char)0xD7FF}";

        string xml = await WrittenAsync(RestcommResult.Error(ResponseFormat.Xml, ApiError.BadRequest(text)));

        Assert.That(MessageOf(xml), Is.EqualTo(text));
    }

    [Test]
    public void Clean_ValidText_ReturnsTheSameInstance()
    {
        string text = "Your code is 1234 \uD83D\uDE00 \t\n";

        Assert.That(XmlSafeTextWriter.Clean(text), Is.SameAs(text));
    }

    private static string? MessageOf(string xml) =>
        System.Xml.Linq.XDocument.Parse(xml).Root?.Element("RestException")?.Element("Message")?.Value;

    private static async Task<string> WrittenAsync(RestcommResult result)
    {
        DefaultHttpContext http = NewContext();
        await result.ExecuteAsync(http);
        return Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };
}
