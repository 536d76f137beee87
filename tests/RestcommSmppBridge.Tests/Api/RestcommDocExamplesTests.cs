using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Tests.Hosting;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// The curl examples of Restcomm's SMS API documentation, replayed as HttpClient calls with the same method, path,
/// parameters (the same bytes curl's <c>-d</c> sends) and credentials (curl's <c>https://user:password@host</c> is Basic
/// auth), against the bridge over HTTPS as in the docs, seeded with the docs' own account. Each test asserts the
/// documented response shape and names where the bridge deliberately differs.
/// </summary>
/// <remarks>
/// Source of every example: Restcomm-Connect's "Restcomm API – SMS" page,
/// https://github.com/RestComm/Restcomm-Connect/blob/cc9aa57d40b3bbf1a8c93173f2fd7c904e59771a/restcomm/restcomm.docs/sources-asciidoc/src/main/asciidoc/api/sms-api.adoc
/// (the asciidoc source of the SMS page of Restcomm's documentation site). The section of each example is named on
/// its test.
/// </remarks>
[TestFixture]
[CancelAfter(60_000)]
public sealed class RestcommDocExamplesTests
{
    /// <summary>The account and token every example uses (Restcomm's documented default administrator).</summary>
    private const string DocAccountSid = "ACae6e420f425248d6a26948c17a9e2acf";
    private const string DocAuthToken = "77f8c12cc7b8f8423e5c38b035249166";
    private const string MessagesPath = "/restcomm/2012-04-24/Accounts/" + DocAccountSid + "/SMS/Messages";

    /// <summary>The elements of the documented "XML POST Response", in order.</summary>
    private static readonly string[] s_documentedXmlElements =
        ["Sid", "DateCreated", "DateUpdated", "DateSent", "AccountSid", "From", "To", "Body", "Status", "Direction", "Price", "PriceUnit", "ApiVersion", "Uri"];

    /// <summary>The keys of the documented "JSON POST Response", in order (date_sent is absent until sent).</summary>
    private static readonly string[] s_documentedJsonKeys =
        ["sid", "date_created", "date_updated", "account_sid", "from", "to", "body", "status", "direction", "price", "price_unit", "api_version", "uri"];

    /// <summary>The keys of the documented list envelope ("JSON GET Response"), in order.</summary>
    private static readonly string[] s_documentedEnvelopeKeys =
        ["page", "num_pages", "page_size", "total", "start", "end", "uri", "first_page_uri", "previous_page_uri", "next_page_uri", "last_page_uri", "messages"];

