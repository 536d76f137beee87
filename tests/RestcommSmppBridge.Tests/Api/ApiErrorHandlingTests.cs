using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// Every bad input answers 4xx with a message in the requested format, never a 500 or a stack trace; and the
/// answers Restcomm pins stay exactly as they are (empty 404 for an unknown sid, empty 400 past the last page, empty
/// 401 with the challenge).
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class ApiErrorHandlingTests
{
    private static readonly TestAccount s_account = TestAccounts.First;

    private ApiTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await ApiTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase("application/json", "{\"From\":\"+15550001111\",\"To\":\"+15552223333\",\"Body\":\"Hi\"}")]
    [TestCase("text/plain", "From=+15550001111")]
    [TestCase(null, "From=%2B15550001111&To=%2B15552223333&Body=Hi")]
    public async Task Post_BodyThatIsNotAForm_Returns415WithMessage(string? contentType, string body)
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account.Sid, s_account.Token);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo("application/json"));
        Assert.That(error.Message, Does.StartWith("The body must be a form: Content-Type application/x-www-form-urlencoded"));
        Assert.That(error.Message, Does.Contain(contentType ?? "not none"));
    }

    [Test]
    public async Task Post_MultipartForm_IsAcceptedLikeCurlDashF()
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account.Sid, s_account.Token);
        MultipartFormDataContent form = new()
        {
            { new StringContent("+15550001111"), "From" },
            { new StringContent("+15552223333"), "To" },
            { new StringContent("multipart"), "Body" },
        };
        request.Content = form;

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Post_BodyOverRequestSizeLimit_Returns413WithMessageAndStoresNothing()
    {
        MessagePage before = await _host.Messages.ListAsync(s_account.Sid, new MessageQuery(), CancellationToken.None);
        string body = "From=%2B15550001111&To=%2B15552223333&Body=" + new string('a', 70 * 1024);
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(s_account), s_account.Sid, s_account.Token);
        request.Content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");

        using HttpResponseMessage response = await _host.Client.SendAsync(request);
        MessagePage after = await _host.Messages.ListAsync(s_account.Sid, new MessageQuery(), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo("application/xml"));
        Assert.That(error.Message, Is.EqualTo("The request body is larger than the limit of 65536 bytes."));
        Assert.That(after.Total, Is.EqualTo(before.Total));
    }

    [Test]
    public async Task Post_ChunkedBodyOverConfiguredLimit_Returns413()
    {
        await using ApiTestHost host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["Bridge:Api:MaxRequestBodySize"] = "2048" });
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account.Sid, s_account.Token);

        // A stream of unknown length goes out chunked: Kestrel only finds the size while reading.
        request.Content = new StreamContent(new UnseekableStream(Encoding.ASCII.GetBytes("From=%2B15550001111&Body=" + new string('b', 4096))));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using HttpResponseMessage response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo("The request body is larger than the limit of 2048 bytes."));
    }

    [Test]
    public async Task Post_MoreFormValuesThanTheReaderAllows_Returns400Malformed()
    {
        StringBuilder body = new("From=%2B15550001111&To=%2B15552223333&Body=Hi");
        for (int i = 0; i < 1100; i++)
        {
            body.Append("&X-").Append(i.ToString(CultureInfo.InvariantCulture)).Append("=v");
        }

        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account.Sid, s_account.Token);
        request.Content = new StringContent(body.ToString(), Encoding.ASCII, "application/x-www-form-urlencoded");

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Does.StartWith("The form body is malformed: "));
    }

    [Test]
    public async Task Post_MultipartWithoutBoundary_Returns400Malformed()
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(s_account), s_account.Sid, s_account.Token);
        request.Content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"From\"\r\n\r\n1\r\n--x--\r\n");
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo("application/xml"));
        Assert.That(error.Message, Does.StartWith("The form body is malformed: "));
    }

    [TestCase("StatusCallBackUrl", "Unknown parameter 'StatusCallBackUrl'; the accepted parameters are From, To, Body, StatusCallback, StatusCallbackMethod, Encoding, ApiVersion.")]
    [TestCase("MediaUrl", "Unknown parameter 'MediaUrl'; the accepted parameters are From, To, Body, StatusCallback, StatusCallbackMethod, Encoding, ApiVersion.")]
    public async Task Post_UnknownParameter_Returns400NamingIt(string name, string expected)
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account,
            [new("From", "+15550001111"), new("To", "+15552223333"), new("Body", "Hi"), new(name, "x")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo(expected));
    }

    [Test]
    public async Task Post_RestcommApiVersionXHeadersAndLowercaseNames_AreAccepted()
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account,
            [new("from", "+15550001111"), new("TO", "+15552223333"), new("body", "Hi"), new("ApiVersion", "2012-04-24"), new("X-Custom", "1")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase("/SMS/Messages/not-a-sid", "'not-a-sid' is not an SMS message sid: SM followed by 32 lowercase hexadecimal digits.")]
    [TestCase("/SMS/Messages/SM0123456789ABCDEF0123456789ABCDEF.json", "'SM0123456789ABCDEF0123456789ABCDEF' is not an SMS message sid: SM followed by 32 lowercase hexadecimal digits.")]
    [TestCase("/IncomingPhoneNumbers/SM0123456789abcdef0123456789abcdef", "'SM0123456789abcdef0123456789abcdef' is not an incoming phone number sid: PN followed by 32 lowercase hexadecimal digits.")]
    public async Task Get_MalformedSid_Returns400SayingWhatASidLooksLike(string path, string expected)
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, $"/restcomm/2012-04-24/Accounts/{s_account.Sid}{path}", s_account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.EqualTo(expected));
    }

    [Test]
    public async Task Delete_MalformedNumberSid_Returns400()
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Delete, TestAccounts.NumbersPath(s_account) + "/PN-nope.json", s_account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorBody.ReadAsync(response)).MediaType, Is.EqualTo("application/json"));
    }

    [TestCase("GET", "/restcomm/2012-04-24/Accounts/{0}/Calls", "application/xml")]
    [TestCase("GET", "/restcomm/2012-04-24/Accounts/{0}/Calls.json", "application/json")]
    [TestCase("POST", "/restcomm/2010-04-01/Accounts/{0}/SMS/Messages.json", "application/json")]
    [TestCase("GET", "/restcomm/2012-04-24/Accounts/{0}/SMS/Messages/SM0123456789abcdef0123456789abcdef/Media", "application/xml")]
    [TestCase("GET", "/restcomm", "application/xml")]
    [TestCase("GET", "/RESTCOMM/2012-04-24/Nothing.json", "application/json")]
    [TestCase("DELETE", "/restcomm/", "application/xml")]
    public async Task UnknownRoute_Returns404WithMessageInFormat(string method, string pathFormat, string mediaType)
    {
        string path = string.Format(CultureInfo.InvariantCulture, pathFormat, s_account.Sid);
        using HttpRequestMessage request = new(new HttpMethod(method), path);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo(mediaType));
        Assert.That(error.Code, Is.EqualTo(20404));
        Assert.That(error.Message, Does.StartWith("No API resource at this path."));
    }

    [Test]
    public async Task PathOutsideRestcomm_IsNotTheApis404()
    {
        // "/restcommx" only starts with the same letters: it is not under /restcomm, so the API does not answer it.
        using HttpResponseMessage response = await _host.Client.GetAsync(new Uri("/restcommx/2012-04-24", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [TestCase("DELETE", "/SMS/Messages", "GET, HEAD, POST")]
    [TestCase("PUT", "/SMS/Messages.json", "GET, HEAD, POST")]
    [TestCase("PUT", "/SMS/Messages/SM0123456789abcdef0123456789abcdef", "GET, HEAD")]
    [TestCase("POST", "/SMS/Messages/SM0123456789abcdef0123456789abcdef.json", "GET, HEAD")]
    [TestCase("PATCH", "/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef", "GET, HEAD, POST, PUT, DELETE")]
    [TestCase("DELETE", "/IncomingPhoneNumbers", "GET, HEAD, POST")]
    public async Task WrongMethod_Returns405WithAllowAndMessage(string method, string path, string allow)
    {
        using HttpResponseMessage response = await _host.SendAsync(new HttpMethod(method), $"/restcomm/2012-04-24/Accounts/{s_account.Sid}{path}", s_account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(string.Join(", ", response.Content.Headers.Allow), Is.EqualTo(allow));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.Message, Is.EqualTo($"The method {method} is not allowed on this resource; use {allow}."));
        Assert.That(error.Code, Is.EqualTo(20004));
    }

    [Test]
    public async Task RestcommPinnedAnswers_KeepTheirEmptyBodies()
    {
        using HttpResponseMessage unknownSid = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(s_account) + "/SM0123456789abcdef0123456789abcdef.json", s_account);
        using HttpResponseMessage pastLastPage = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(s_account) + ".json?Page=99", s_account);
        using HttpResponseMessage unauthenticated = await _host.Client.GetAsync(TestAccounts.MessagesPath(s_account) + ".json");

        Assert.That(unknownSid.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await unknownSid.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That(pastLastPage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await pastLastPage.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That(unauthenticated.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unauthenticated.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"Restcomm realm\""));
        Assert.That(await unauthenticated.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task Post_WhileShuttingDown_Returns503InRequestedFormat()
    {
        await using ApiTestHost host = await ApiTestHost.StartAsync();
        host.Services.GetRequiredService<ApiAdmission>().StopAcceptingSends();

        using HttpResponseMessage response = await host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(s_account) + ".json", s_account,
            [new("From", "+15550001111"), new("To", "+15552223333"), new("Body", "Hi")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo("application/json"));
        Assert.That(error.Message, Is.EqualTo("The service is shutting down; retry later."));
    }

    [TestCase("GET", "?PageSize=-3", null)]
    [TestCase("GET", "?StartTime=31-12-2015", null)]
    [TestCase("GET", "?SortBy=Sid:desc", null)]
    [TestCase("GET", "?Page=99999999999999999999", null)]
    [TestCase("POST", "", "Body=%ZZ&From=%2B1&To=%2B2")]
    [TestCase("POST", "", "From=%2B1&To=%2B2&Body=x&Encoding=%00")]
    [TestCase("POST", "", "From=%2B1&To=%2B2&Body=x&StatusCallback=http%3A%2F%2F%5B%3A%3A1")]
    [TestCase("POST", "", "=&&&==")]
    public async Task OddInputs_NeverAnswer5xx(string method, string query, string? form)
    {
        using HttpRequestMessage request = ApiTestHost.Request(new HttpMethod(method), TestAccounts.MessagesPath(s_account) + ".json" + query, s_account.Sid, s_account.Token);
        if (form is not null)
        {
            request.Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded");
        }

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.InRange(200, 499));
        if (!response.IsSuccessStatusCode)
        {
            Assert.That((await ErrorBody.ReadAsync(response)).Message, Is.Not.Empty);
        }
    }

    /// <summary>A read-only stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
