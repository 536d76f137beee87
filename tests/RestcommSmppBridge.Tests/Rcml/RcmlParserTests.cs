using Microsoft.Extensions.Options;
using RestcommSmppBridge.Rcml;

namespace RestcommSmppBridge.Tests.Rcml;

[TestFixture]
[CancelAfter(30_000)]
public sealed class RcmlParserTests
{
    private const string Xml = "text/xml";

    private static RcmlParser NewParser(int maxCharacters = 64 * 1024) =>
        new(Options.Create(new RcmlOptions { MaxDocumentCharacters = maxCharacters }));

    private static T Single<T>(RcmlParseResult result)
        where T : RcmlVerb
    {
        Assert.That(result.Error, Is.Null);
        Assert.That(result.Verbs, Has.Count.EqualTo(1));
        return (T)result.Verbs[0];
    }

    [Test]
    public void Parse_SmsWithEveryAttribute_ReadsThemTrimmed()
    {
        const string document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Sms to=" +15550001 " from="  +15550002" action=" next.xml " method=" get "
                   statusCallback=" https://app.example/status " statusCallbackMethod="GET">
                 Hello there
              </Sms>
            </Response>
            """;

        SmsVerb sms = Single<SmsVerb>(NewParser().Parse(document, "text/xml; charset=utf-8"));

        Assert.That(sms.Name, Is.EqualTo("Sms"));
        Assert.That(sms.To, Is.EqualTo("+15550001"));
        Assert.That(sms.From, Is.EqualTo("+15550002"));
        Assert.That(sms.Body, Is.EqualTo("Hello there"));
        Assert.That(sms.Action, Is.EqualTo("next.xml"));
        Assert.That(sms.Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(sms.StatusCallback, Is.EqualTo("https://app.example/status"));
        Assert.That(sms.StatusCallbackMethod, Is.EqualTo(HttpMethod.Get));
        Assert.That(sms.Notices, Is.Empty);
    }

    [Test]
    public void Parse_SmsWithoutAttributes_LeavesDefaults()
    {
        SmsVerb sms = Single<SmsVerb>(NewParser().Parse("<Response><Sms>Hi</Sms></Response>", Xml));

        Assert.That(sms.To, Is.Null);
        Assert.That(sms.From, Is.Null);
        Assert.That(sms.Action, Is.Null);
        Assert.That(sms.StatusCallback, Is.Null);
        Assert.That(sms.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(sms.StatusCallbackMethod, Is.EqualTo(HttpMethod.Post));
    }

    [Test]
    public void Parse_EmptyAttribute_CountsAsAbsent()
    {
        SmsVerb sms = Single<SmsVerb>(NewParser().Parse("<Response><Sms to=\"  \" from=\"\">Hi</Sms></Response>", Xml));

        Assert.That(sms.To, Is.Null);
        Assert.That(sms.From, Is.Null);
    }

    [Test]
    public void Parse_MultiLineBody_KeepsInnerLineBreaks()
    {
        SmsVerb sms = Single<SmsVerb>(NewParser().Parse("<Response><Sms>\n  line one\n  line two\n</Sms></Response>", Xml));

        Assert.That(sms.Body, Is.EqualTo("line one\n  line two"));
    }

    [Test]
    public void Parse_CDataAndEntities_AreText()
    {
        SmsVerb sms = Single<SmsVerb>(NewParser().Parse("<Response><Sms>a &lt; b <![CDATA[& c > d]]> &#x20AC;</Sms></Response>", Xml));

        Assert.That(sms.Body, Is.EqualTo("a < b & c > d €"));
    }

    [Test]
    public void Parse_MessageWithText_IsAnSmsVerb()
    {
        SmsVerb message = Single<SmsVerb>(NewParser().Parse("<Response><Message to=\"+1555\">Hi</Message></Response>", Xml));

        Assert.That(message.Name, Is.EqualTo("Message"));
        Assert.That(message.To, Is.EqualTo("+1555"));
        Assert.That(message.Body, Is.EqualTo("Hi"));
    }

    [Test]
    public void Parse_MessageWithBodyNoun_TakesTheBody()
    {
        SmsVerb message = Single<SmsVerb>(NewParser().Parse(
            "<Response><Message action=\"/next\"><Body> Your code is 1234 </Body></Message></Response>", Xml));

        Assert.That(message.Body, Is.EqualTo("Your code is 1234"));
        Assert.That(message.Action, Is.EqualTo("/next"));
        Assert.That(message.Notices, Is.Empty);
    }

    [Test]
    public void Parse_MessageWithMedia_IgnoresMediaWithANotice()
    {
        SmsVerb message = Single<SmsVerb>(NewParser().Parse(
            "<Response><Message><Body>Look</Body><Media>https://img.example/a.png</Media></Message></Response>", Xml));

        Assert.That(message.Body, Is.EqualTo("Look"));
        Assert.That(message.Notices.Select(n => n.Code), Is.EqualTo(new[] { RcmlNoticeCodes.SchemaWarning }));
        Assert.That(message.Notices[0].Message, Does.Contain("<Media>"));
    }

    [Test]
    public void Parse_ElementNestedInSms_IsSkippedWithANotice()
    {
        SmsVerb sms = Single<SmsVerb>(NewParser().Parse("<Response><Sms>Hi <Body>no</Body>there</Sms></Response>", Xml));

        Assert.That(sms.Body, Is.EqualTo("Hi there"));
        Assert.That(sms.Notices.Single().Code, Is.EqualTo(RcmlNoticeCodes.SchemaWarning));
    }

    [Test]
    public void Parse_Redirect_ReadsUrlAndMethod()
    {
        RedirectVerb redirect = Single<RedirectVerb>(NewParser().Parse("<Response><Redirect method=\"GET\"> ../next.xml </Redirect></Response>", Xml));

        Assert.That(redirect.Url, Is.EqualTo("../next.xml"));
        Assert.That(redirect.Method, Is.EqualTo(HttpMethod.Get));
    }

    [Test]
    public void Parse_EmptyRedirect_HasEmptyUrl()
    {
        RedirectVerb redirect = Single<RedirectVerb>(NewParser().Parse("<Response><Redirect/></Response>", Xml));

        Assert.That(redirect.Url, Is.Empty);
        Assert.That(redirect.Method, Is.EqualTo(HttpMethod.Post));
    }

    [TestCase("<Redirect method=\"PUT\">/x</Redirect>", RcmlNoticeCodes.InvalidRedirectMethod)]
    [TestCase("<Sms method=\"DELETE\">x</Sms>", RcmlNoticeCodes.InvalidSmsMethod)]
    [TestCase("<Message statusCallbackMethod=\"PATCH\">x</Message>", RcmlNoticeCodes.InvalidSmsMethod)]
    public void Parse_BadMethod_UsesPostWithANotice(string verb, int code)
    {
        RcmlVerb parsed = Single<RcmlVerb>(NewParser().Parse($"<Response>{verb}</Response>", Xml));

        Assert.That(parsed.Notices.Single().Code, Is.EqualTo(code));
        HttpMethod[] methods = parsed switch
        {
            RedirectVerb r => [r.Method],
            SmsVerb s => [s.Method, s.StatusCallbackMethod],
            _ => [],
        };
        Assert.That(methods, Is.Not.Empty.And.All.EqualTo(HttpMethod.Post));
    }

    [TestCase("post")]
    [TestCase("Get")]
    public void Parse_MethodInAnyCase_IsAccepted(string method)
    {
        RedirectVerb redirect = Single<RedirectVerb>(NewParser().Parse($"<Response><Redirect method=\"{method}\">/x</Redirect></Response>", Xml));

        Assert.That(redirect.Notices, Is.Empty);
        Assert.That(redirect.Method.Method, Is.EqualTo(method.ToUpperInvariant()));
    }

    [TestCase("Say")]
    [TestCase("Dial")]
    [TestCase("Gather")]
    public void Parse_VoiceVerb_IsUnsupportedWithNotice14110(string name)
    {
        UnsupportedVerb verb = Single<UnsupportedVerb>(NewParser().Parse($"<Response><{name}>x<Sms>nested</Sms></{name}></Response>", Xml));

        Assert.That(verb.Name, Is.EqualTo(name));
        Assert.That(verb.Notices.Single().Code, Is.EqualTo(RcmlNoticeCodes.InvalidVerb));
    }

    [Test]
    public void Parse_Email_IsUnsupportedWithAClearNotice()
    {
        UnsupportedVerb verb = Single<UnsupportedVerb>(NewParser().Parse(
            "<Response><Email to=\"a@example.com\" from=\"b@example.com\">Hi</Email></Response>", Xml));

        Assert.That(verb.Notices.Single().Code, Is.EqualTo(RcmlNoticeCodes.InvalidVerb));
        Assert.That(verb.Notices.Single().Message, Does.Contain("<Email> is not supported"));
    }

    [TestCase("sms")]
    [TestCase("SMS")]
    [TestCase("redirect")]
    public void Parse_VerbNamesAreCaseSensitive(string name)
    {
        RcmlVerb verb = Single<RcmlVerb>(NewParser().Parse($"<Response><{name}>x</{name}></Response>", Xml));

        Assert.That(verb, Is.InstanceOf<UnsupportedVerb>());
    }

    [Test]
    public void Parse_SeveralVerbs_KeepsDocumentOrder()
    {
        RcmlParseResult result = NewParser().Parse(
            "<Response><Say>x</Say><Sms>one</Sms><Message>two</Message><Redirect>/r</Redirect></Response>", Xml);

        Assert.That(result.Verbs.Select(v => v.Name), Is.EqualTo(new[] { "Say", "Sms", "Message", "Redirect" }));
    }

    [TestCase("<Response/>")]
    [TestCase("<Response></Response>")]
    [TestCase("<?xml version=\"1.0\"?>\n<Response>\n  <!-- nothing to say -->\n</Response>")]
    [TestCase("")]
    [TestCase("   \n")]
    public void Parse_EmptyDocument_SucceedsWithNoVerbs(string document)
    {
        RcmlParseResult result = NewParser().Parse(document, Xml);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Verbs, Is.Empty);
    }

    [Test]
    public void Parse_BareAmpersand_IsToleratedAsRestcommDoes()
    {
        SmsVerb sms = Single<SmsVerb>(NewParser().Parse(
            "<Response><Sms action=\"/next?a=1&b=2\">Tom & Jerry &amp; friends &nbsp; &#65;</Sms></Response>", Xml));

        Assert.That(sms.Body, Is.EqualTo("Tom & Jerry & friends &nbsp; A"));
        Assert.That(sms.Action, Is.EqualTo("/next?a=1&b=2"));
    }

    [TestCase("no ampersand", "no ampersand")]
    [TestCase("a & b", "a &amp; b")]
    [TestCase("&amp;&lt;&gt;&quot;&apos;", "&amp;&lt;&gt;&quot;&apos;")]
    [TestCase("&#10;&#x1F600;", "&#10;&#x1F600;")]
    [TestCase("&#;&#x;&#12", "&amp;#;&amp;#x;&amp;#12")]
    [TestCase("<![CDATA[a & b]]> & c", "<![CDATA[a & b]]> &amp; c")]
    [TestCase("x &", "x &amp;")]
    public void EscapeBareAmpersands_RewritesOnlyBareOnes(string input, string expected)
    {
        Assert.That(RcmlParser.EscapeBareAmpersands(input), Is.EqualTo(expected));
    }

    [Test]
    public void EscapeBareAmpersands_NothingToRewrite_ReturnsTheSameString()
    {
        const string input = "<Response><Sms>a &amp; b</Sms></Response>";

        Assert.That(RcmlParser.EscapeBareAmpersands(input), Is.SameAs(input));
    }

    [Test]
    public void Parse_BillionLaughs_IsRefusedWithANoticeNotAnException()
    {
        const string document = """
            <?xml version="1.0"?>
            <!DOCTYPE Response [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <Response><Sms>&lol4;</Sms></Response>
            """;

        RcmlParseResult result = NewParser().Parse(document, Xml);

        Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
        Assert.That(result.Error?.Message, Does.Contain("DTDs are refused"));
        Assert.That(result.Verbs, Is.Empty);
    }

    [Test]
    public void Parse_ExternalEntity_IsRefusedWithoutReadingTheFile()
    {
        string secret = Path.Combine(Path.GetTempPath(), $"rcml-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "SECRET");
        try
        {
            string document = $"""
                <?xml version="1.0"?>
                <!DOCTYPE Response [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <Response><Sms>&xxe;</Sms></Response>
                """;

            RcmlParseResult result = NewParser().Parse(document, Xml);

            Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
            Assert.That(result.Verbs, Is.Empty);
            Assert.That(result.Error?.Message, Does.Not.Contain("SECRET"));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Test]
    public void Parse_DocumentOverTheCap_IsRefused()
    {
        string document = $"<Response><Sms>{new string('a', 2000)}</Sms></Response>";

        RcmlParseResult result = NewParser(maxCharacters: 1024).Parse(document, Xml);

        Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
        Assert.That(result.Error?.Message, Does.Contain("limit is 1024"));
    }

    [Test]
    public void Parse_DocumentThatGrowsOverTheCapWhenEscaped_IsRefused()
    {
        string prefix = "<Response><Sms>";
        string suffix = "</Sms></Response>";
        string document = prefix + new string('&', 1024 - prefix.Length - suffix.Length) + suffix;
        Assert.That(document, Has.Length.EqualTo(1024));

        RcmlParseResult result = NewParser(maxCharacters: 1024).Parse(document, Xml);

        Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
    }

    [Test]
    public void Parse_DocumentAtTheCap_IsAccepted()
    {
        string prefix = "<Response><Sms>";
        string suffix = "</Sms></Response>";
        string document = prefix + new string('a', 1024 - prefix.Length - suffix.Length) + suffix;

        SmsVerb sms = Single<SmsVerb>(NewParser(maxCharacters: 1024).Parse(document, Xml));

        Assert.That(sms.Body, Has.Length.EqualTo(1024 - prefix.Length - suffix.Length));
    }

    [TestCase("<Sms>Hi</Sms>", "<Sms>")]
    [TestCase("<html><body>Error</body></html>", "<html>")]
    [TestCase("<response><Sms>Hi</Sms></response>", "<response>")]
    public void Parse_WrongRoot_FailsWith12100(string document, string named)
    {
        RcmlParseResult result = NewParser().Parse(document, "text/html");

        Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
        Assert.That(result.Error?.Message, Does.Contain(named));
    }

    [TestCase("text/plain")]
    [TestCase("application/json")]
    [TestCase(null)]
    public void Parse_NonXmlContentType_FailsWith12300(string? contentType)
    {
        RcmlParseResult result = NewParser().Parse("<Response><Sms>Hi</Sms></Response>", contentType);

        Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.InvalidContentType));
        Assert.That(result.Verbs, Is.Empty);
    }

    [TestCase("text/xml")]
    [TestCase("application/xml; charset=UTF-8")]
    [TestCase("TEXT/HTML")]
    [TestCase("text/html; charset=iso-8859-1")]
    public void Parse_AcceptedContentType_Parses(string contentType)
    {
        RcmlParseResult result = NewParser().Parse("<Response><Sms>Hi</Sms></Response>", contentType);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Verbs, Has.Count.EqualTo(1));
    }

    [TestCase("not xml at all")]
    [TestCase("<Response><Sms>unclosed</Response>")]
    [TestCase("<Response><Sms>Hi</Sms></Response><Response/>")]
    [TestCase("<Response><Sms>Hi</Sms></Response> trailing")]
    [TestCase("<Response><Sms>&undefined;</Sms></Response>X")]
    [TestCase("<Response><Sms a=\"1\" a=\"2\">x</Sms></Response>")]
    [TestCase("\u0000\u0001\u0002")]
    public void Parse_Garbage_FailsWith12100(string document)
    {
        RcmlParseResult result = NewParser().Parse(document, Xml);

        Assert.That(result.Error?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
        Assert.That(result.Verbs, Is.Empty);
    }

    [Test]
    public void Parse_LongUnknownName_IsShortenedInTheNotice()
    {
        string name = new('X', 500);

        UnsupportedVerb verb = Single<UnsupportedVerb>(NewParser().Parse($"<Response><{name}/></Response>", Xml));

        Assert.That(verb.Name, Is.EqualTo(name));
        Assert.That(verb.Notices.Single().Message, Has.Length.LessThan(150));
    }
}
