using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace RestcommSmppBridge.Tests.Api;

[TestFixture]
[CancelAfter(60_000)]
public sealed class SmsMessagesApiTests
{
    private ApiTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await ApiTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private static KeyValuePair<string, string>[] ValidForm(string body = "Hello") =>
        [new("From", "+15550001111"), new("To", "+15552223333"), new("Body", body)];

    [Test]
    public async Task Post_JsonSuffix_AnswersRestcommRepresentationLiterally()
    {
        TestAccount account = TestAccounts.First;
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account, ValidForm());
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        string sid = JsonDocument.Parse(text).RootElement.GetProperty("sid").GetString()!;
        string expected =
            "{\n" +
            $"  \"sid\": \"{sid}\",\n" +
            "  \"date_created\": \"Thu, 19 Nov 2015 07:21:24 +0000\",\n" +
            "  \"date_updated\": \"Thu, 19 Nov 2015 07:21:24 +0000\",\n" +
            $"  \"account_sid\": \"{account.Sid}\",\n" +
            "  \"from\": \"+15550001111\",\n" +
            "  \"to\": \"+15552223333\",\n" +
            "  \"body\": \"Hello\",\n" +
            "  \"status\": \"queued\",\n" +
            "  \"direction\": \"outbound-api\",\n" +
            "  \"price\": \"0\",\n" +
            "  \"price_unit\": \"USD\",\n" +
            "  \"api_version\": \"2012-04-24\",\n" +
            $"  \"uri\": \"/2012-04-24/Accounts/{account.Sid}/SMS/Messages/{sid}.json\",\n" +
            "  \"num_segments\": \"1\"\n" +
            "}";
        Assert.That(text, Is.EqualTo(expected));
        Assert.That(Sids.IsValid(sid, Sids.MessagePrefix), Is.True);
    }

    [Test]
    public async Task Post_ThenGet_Xml_RoundTripsWithRestcommElementsInOrder()
    {
        TestAccount account = TestAccounts.First;
        using HttpResponseMessage posted = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account, ValidForm("Grüße & <tags>"));
        string postedText = await posted.Content.ReadAsStringAsync();
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), postedText);
        Assert.That(posted.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"));
        string sid = System.Xml.Linq.XDocument.Parse(postedText).Root!.Element("SMSMessage")!.Element("Sid")!.Value;

        using HttpResponseMessage fetched = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account);
        string fetchedText = await fetched.Content.ReadAsStringAsync();

        string expected =
            "<RestcommResponse>\n" +
            "  <SMSMessage>\n" +
            $"    <Sid>{sid}</Sid>\n" +
            "    <DateCreated>Thu, 19 Nov 2015 07:21:24 +0000</DateCreated>\n" +
            "    <DateUpdated>Thu, 19 Nov 2015 07:21:24 +0000</DateUpdated>\n" +
            "    <DateSent />\n" +
            $"    <AccountSid>{account.Sid}</AccountSid>\n" +
            "    <From>+15550001111</From>\n" +
            "    <To>+15552223333</To>\n" +
            "    <Body>Grüße &amp; &lt;tags&gt;</Body>\n" +
            "    <Status>queued</Status>\n" +
            "    <Direction>outbound-api</Direction>\n" +
            "    <Price>0</Price>\n" +
            "    <PriceUnit>USD</PriceUnit>\n" +
            "    <ApiVersion>2012-04-24</ApiVersion>\n" +
            $"    <Uri>/2012-04-24/Accounts/{account.Sid}/SMS/Messages/{sid}</Uri>\n" +
            "    <NumSegments>1</NumSegments>\n" +
            "  </SMSMessage>\n" +
            "</RestcommResponse>";
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fetchedText, Is.EqualTo(expected));
        Assert.That(postedText, Is.EqualTo(expected));
    }

    [Test]
    public async Task Post_BodyWithControlCharacters_XmlAnswersReplaceThemJsonKeepsTheExactText()
    {
        // A BEL and a form feed (a GSM page break) have no place in XML 1.0: the XML answers (the send's own, the list,
        // the fetch) replace them instead of failing after the commit; the stored text and JSON keep them.
        TestAccount account = TestAccounts.First;
        string body = "bell\u0007 page\u000Cbreak";
        using HttpResponseMessage posted = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account, ValidForm(body));
        string postedText = await posted.Content.ReadAsStringAsync();
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), postedText);
        System.Xml.Linq.XElement message = System.Xml.Linq.XDocument.Parse(postedText).Root!.Element("SMSMessage")!;
        string sid = message.Element("Sid")!.Value;

        using HttpResponseMessage list = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "?PageSize=1", account);
        string listText = await list.Content.ReadAsStringAsync();
        using HttpResponseMessage json = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid + ".json", account);
        string jsonText = await json.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(message.Element("Body")!.Value, Is.EqualTo("bell\uFFFD page\uFFFDbreak"));
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), listText);
            Assert.That(System.Xml.Linq.XDocument.Parse(listText).Root!.Element("SMSMessages")!.Element("SMSMessage")!.Element("Body")!.Value,
                Is.EqualTo("bell\uFFFD page\uFFFDbreak"));
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK), jsonText);
            Assert.That(JsonDocument.Parse(jsonText).RootElement.GetProperty("body").GetString(), Is.EqualTo(body));
        });
    }

    [Test]
    public async Task Get_AfterSentAndFailed_ShowsIsoDateSentAndErrorOnlyWhenSet()
    {
        TestAccount account = TestAccounts.First;
        string sid = await _host.SendSmsAsync(account);
        DateTimeOffset sentAt = new(2015, 11, 19, 7, 21, 25, 123, TimeSpan.Zero);
        await _host.Messages.UpdateStatusAsync(new MessageStatusUpdate { MessageSid = sid, Status = MessageStatus.Sent, At = sentAt }, CancellationToken.None);

        using (HttpResponseMessage sent = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid + ".json", account))
        {
            JsonElement json = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement;
            Assert.That(json.GetProperty("date_sent").GetString(), Is.EqualTo("2015-11-19T07:21:25.123Z"));
            Assert.That(json.GetProperty("date_updated").GetString(), Is.EqualTo("Thu, 19 Nov 2015 07:21:25 +0000"));
            Assert.That(json.TryGetProperty("error_code", out _), Is.False);
        }

        await _host.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = sid, Status = MessageStatus.Failed, At = sentAt.AddSeconds(1), ErrorCode = 30003, ErrorMessage = "Unreachable destination handset" },
            CancellationToken.None);

        using HttpResponseMessage json2 = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account, accept: "application/json");
        JsonElement failed = JsonDocument.Parse(await json2.Content.ReadAsStringAsync()).RootElement;
        string[] keys = [.. failed.EnumerateObject().Select(p => p.Name)];
        Assert.That(keys, Is.EqualTo(new[]
        {
            "sid", "date_created", "date_updated", "date_sent", "account_sid", "from", "to", "body", "status", "direction",
            "error_code", "error_message", "price", "price_unit", "api_version", "uri", "num_segments",
        }));
        Assert.That(failed.GetProperty("error_code").GetInt32(), Is.EqualTo(30003));
        Assert.That(failed.GetProperty("status").GetString(), Is.EqualTo("failed"));

        using HttpResponseMessage xml = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account);
        string xmlText = await xml.Content.ReadAsStringAsync();
        Assert.That(xmlText, Does.Contain(
            "    <Direction>outbound-api</Direction>\n" +
            "    <Error>\n" +
            "      <ErrorCode>30003</ErrorCode>\n" +
            "      <ErrorMessage>Unreachable destination handset</ErrorMessage>\n" +
            "    </Error>\n" +
            "    <Price>0</Price>\n"));
        Assert.That(xmlText, Does.Contain("<DateSent>2015-11-19T07:21:25.123Z</DateSent>"));
    }

    [TestCase(30005, "submit_sm_resp 0x0000000B (ESME_RINVDSTADR)", "Unknown destination handset")]
    [TestCase(30006, "no carrier has a route for the destination", "Landline or unreachable carrier")]
    [TestCase(30008, null, "Unknown error")]
    [TestCase(40001, "a code outside Restcomm's table", "a code outside Restcomm's table")]
    public async Task Get_Failed_ErrorMessageIsRestcommsDescriptionOfTheCodeNotTheBridgesReason(int code, string? stored, string shown)
    {
        TestAccount account = TestAccounts.First;
        string sid = await _host.SendSmsAsync(account);
        await _host.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = sid, Status = MessageStatus.Failed, At = _host.Time.GetUtcNow(), ErrorCode = code, ErrorMessage = stored },
            CancellationToken.None);

        using HttpResponseMessage json = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid + ".json", account);
        using HttpResponseMessage xml = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account);
        SmsMessage? kept = await _host.Messages.GetAsync(account.Sid, sid, CancellationToken.None);
        string jsonText = await json.Content.ReadAsStringAsync();
        string xmlText = await xml.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(JsonDocument.Parse(jsonText).RootElement.GetProperty("error_message").GetString(), Is.EqualTo(shown));
            Assert.That(System.Xml.Linq.XDocument.Parse(xmlText).Root!.Element("SMSMessage")!.Element("Error")!.Element("ErrorMessage")!.Value,
                Is.EqualTo(shown));
            Assert.That(kept?.ErrorMessage, Is.EqualTo(stored), "the store keeps the bridge's own reason");
        });
    }

    [TestCase("")]
    [TestCase(".json")]
    public async Task Head_MessageAndList_AnswerAsGetWithoutBody(string suffix)
    {
        // Restcomm (JAX-RS) answers HEAD on every GET resource: same status and headers, no body.
        TestAccount account = TestAccounts.First;
        string sid = await _host.SendSmsAsync(account);
        foreach (string path in new[] { TestAccounts.MessagesPath(account) + "/" + sid + suffix, TestAccounts.MessagesPath(account) + suffix + "?PageSize=2" })
        {
            using HttpResponseMessage get = await _host.SendAsync(HttpMethod.Get, path, account);
            byte[] body = await get.Content.ReadAsByteArrayAsync();
            using HttpResponseMessage head = await _host.SendAsync(HttpMethod.Head, path, account);
            byte[] none = await head.Content.ReadAsByteArrayAsync();

            Assert.Multiple(() =>
            {
                Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
                Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo(get.Content.Headers.ContentType?.MediaType));
                Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(body.Length), "the length of the body a GET gets");
                Assert.That(none, Is.Empty);
            });
        }

        using HttpResponseMessage unknown = await _host.SendAsync(HttpMethod.Head, TestAccounts.MessagesPath(account) + "/" + Sids.NewMessageSid() + suffix, account);
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("application/json", "application/json")]
    [TestCase("application/vnd.foo+json; q=1", "application/json")]
    [TestCase("text/html", "application/xml")]
    [TestCase(null, "application/xml")]
    public async Task Get_AcceptHeader_SelectsFormat(string? accept, string expectedMediaType)
    {
        TestAccount account = TestAccounts.First;
        string sid = await _host.SendSmsAsync(account);
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account, accept: accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(expectedMediaType));
    }

    [TestCase("SM" + "0123456789abcdef0123456789abcdef")]
    [TestCase("SM" + "0123456789abcdef0123456789abcdef.json")]
    public async Task Get_UnknownSid_Returns404WithEmptyBody(string sid)
    {
        TestAccount account = TestAccounts.First;
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    private const string FromFormat = "From must be a phone number (digits with an optional leading +, at most 20) or an alphanumeric sender of at most 11 letters and digits.";
    private const string ToFormat = "To must be a phone number (digits with an optional leading +, at most 20).";

    [TestCase(null, "+15552223333", "Hi", "From can not be null.", 21603)]
    [TestCase("", "+15552223333", "Hi", "From can not be null.", 21603)]
    [TestCase("+15550001111", null, "Hi", "To can not be null.", 21604)]
    [TestCase("+15550001111", "+15552223333", null, "Body can not be null.", 21602)]
    [TestCase(null, null, null, "From can not be null.", 21603)]
    [TestCase("+1555-000", "+15552223333", "Hi", FromFormat, 21212)]
    [TestCase("TwelveLetter", "+15552223333", "Hi", FromFormat, 21212)]
    [TestCase("+123456789012345678901", "+15552223333", "Hi", FromFormat, 21212)]
    [TestCase(" 15550001111", "+15552223333", "Hi", "From starts with a space: a + in a form body must be sent encoded as %2B.", 21212)]
    [TestCase("+15550001111", " 15552223333", "Hi", "To starts with a space: a + in a form body must be sent encoded as %2B.", 21211)]
    [TestCase("+15550001111", "Bob", "Hi", ToFormat, 21211)]
    [TestCase("+15550001111", "++1555", "Hi", ToFormat, 21211)]
    public async Task Post_MissingOrImplausibleParameter_Returns400WithRestcommTextAndTwilioCode(string? from, string? to, string? body,
        string expected, int code)
    {
        List<KeyValuePair<string, string>> form = [];
        AddIfNotNull(form, "From", from);
        AddIfNotNull(form, "To", to);
        AddIfNotNull(form, "Body", body);

        await AssertRejectedAsync(form, expected, code);
    }

    [Test]
    public async Task Post_BodyOverLimit_Returns400With21617()
    {
        await AssertRejectedAsync(ValidForm(new string('a', 1601)), "Body is too long: 1601 characters, the maximum is 1600.", 21617);
    }

    [Test]
    public async Task Post_BodyOfEmoji_CountsEachAsOneCharacter()
    {
        // U+1F600 is two UTF-16 units: 1,600 of them are 3,200 units and still 1,600 characters.
        string emoji = char.ConvertFromUtf32(0x1F600);
        string longest = string.Concat(Enumerable.Repeat(emoji, 1600));
        using HttpResponseMessage accepted = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(TestAccounts.First) + ".json",
            TestAccounts.First, ValidForm(longest));
        string acceptedText = await accepted.Content.ReadAsStringAsync();

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), acceptedText);
        Assert.That(JsonDocument.Parse(acceptedText).RootElement.GetProperty("body").GetString(), Is.EqualTo(longest));
        await AssertRejectedAsync(ValidForm(longest + emoji), "Body is too long: 1601 characters, the maximum is 1600.", 21617);
    }

    [TestCase("/relative/callback")]
    [TestCase("ftp://example.com/cb")]
    [TestCase("http//missing-colon")]
    public async Task Post_BadStatusCallback_Returns400With21609(string url)
    {
        await AssertRejectedAsync([.. ValidForm(), new("StatusCallback", url)], "StatusCallback must be an absolute http or https URL.", 21609);
    }

    [Test]
    public async Task Post_BadStatusCallbackMethod_Returns400()
    {
        await AssertRejectedAsync(
            [.. ValidForm(), new("StatusCallback", "https://app.example.com/cb"), new("StatusCallbackMethod", "PUT")],
            "StatusCallbackMethod must be GET or POST.");
    }

    [Test]
    public async Task Post_UnknownEncoding_Returns400InsteadOfRestcomms500()
    {
        await AssertRejectedAsync([.. ValidForm(), new("Encoding", "EBCDIC")], "Encoding must be GSM, UCS-2 or UTF-8.");
    }

    [TestCase("UCS-2", "UCS2", "2")]
    [TestCase("ucs_2", "UCS2", "2")]
    [TestCase("GSM", null, "1")]
    [TestCase("UTF-8", null, "1")]
    public async Task Post_Encoding_IsStoredAndCountsSegments(string encoding, string? stored, string segments)
    {
        TestAccount account = TestAccounts.First;
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account,
            [.. ValidForm(new string('a', 100)), new("Encoding", encoding)]);
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        SmsMessage? message = await _host.Messages.GetAsync(account.Sid, json.GetProperty("sid").GetString()!, CancellationToken.None);

        Assert.That(message!.Encoding, Is.EqualTo(stored));
        Assert.That(json.GetProperty("num_segments").GetString(), Is.EqualTo(segments), "100 characters: one GSM part, two UCS-2 parts");
    }

    [Test]
    public async Task Post_NoFormBody_ReturnsFromCanNotBeNullInXml()
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(TestAccounts.First), TestAccounts.First.Sid, TestAccounts.First.Token);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(text, Is.EqualTo(
            "<RestcommResponse>\n" +
            "  <RestException>\n" +
            "    <Status>400</Status>\n" +
            "    <Message>From can not be null.</Message>\n" +
            "    <Code>21603</Code>\n" +
            "  </RestException>\n" +
            "</RestcommResponse>"));
    }

    [Test]
    public async Task Post_MissingTo_JsonErrorIsLiterallyMessageStatusCode()
    {
        TestAccount account = TestAccounts.First;
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account,
            [new("From", "+15550001111"), new("Body", "Hi")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            "{\n" +
            "  \"message\": \"To can not be null.\",\n" +
            "  \"status\": 400,\n" +
            "  \"code\": 21604\n" +
            "}"));
    }

    [Test]
    public async Task Post_LongestBodyAlphanumericSenderAndCallback_StoresEverything()
    {
        TestAccount account = TestAccounts.First;
        string body = new('€', 1600);
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account,
            [new("From", "ACME Shop"), new("To", "15552223333"), new("Body", body), new("StatusCallback", "https://app.example.com/status?x=1"), new("StatusCallbackMethod", "get")]);
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        JsonElement json = JsonDocument.Parse(text).RootElement;
        string sid = json.GetProperty("sid").GetString()!;

        SmsMessage? stored = await _host.Messages.GetAsync(account.Sid, sid, CancellationToken.None);

        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Body, Is.EqualTo(body));
        Assert.That(stored.From, Is.EqualTo("ACME Shop"));
        Assert.That(stored.Status, Is.EqualTo(MessageStatus.Queued));
        Assert.That(stored.Direction, Is.EqualTo(MessageDirection.OutboundApi));
        Assert.That(stored.StatusCallback, Is.EqualTo("https://app.example.com/status?x=1"));
        Assert.That(stored.StatusCallbackMethod, Is.EqualTo("GET"));

        // '€' is a GSM extension character (2 septets, never split across parts): 76 per 153-septet part, so 22 parts.
        Assert.That(json.GetProperty("num_segments").GetString(), Is.EqualTo("22"));
    }

    [Test]
    public async Task Post_Accepted_NoPerMessageLineAtInformationNeverBodyOrToken()
    {
        TestAccount account = TestAccounts.First;
        string sid = await _host.SendSmsAsync(account, body: "very-private-text");

        // MessageAccepted (5004) is at Debug: one line per send flooded the log under load (58,714 lines in one run).
        string[] lines = [.. _host.Logs.Entries.Select(e => e.Message)];
        Assert.That(lines.Any(l => l.Contains(sid, StringComparison.Ordinal)), Is.False);
        Assert.That(lines.Any(l => l.Contains("very-private-text", StringComparison.Ordinal)), Is.False);
        Assert.That(lines.Any(l => l.Contains(account.Token, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Post_AfterStopAcceptingSends_Returns503AndReadsStillWork()
    {
        await using ApiTestHost host = await ApiTestHost.StartAsync();
        TestAccount account = TestAccounts.First;
        string sid = await host.SendSmsAsync(account);

        host.Services.GetRequiredService<ApiAdmission>().StopAcceptingSends();
        using HttpResponseMessage refused = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account, ValidForm());
        using HttpResponseMessage read = await host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account);
        MessagePage all = await host.Messages.ListAsync(account.Sid, new MessageQuery(), CancellationToken.None);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(all.Total, Is.EqualTo(1));
    }

    [TestCase("")]
    [TestCase(".json")]
    public async Task Post_StoreLockedByAnotherProcess_Returns503WithRetryAfterAndStoresNothing(string suffix)
    {
        await using ApiTestHost host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["Bridge:Storage:BusyTimeout"] = "00:00:00.050" });
        TestAccount account = TestAccounts.First;
        string before = await host.SendSmsAsync(account);

        HttpResponseMessage refused;
        using (Microsoft.Data.Sqlite.SqliteConnection other = host.Services.GetRequiredService<RestcommSmppBridge.Storage.Sqlite.SqliteDatabase>().OpenConnection())
        {
            // Another process holds the write lock longer than the busy timeout.
            using Microsoft.Data.Sqlite.SqliteTransaction holding = other.BeginTransaction(deferred: false);
            refused = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + suffix, account, ValidForm("while locked"));
            holding.Rollback();
        }

        using (refused)
        {
            string text = await refused.Content.ReadAsStringAsync();
            using HttpResponseMessage after = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + suffix, account, ValidForm());
            MessagePage all = await host.Messages.ListAsync(account.Sid, new MessageQuery(), CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(ApiExceptionFilter.StoreUnavailableRetryAfterSeconds)));
                Assert.That(text, Does.Contain(ApiExceptionFilter.StoreUnavailableMessage));
                Assert.That(text, Does.Not.Contain("SQLite").And.Not.Contain("locked"), "no internals");
                Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the store recovers");
                Assert.That(all.Items.Select(m => m.Body), Has.None.EqualTo("while locked"));
                Assert.That(all.Total, Is.EqualTo(2), before);
                Assert.That(host.Logs.Entries.Any(e => e.EventId.Id == 5013), Is.True);
            });
        }
    }

    [Test]
    public async Task Get_DatabaseFileGone_Returns503WithRetryAfterNotInternals()
    {
        await using ApiTestHost host = await ApiTestHost.StartAsync();
        TestAccount account = TestAccounts.First;
        string sid = await host.SendSmsAsync(account);
        string path = host.Services.GetRequiredService<RestcommSmppBridge.Storage.Sqlite.SqliteDatabase>().FullPath;

        // The file is replaced under the running bridge (a wrong restore, a volume gone): connections already open go
        // on with the old file, any new one cannot open it. Idle pooled read connections are closed first.
        File.Delete(path);
        Directory.CreateDirectory(path);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using HttpResponseMessage list = await host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json", account);
        using HttpResponseMessage one = await host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + "/" + sid, account);
        string listText = await list.Content.ReadAsStringAsync();
        string oneText = await one.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), listText);
            Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), oneText);
            Assert.That(list.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(ApiExceptionFilter.StoreUnavailableRetryAfterSeconds)));
            Assert.That(listText, Does.Contain(ApiExceptionFilter.StoreUnreadableMessage));
            Assert.That(oneText, Does.Contain(ApiExceptionFilter.StoreUnreadableMessage));
            Assert.That(listText + oneText, Does.Not.Contain("SQLite").And.Not.Contain("open"), "no internals");
            Assert.That(host.Logs.Entries.Count(e => e.EventId.Id == 5013), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Post_Accepted_PokesTheOutboxOnceAfterTheCommit()
    {
        Moq.Mock<RestcommSmppBridge.Outbound.IOutboxSignal> outbox = new();
        await using ApiTestHost host = await ApiTestHost.StartAsync(TestAccounts.Settings(), extraSettings: null,
            configureServices: services => services.AddSingleton(outbox.Object));
        TestAccount account = TestAccounts.First;
        MessagePage before = await host.Messages.ListAsync(account.Sid, new MessageQuery(), CancellationToken.None);

        using HttpResponseMessage accepted = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account, ValidForm());
        using HttpResponseMessage refused = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account, ValidForm(""));

        Assert.Multiple(() =>
        {
            Assert.That(before.Total, Is.Zero);
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
        outbox.Verify(o => o.Poke(), Moq.Times.Once(), "the dispatcher is woken for the stored send only");
    }

    [Test]
    public async Task Post_StoreThrows_Returns500WithGenericBodyAndLogsTheError()
    {
        await using ApiTestHost host = await ApiTestHost.StartAsync(TestAccounts.Settings(), extraSettings: null, configureServices: FaultyMessageStore.Install);
        TestAccount account = TestAccounts.First;

        using HttpResponseMessage response = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account, ValidForm(FaultyMessageStore.PoisonBody));
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(text, Does.Contain("<Message>The server could not process the request.</Message>"));
        Assert.That(text, Does.Not.Contain(FaultyMessageStore.ExceptionText));
        Assert.That(host.Logs.Entries.Any(e => e.EventId.Id == 5008 && e.Message.Contains(FaultyMessageStore.ExceptionText, StringComparison.Ordinal)), Is.True);
    }

    private async Task AssertRejectedAsync(IEnumerable<KeyValuePair<string, string>> form, string expected, int? code = null)
    {
        TestAccount account = TestAccounts.Second;
        MessagePage before = await _host.Messages.ListAsync(account.Sid, new MessageQuery(), CancellationToken.None);
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account, form);
        MessagePage after = await _host.Messages.ListAsync(account.Sid, new MessageQuery(), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo("application/json"));
        Assert.That(error.Message, Is.EqualTo(expected));
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(after.Total, Is.EqualTo(before.Total), "nothing is stored");
    }

    private static void AddIfNotNull(List<KeyValuePair<string, string>> form, string name, string? value)
    {
        if (value is not null)
        {
            form.Add(new(name, value));
        }
    }

    // "été 😀", percent-encoded as UTF-8, with a '+' for a space and a literal '%' that encodes nothing.
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/x-www-form-urlencoded; charset=utf-8")]
    [TestCase("application/x-www-form-urlencoded; charset=us-ascii")]
    public async Task Post_Utf8Form_StoredAsSent(string contentType)
    {
        SmsMessage stored = await SendAsync(contentType, Encoding.ASCII.GetBytes(
            "From=%2B15550001111&To=%2B15552223333&Body=%C3%A9t%C3%A9+%F0%9F%98%80+100%+sure"));

        Assert.That(stored.Body, Is.EqualTo("été 😀 100% sure"));
    }

    [Test]
    public async Task Post_Latin1Form_StoredAsSent()
    {
        // Apache HttpClient's form entity: ISO-8859-1 by default, 'é' escaped as %E9.
        SmsMessage stored = await SendAsync("application/x-www-form-urlencoded; charset=ISO-8859-1",
            Encoding.ASCII.GetBytes("From=%2B15550001111&To=%2B15552223333&Body=caf%E9"));

        Assert.That(stored.Body, Is.EqualTo("café"));
    }

    [Test]
    public async Task Post_PlainFormWithMoreValuesThanTheReaderAllows_Returns400Malformed()
    {
        StringBuilder body = new("From=%2B15550001111&To=%2B15552223333&Body=Hi");
        for (int i = 0; i < 1100; i++)
        {
            body.Append("&X-").Append(i.ToString(CultureInfo.InvariantCulture)).Append("=v");
        }

        using HttpResponseMessage response = await PostAsync("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(body.ToString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Does.StartWith("The form body is malformed: "));
    }

    [Test]
    public async Task Post_PlainFormOverTheSizeLimit_Returns413()
    {
        using HttpResponseMessage response = await PostAsync("application/x-www-form-urlencoded",
            Encoding.ASCII.GetBytes("From=%2B15550001111&To=%2B15552223333&Body=" + new string('a', 70 * 1024)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo("The request body is larger than the limit of 65536 bytes."));
    }

    [Test]
    public async Task Post_PlainFormWithoutBody_AnswersAsIfEveryParameterWereMissing()
    {
        using HttpResponseMessage response = await PostAsync("application/x-www-form-urlencoded", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo("From can not be null."));
    }

    private async Task<HttpResponseMessage> PostAsync(string contentType, byte[] body)
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(TestAccounts.First) + ".json", TestAccounts.First.Sid, TestAccounts.First.Token);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await _host.Client.SendAsync(request);
    }

    private async Task<SmsMessage> SendAsync(string contentType, byte[] body)
    {
        using HttpResponseMessage response = await PostAsync(contentType, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        string sid = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("sid").GetString()!;
        SmsMessage? stored = await _host.Messages.GetAsync(TestAccounts.First.Sid, sid, CancellationToken.None);
        Assert.That(stored, Is.Not.Null);
        return stored!;
    }
}
