using System.Text.Json;
using System.Xml.Linq;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>An error answer of the API, read from either format, with the format it came in.</summary>
internal sealed record ErrorBody(string MediaType, string Message, int Status, int? Code)
{
    /// <summary>
    /// Reads JSON <c>{"message","status","code"}</c> or XML <c>RestcommResponse/RestException/{Status,Message,Code}</c>,
    /// asserting the shape on the way: nothing else in the object, the body status equal to the HTTP status.
    /// </summary>
    public static async Task<ErrorBody> ReadAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        string mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        ErrorBody body;
        if (mediaType == "application/json")
        {
            JsonElement root = JsonDocument.Parse(text).RootElement;
            string[] names = [.. root.EnumerateObject().Select(p => p.Name)];
            Assert.That(names, Is.SubsetOf(new[] { "message", "status", "code" }), text);
            body = new ErrorBody(
                mediaType,
                root.GetProperty("message").GetString()!,
                root.GetProperty("status").GetInt32(),
                root.TryGetProperty("code", out JsonElement code) ? code.GetInt32() : null);
        }
        else
        {
            Assert.That(mediaType, Is.EqualTo("application/xml"), text);
            XElement root = XDocument.Parse(text).Root!;
            Assert.That(root.Name.LocalName, Is.EqualTo("RestcommResponse"), text);
            XElement exception = root.Element("RestException")!;
            Assert.That(exception, Is.Not.Null, text);
            string? code = exception.Element("Code")?.Value;
            body = new ErrorBody(
                mediaType,
                exception.Element("Message")!.Value,
                int.Parse(exception.Element("Status")!.Value, System.Globalization.CultureInfo.InvariantCulture),
                code is null ? null : int.Parse(code, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(body.Status, Is.EqualTo((int)response.StatusCode), "the body repeats the HTTP status");
        Assert.That(text, Does.Not.Contain("   at "), "never a stack trace");
        return body;
    }
}
