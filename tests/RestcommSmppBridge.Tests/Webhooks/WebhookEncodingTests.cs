using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Webhooks;

public sealed class WebhookEncodingTests
{
    [Test]
    public void EncodeForm_KeepsOrderAndEncodesLikeAForm()
    {
        KeyValuePair<string, string>[] parameters =
        [
            new("To", "+1 555"),
            new("Body", "a&b=c/d?e%f~g*h-i.j_k"),
            new("From", "é😀"),
            new("Empty", ""),
        ];

        string form = WebhookEncoding.EncodeForm(parameters);

        Assert.That(form, Is.EqualTo("To=%2B1+555&Body=a%26b%3Dc%2Fd%3Fe%25f%7Eg*h-i.j_k&From=%C3%A9%F0%9F%98%80&Empty="));
    }

    [Test]
    public void EncodeForm_LoneSurrogate_BecomesReplacementCharacter()
    {
        Assert.That(WebhookEncoding.EncodeForm([new("Body", "a\uD800b")]), Is.EqualTo("Body=a%EF%BF%BDb"));
    }

    [TestCase("http://example.com/sms", "http://example.com/sms?From=1&To=2")]
    [TestCase("http://example.com", "http://example.com/?From=1&To=2")]
    [TestCase("http://example.com/sms?key=abc", "http://example.com/sms?key=abc&From=1&To=2")]
    [TestCase("http://example.com/sms?", "http://example.com/sms?From=1&To=2")]
    [TestCase("http://example.com/sms?key=abc&", "http://example.com/sms?key=abc&From=1&To=2")]
    [TestCase("http://example.com/sms?key=a%2Bb#frag", "http://example.com/sms?key=a%2Bb&From=1&To=2")]
    [TestCase("https://user:pass@example.com:8443/sms", "https://example.com:8443/sms?From=1&To=2")]
    public void AppendQuery_KeepsTheUrlsOwnQuery(string url, string expected)
    {
        Uri result = WebhookEncoding.AppendQuery(new Uri(url), [new("From", "1"), new("To", "2")]);

        Assert.That(result.AbsoluteUri, Is.EqualTo(expected));
    }

    [Test]
    public void AppendQuery_NoParameters_UrlAsSent()
    {
        Assert.That(WebhookEncoding.AppendQuery(new Uri("http://example.com/sms?a=1#x"), []).AbsoluteUri, Is.EqualTo("http://example.com/sms?a=1"));
    }

    [TestCase("https://user:secret@example.com:8443/app/sms?token=secret#x", "https://example.com:8443/app/sms")]
    [TestCase("http://example.com", "http://example.com/")]
    public void Redact_DropsQueryAndUserInfo(string url, string expected)
    {
        Assert.That(WebhookEncoding.Redact(new Uri(url)), Is.EqualTo(expected));
    }

    [TestCase(null, true, WebhookMethod.Post)]
    [TestCase("", true, WebhookMethod.Post)]
    [TestCase(" post ", true, WebhookMethod.Post)]
    [TestCase("GET", true, WebhookMethod.Get)]
    [TestCase("get", true, WebhookMethod.Get)]
    [TestCase("PUT", false, WebhookMethod.Post)]
    public void TryParseMethod_GetPostOrDefaultPost(string? value, bool known, WebhookMethod expected)
    {
        bool parsed = WebhookMethods.TryParse(value, out WebhookMethod method);

        Assert.That(parsed, Is.EqualTo(known));
        Assert.That(method, Is.EqualTo(expected));
    }

    [TestCase("ftp://example.com/sms")]
    [TestCase("file:///tmp/sms")]
    public void Request_NonHttpUrl_Refused(string url)
    {
        Assert.That(() => new WebhookRequest(new Uri(url), WebhookMethod.Post, [], null), Throws.ArgumentException);
    }

    [Test]
    public void Request_ToString_ShowsNeitherQueryNorToken()
    {
        WebhookRequest request = new(new Uri("https://example.com/sms?key=secret"), WebhookMethod.Get, [new("Body", "private")], "token123");

        Assert.That(request.ToString(), Is.EqualTo("GET https://example.com/sms"));
    }
}