    private string _folder = null!;
    private TestCertificate _certificate = null!;
    private ApiTestHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rsb-docs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _certificate = TestCertificate.Create(_folder);
        Dictionary<string, string?> accounts = new()
        {
            ["Bridge:Accounts:0:Sid"] = DocAccountSid,
            ["Bridge:Accounts:0:AuthToken"] = DocAuthToken,
        };
        Dictionary<string, string?> https = new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = _certificate.CertificatePemPath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _certificate.KeyPemPath,
        };
        _host = await ApiTestHost.StartAsync(accounts, https, handler: _certificate.PinnedHandler());
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>curl's <c>-X METHOD https://AC…:token@host/path -d a -d b</c>: Basic auth, and the -d values joined by &amp; as-is.</summary>
    private async Task<HttpResponseMessage> CurlAsync(HttpMethod method, string pathAndQuery, params string[] data)
    {
        using HttpRequestMessage request = new(method, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(DocAccountSid + ":" + DocAuthToken)));
        if (data.Length > 0)
        {
            request.Content = new StringContent(string.Join('&', data), Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        return await _host.Client.SendAsync(request);
    }

    private async Task<string> SendDocMessageAsync(string from = "%2B19876543212")
    {
        // One second apart, so "newest first" (Restcomm's default order) is well defined.
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        using HttpResponseMessage response = await CurlAsync(HttpMethod.Post, MessagesPath + ".json",
            "To=%2B13216549878", "From=" + from, "Body=This is a test from RestComm");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>Section "Send SMS Messages", answered as in "XML POST Response".</summary>
    [Test]
    public async Task SendSmsMessages_XmlPostResponse_HasTheDocumentedElements()
    {
        using HttpResponseMessage response = await CurlAsync(HttpMethod.Post, MessagesPath,
            "To=%2B13216549878", "From=%2B19876543212", "Body=This is a test from RestComm");
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Restcomm answers 200, not 201");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"));
        XElement root = XDocument.Parse(text).Root!;
        Assert.That(root.Name.LocalName, Is.EqualTo("RestcommResponse"));
        XElement message = root.Element("SMSMessage")!;
        string[] names = [.. message.Elements().Select(e => e.Name.LocalName)];

        // Ours adds NumSegments, last, so the documented order is untouched.
        Assert.That(names, Is.EqualTo(s_documentedXmlElements.Append("NumSegments").ToArray()));
        Assert.That(message.Element("Sid")!.Value, Does.Match("^SM[0-9a-f]{32}$"));
        Assert.That(message.Element("DateCreated")!.Value, Does.Match(@"^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"));
        Assert.That(message.Element("DateSent")!.IsEmpty, Is.True, "<DateSent/> until the carrier accepts it");
        Assert.That(message.Element("AccountSid")!.Value, Is.EqualTo(DocAccountSid));
        Assert.That(message.Element("From")!.Value, Is.EqualTo("+19876543212"));
        Assert.That(message.Element("To")!.Value, Is.EqualTo("+13216549878"));
        Assert.That(message.Element("Body")!.Value, Is.EqualTo("This is a test from RestComm"));

        // Restcomm shows "sending" because it sends inside the request; the bridge queues and answers once stored.
        Assert.That(message.Element("Status")!.Value, Is.EqualTo("queued"));
        Assert.That(message.Element("Direction")!.Value, Is.EqualTo("outbound-api"));
        Assert.That(message.Element("Price")!.Value, Is.EqualTo("0"));
        Assert.That(message.Element("PriceUnit")!.Value, Is.EqualTo("USD"));
        Assert.That(message.Element("ApiVersion")!.Value, Is.EqualTo("2012-04-24"));
        Assert.That(message.Element("Uri")!.Value, Is.EqualTo($"/2012-04-24/Accounts/{DocAccountSid}/SMS/Messages/{message.Element("Sid")!.Value}"));
    }

    /// <summary>Section "Send SMS Messages With a StatusCallback URL".</summary>
    [Test]
    public async Task SendSmsMessagesWithStatusCallback_StoresTheCallback()
    {
        using HttpResponseMessage response = await CurlAsync(HttpMethod.Post, MessagesPath,
            "To=%2B13216549878", "From=%2B19876543212", "Body=This is a test from RestComm", "StatusCallback=http%3A%2F%2Fposttestserver.com%2Fpost.php");
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        string sid = XDocument.Parse(text).Root!.Element("SMSMessage")!.Element("Sid")!.Value;
        SmsMessage? stored = await _host.Messages.GetAsync(DocAccountSid, sid, CancellationToken.None);
        Assert.That(stored!.StatusCallback, Is.EqualTo("http://posttestserver.com/post.php"));
        Assert.That(stored.StatusCallbackMethod, Is.EqualTo("POST"));
    }

    /// <summary>Section "JSON POST Response".</summary>
    [Test]
    public async Task JsonPostResponse_HasTheDocumentedKeysInOrder()
    {
        using HttpResponseMessage response = await CurlAsync(HttpMethod.Post, MessagesPath + ".json",
            "To=%2B1321654879", "From=%2B1654123987", "Body=This is a test from RestComm");
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        JsonElement json = JsonDocument.Parse(text).RootElement;
        Assert.That(json.EnumerateObject().Select(p => p.Name).ToArray(), Is.EqualTo(s_documentedJsonKeys.Append("num_segments").ToArray()));
        Assert.That(json.GetProperty("from").GetString(), Is.EqualTo("+1654123987"));
        Assert.That(json.GetProperty("to").GetString(), Is.EqualTo("+1321654879"));
        Assert.That(json.GetProperty("price").GetString(), Is.EqualTo("0"));

        // The docs print "/restcomm/2012-04-24/…" here, but Restcomm's code (and the XML example) has no /restcomm.
        Assert.That(json.GetProperty("uri").GetString(),
            Is.EqualTo($"/2012-04-24/Accounts/{DocAccountSid}/SMS/Messages/{json.GetProperty("sid").GetString()}.json"));
    }

    /// <summary>Section "Get list of SMS Messages" (no suffix, so XML).</summary>
    [Test]
    public async Task GetListOfSmsMessages_Xml_ListsEveryMessageWithoutPagingMetadata()
    {
        string first = await SendDocMessageAsync();
        string second = await SendDocMessageAsync();

        using HttpResponseMessage response = await CurlAsync(HttpMethod.Get, MessagesPath);
        XElement root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        XElement list = root.Element("SMSMessages")!;
        Assert.That(list.Attributes(), Is.Empty, "Restcomm's XML list carries no paging metadata");
        Assert.That(list.Elements("SMSMessage").Select(m => m.Element("Sid")!.Value), Is.EquivalentTo(new[] { first, second }));
    }

    /// <summary>Section "JSON GET Response" (the list with its paging envelope).</summary>
    [Test]
    public async Task JsonGetResponse_HasTheDocumentedEnvelope()
    {
        await SendDocMessageAsync();
        await SendDocMessageAsync();

        using HttpResponseMessage response = await CurlAsync(HttpMethod.Get, MessagesPath + ".json");
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.EnumerateObject().Select(p => p.Name).ToArray(), Is.EqualTo(s_documentedEnvelopeKeys));
        Assert.That(json.GetProperty("page").GetInt32(), Is.EqualTo(0));
        Assert.That(json.GetProperty("num_pages").GetInt32(), Is.EqualTo(0));
        Assert.That(json.GetProperty("page_size").GetInt32(), Is.EqualTo(50));
        Assert.That(json.GetProperty("total").GetInt32(), Is.EqualTo(2));
        Assert.That(json.GetProperty("start").GetString(), Is.EqualTo("0"));
        Assert.That(json.GetProperty("end").GetString(), Is.EqualTo("2"));
        Assert.That(json.GetProperty("uri").GetString(), Is.EqualTo(MessagesPath + ".json"));
        Assert.That(json.GetProperty("first_page_uri").GetString(), Is.EqualTo(MessagesPath + ".json?Page=0&PageSize=50"));
        Assert.That(json.GetProperty("previous_page_uri").GetString(), Is.EqualTo("null"));
        Assert.That(json.GetProperty("next_page_uri").GetString(), Is.EqualTo("null"));
        Assert.That(json.GetProperty("last_page_uri").GetString(), Is.EqualTo(MessagesPath + ".json?Page=0&PageSize=50"));
        Assert.That(json.GetProperty("messages").GetArrayLength(), Is.EqualTo(2));
    }

    /// <summary>Section "Get Response Using SMS SID", for a message the carrier has accepted (as in the example).</summary>
    [Test]
    public async Task GetResponseUsingSmsSid_SentMessage_HasDateSentInIso8601()
    {
        string sid = await SendDocMessageAsync();
        await _host.Messages.UpdateStatusAsync(
            new MessageStatusUpdate { MessageSid = sid, Status = MessageStatus.Sent, At = new DateTimeOffset(2015, 11, 19, 12, 21, 24, TimeSpan.Zero) },
            CancellationToken.None);

        using HttpResponseMessage response = await CurlAsync(HttpMethod.Get, MessagesPath + "/" + sid + ".json");
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        string[] expectedKeys = [.. s_documentedJsonKeys.Take(3), "date_sent", .. s_documentedJsonKeys.Skip(3), "num_segments"];
        Assert.That(json.EnumerateObject().Select(p => p.Name).ToArray(), Is.EqualTo(expectedKeys));
        Assert.That(json.GetProperty("sid").GetString(), Is.EqualTo(sid));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("sent"));
        Assert.That(json.GetProperty("date_sent").GetString(), Is.EqualTo("2015-11-19T12:21:24.000Z"));
    }

    /// <summary>Section "Filter using the From parameter" (messages from client alice).</summary>
    [Test]
    public async Task FilterUsingTheFromParameter_ReturnsOnlyAlicesMessage()
    {
        string alice = await SendDocMessageAsync(from: "alice");
        await SendDocMessageAsync();

        using HttpResponseMessage response = await CurlAsync(HttpMethod.Get, MessagesPath + ".json?From=alice");
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("total").GetInt32(), Is.EqualTo(1));
        Assert.That(json.GetProperty("end").GetString(), Is.EqualTo("1"));
        JsonElement only = json.GetProperty("messages")[0];
        Assert.That(only.GetProperty("sid").GetString(), Is.EqualTo(alice));
        Assert.That(only.GetProperty("from").GetString(), Is.EqualTo("alice"));
    }

    /// <summary>Section "Paging Information", example with <c>PageSize=1</c>.</summary>
    [Test]
    public async Task PagingInformation_PageSizeOne_ReturnsOneItemAndTheDocumentedLinks()
    {
        await SendDocMessageAsync();
        await SendDocMessageAsync();
        string newest = await SendDocMessageAsync();

        using HttpResponseMessage response = await CurlAsync(HttpMethod.Get, MessagesPath + ".json?PageSize=1");
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("page_size").GetInt32(), Is.EqualTo(1));
        Assert.That(json.GetProperty("total").GetInt32(), Is.EqualTo(3));
        Assert.That(json.GetProperty("num_pages").GetInt32(), Is.EqualTo(3), "total / page size, as in the example (34 of 34)");
        Assert.That(json.GetProperty("start").GetString(), Is.EqualTo("0"));
        Assert.That(json.GetProperty("end").GetString(), Is.EqualTo("0"));
        Assert.That(json.GetProperty("messages").GetArrayLength(), Is.EqualTo(1));
        Assert.That(json.GetProperty("messages")[0].GetProperty("sid").GetString(), Is.EqualTo(newest), "newest first");
        Assert.That(json.GetProperty("next_page_uri").GetString(), Is.EqualTo(MessagesPath + ".json?Page=1&PageSize=1&AfterSid=" + newest));
        Assert.That(json.GetProperty("last_page_uri").GetString(), Is.EqualTo(MessagesPath + ".json?Page=3&PageSize=1"));
    }
}
