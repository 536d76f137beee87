using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace RestcommSmppBridge.Tests.Api;

[TestFixture]
[CancelAfter(60_000)]
public sealed class IncomingPhoneNumbersApiTests
{
    private ApiTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await ApiTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task CreateWithApiVersion_ThenListWithCacheBuster_AcceptedAndIgnored()
    {
        // ApiVersion is accepted on a send too; a browser adds _ to a GET to defeat caches.
        TestAccount account = TestAccounts.Second;
        string path = TestAccounts.NumbersPath(account);
        using HttpResponseMessage created = await _host.SendAsync(HttpMethod.Post, path + ".json", account,
            [new("PhoneNumber", "+15557770998"), new("ApiVersion", "2012-04-24")]);
        string createdText = await created.Content.ReadAsStringAsync();
        using HttpResponseMessage list = await _host.SendAsync(HttpMethod.Get, path + ".json?PhoneNumber=%2B15557770998&_=1764240000000", account);
        string listText = await list.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK), createdText);
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), listText);
            Assert.That(listText, Does.Contain("\"phone_number\": \"+15557770998\""));
        });
    }

    [Test]
    public async Task Create_FriendlyNameWithControlCharacter_XmlAnswersReplaceIt()
    {
        TestAccount account = TestAccounts.Second;
        string path = TestAccounts.NumbersPath(account);
        using HttpResponseMessage created = await _host.SendAsync(HttpMethod.Post, path, account,
            [new("PhoneNumber", "+15557770999"), new("FriendlyName", "desk\u000Cline")]);
        string createdText = await created.Content.ReadAsStringAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK), createdText);
        using HttpResponseMessage list = await _host.SendAsync(HttpMethod.Get, path + "?PhoneNumber=%2B15557770999", account);
        string listText = await list.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(XDocument.Parse(createdText).Root!.Element("IncomingPhoneNumber")!.Element("FriendlyName")!.Value, Is.EqualTo("desk\uFFFDline"));
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), listText);
            Assert.That(XDocument.Parse(listText).Root!.Descendants("FriendlyName").Select(e => e.Value), Has.Member("desk\uFFFDline"));
        });
    }

    [Test]
    public async Task Crud_CreateFetchUpdateListDelete_Works()
    {
        TestAccount account = TestAccounts.First;
        string path = TestAccounts.NumbersPath(account);

        using HttpResponseMessage created = await _host.SendAsync(HttpMethod.Post, path + ".json", account,
            [new("PhoneNumber", "+15557770001"), new("SmsUrl", "https://app.example.com/sms")]);
        string createdText = await created.Content.ReadAsStringAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK), createdText);
        JsonElement json = JsonDocument.Parse(createdText).RootElement;
        string sid = json.GetProperty("sid").GetString()!;
        string expected =
            "{\n" +
            $"  \"sid\": \"{sid}\",\n" +
            $"  \"account_sid\": \"{account.Sid}\",\n" +
            "  \"friendly_name\": \"+15557770001\",\n" +
            "  \"phone_number\": \"+15557770001\",\n" +
            "  \"date_created\": \"Thu, 19 Nov 2015 07:21:24 +0000\",\n" +
            "  \"date_updated\": \"Thu, 19 Nov 2015 07:21:24 +0000\",\n" +
            "  \"sms_url\": \"https://app.example.com/sms\",\n" +
            "  \"sms_method\": \"POST\",\n" +
            "  \"sms_fallback_url\": null,\n" +
            "  \"sms_fallback_method\": \"POST\",\n" +
            "  \"sms_status_callback\": null,\n" +
            "  \"capabilities\": {\n" +
            "    \"voice_capable\": false,\n" +
            "    \"sms_capable\": true,\n" +
            "    \"mms_capable\": false,\n" +
            "    \"fax_capable\": false\n" +
            "  },\n" +
            "  \"api_version\": \"2012-04-24\",\n" +
            $"  \"uri\": \"/2012-04-24/Accounts/{account.Sid}/IncomingPhoneNumbers/{sid}.json\"\n" +
            "}";
        Assert.That(createdText, Is.EqualTo(expected));

        _host.Time.Advance(TimeSpan.FromMinutes(1));
        using HttpResponseMessage updated = await _host.SendAsync(HttpMethod.Post, path + "/" + sid, account,
            [new("SmsMethod", "get"), new("SmsFallbackUrl", "http://backup.example.com/sms"), new("FriendlyName", "Support line")]);
        XElement number = XDocument.Parse(await updated.Content.ReadAsStringAsync()).Root!.Element("IncomingPhoneNumber")!;
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(number.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[]
        {
            "Sid", "AccountSid", "FriendlyName", "PhoneNumber", "DateCreated", "DateUpdated", "SmsUrl", "SmsMethod",
            "SmsFallbackUrl", "SmsFallbackMethod", "SmsStatusCallback", "Capabilities", "ApiVersion", "Uri",
        }));
        Assert.That(number.Element("Capabilities")!.Elements().Select(e => e.Name.LocalName + "=" + e.Value),
            Is.EqualTo(new[] { "Voice=false", "Sms=true", "Mms=false", "Fax=false" }));
        Assert.That(number.Element("SmsUrl")!.Value, Is.EqualTo("https://app.example.com/sms"), "absent parameters are kept");
        Assert.That(number.Element("SmsMethod")!.Value, Is.EqualTo("GET"));
        Assert.That(number.Element("SmsFallbackUrl")!.Value, Is.EqualTo("http://backup.example.com/sms"));
        Assert.That(number.Element("FriendlyName")!.Value, Is.EqualTo("Support line"));
        Assert.That(number.Element("DateUpdated")!.Value, Is.EqualTo("Thu, 19 Nov 2015 07:22:24 +0000"));

        using HttpResponseMessage fetched = await _host.SendAsync(HttpMethod.Get, path + "/" + sid + ".json", account);
        JsonElement fetchedJson = JsonDocument.Parse(await fetched.Content.ReadAsStringAsync()).RootElement;
        Assert.That(fetchedJson.GetProperty("sms_method").GetString(), Is.EqualTo("GET"));

        using HttpResponseMessage listed = await _host.SendAsync(HttpMethod.Get, path + ".json", account);
        JsonElement list = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;
        Assert.That(list.GetProperty("incomingPhoneNumbers").EnumerateArray().Select(n => n.GetProperty("sid").GetString()), Does.Contain(sid));
        Assert.That(list.GetProperty("previous_page_uri").GetString(), Is.EqualTo("null"));

        using HttpResponseMessage deleted = await _host.SendAsync(HttpMethod.Delete, path + "/" + sid, account);
        using HttpResponseMessage gone = await _host.SendAsync(HttpMethod.Get, path + "/" + sid, account);
        using HttpResponseMessage deletedAgain = await _host.SendAsync(HttpMethod.Delete, path + "/" + sid, account);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(deletedAgain.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Create_DuplicateNumber_Returns400With21452EvenAcrossAccounts()
    {
        using HttpResponseMessage first = await _host.SendAsync(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.First), TestAccounts.First,
            [new("PhoneNumber", "+15557770002")]);
        using HttpResponseMessage same = await _host.SendAsync(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.First), TestAccounts.First,
            [new("PhoneNumber", "+15557770002")]);
        using HttpResponseMessage other = await _host.SendAsync(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.Second), TestAccounts.Second,
            [new("PhoneNumber", "+15557770002")]);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Restcomm's answer: 400 with its code 21452, not 409.
        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        ErrorBody sameBody = await ErrorBody.ReadAsync(same);
        Assert.That(sameBody.Message, Is.EqualTo("The phone number +15557770002 is already provisioned."));
        Assert.That(sameBody.Code, Is.EqualTo(21452));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(other)).Code, Is.EqualTo(21452));
    }

    [Test]
    public async Task Numbers_OfAnotherAccount_AreNotFound()
    {
        using HttpResponseMessage created = await _host.SendAsync(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.First) + ".json", TestAccounts.First,
            [new("PhoneNumber", "+15557770003")]);
        string sid = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sid").GetString()!;
        string othersPath = TestAccounts.NumbersPath(TestAccounts.Second) + "/" + sid;

        using HttpResponseMessage fetch = await _host.SendAsync(HttpMethod.Get, othersPath, TestAccounts.Second);
        using HttpResponseMessage update = await _host.SendAsync(HttpMethod.Post, othersPath, TestAccounts.Second, [new("SmsUrl", "https://evil.example.com/")]);
        using HttpResponseMessage delete = await _host.SendAsync(HttpMethod.Delete, othersPath, TestAccounts.Second);
        using HttpResponseMessage list = await _host.SendAsync(HttpMethod.Get, TestAccounts.NumbersPath(TestAccounts.Second) + ".json?PhoneNumber=7770003", TestAccounts.Second);
        using HttpResponseMessage stillThere = await _host.SendAsync(HttpMethod.Get, TestAccounts.NumbersPath(TestAccounts.First) + "/" + sid + ".json", TestAccounts.First);

        Assert.That(fetch.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32(), Is.EqualTo(0));
        Assert.That(JsonDocument.Parse(await stillThere.Content.ReadAsStringAsync()).RootElement.GetProperty("sms_url").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("PhoneNumber=", "PhoneNumber can not be null.")]
    [TestCase("PhoneNumber=call-me", "PhoneNumber must be digits with an optional leading +, at most 20.")]
    [TestCase("PhoneNumber=%2B15557770009&SmsUrl=/relative", "SmsUrl must be an absolute http or https URL.")]
    [TestCase("PhoneNumber=%2B15557770009&SmsFallbackUrl=http%3A%2F%2F", "SmsFallbackUrl must be an absolute http or https URL.")]
    [TestCase("PhoneNumber=%2B15557770009&SmsMethod=PUT", "SmsMethod must be GET or POST.")]
    [TestCase("PhoneNumber=%2B15557770009&SmsFallbackMethod=DELETE", "SmsFallbackMethod must be GET or POST.")]
    [TestCase("PhoneNumber=%2B15557770009&SmsStatusCallback=mailto%3Aa%40b.c", "SmsStatusCallback must be an absolute http or https URL.")]
    [TestCase("PhoneNumber=%2B15557770009&VoiceUrl=https%3A%2F%2Fa.example%2Fv", "Unknown parameter 'VoiceUrl'; the accepted parameters are PhoneNumber, FriendlyName, SmsUrl, SmsMethod, SmsFallbackUrl, SmsFallbackMethod, SmsStatusCallback, ApiVersion.")]
    public async Task Create_InvalidField_Returns400(string form, string expected)
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.First), TestAccounts.First.Sid, TestAccounts.First.Token);
        request.Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo(expected));
    }

    [Test]
    public async Task Update_ChangingThePhoneNumber_Returns400()
    {
        using HttpResponseMessage created = await _host.SendAsync(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.First) + ".json", TestAccounts.First,
            [new("PhoneNumber", "+15557770004")]);
        string sid = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sid").GetString()!;

        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.NumbersPath(TestAccounts.First) + "/" + sid, TestAccounts.First,
            [new("PhoneNumber", "+15557770005")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo("PhoneNumber can not be changed; delete this number and create the new one."));
    }
}
