using System.Net;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Api;

[TestFixture]
[CancelAfter(60_000)]
public sealed class AuthenticationApiTests
{
    private ApiTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await ApiTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Get_NoCredentials_Returns401WithRestcommRealm()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync(TestAccounts.MessagesPath(TestAccounts.First));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"Restcomm realm\""));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [TestCase("AC11111111111111111111111111111111", "wrong-token")]
    [TestCase("AC11111111111111111111111111111111", "")]
    [TestCase("AC99999999999999999999999999999999", "token-one-0123456789")]
    [TestCase("not-an-account", "token-one-0123456789")]
    public async Task Get_BadCredentials_Returns401(string user, string password)
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.First), user, password);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"Restcomm realm\""));
    }

    // The send is mapped apart from the filtered routes (SendSmsEndpoint): the same refusals, and nothing stored.
    [TestCase("", null, null)]
    [TestCase(".json", "AC11111111111111111111111111111111", "wrong-token")]
    [TestCase("", "AC99999999999999999999999999999999", "token-one-0123456789")]
    [TestCase(".json", "not-an-account", "token-one-0123456789")]
    public async Task Post_BadOrNoCredentials_Returns401AndStoresNothing(string suffix, string? user, string? password)
    {
        string path = TestAccounts.MessagesPath(TestAccounts.First) + suffix;
        KeyValuePair<string, string>[] form = [new("From", "+15550001111"), new("To", "+15552223333"), new("Body", "Hi")];
        using HttpRequestMessage request = user is null
            ? new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) }
            : ApiTestHost.Request(HttpMethod.Post, path, user, password!, form);
        MessagePage before = await _host.Messages.ListAsync(TestAccounts.First.Sid, new MessageQuery(), CancellationToken.None);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);
        MessagePage after = await _host.Messages.ListAsync(TestAccounts.First.Sid, new MessageQuery(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"Restcomm realm\""));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(after.Total, Is.EqualTo(before.Total), "the refused send stored nothing");
        });
    }

    [Test]
    public async Task Get_VeryLongWrongPassword_Returns401()
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.First),
            TestAccounts.First.Sid, new string('p', 5_000));
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    // Texts longer than the 256-byte stack buffer are hashed from a rented one; both forms still match.
    [TestCase(10)]
    [TestCase(300)]
    [TestCase(2_000)]
    public void PasswordMatches_TokenOrItsMd5Form_MatchAtAnyLength(int length)
    {
        string password = new('\u00e9', length);
        string md5Token = AccountAuthenticationFilter.Md5Hex(password);

        Assert.Multiple(() =>
        {
            Assert.That(AccountAuthenticationFilter.PasswordMatches(password, password), Is.True, "the token itself");
            Assert.That(AccountAuthenticationFilter.PasswordMatches(password, md5Token), Is.True, "the plain password of an MD5 token");
            Assert.That(AccountAuthenticationFilter.PasswordMatches(password + "x", password), Is.False);
            Assert.That(AccountAuthenticationFilter.PasswordMatches(md5Token, password), Is.False);
        });
    }

    [TestCase("Bearer abc")]
    [TestCase("Basic !!!notbase64")]
    [TestCase("Basic bm9jb2xvbg==")]
    public async Task Get_MalformedAuthorization_Returns401(string header)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.First));
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    // RFC 7617: the scheme name is case-insensitive and the credentials follow after one or more spaces.
    [TestCase("Basic {0}", HttpStatusCode.OK)]
    [TestCase("basic {0}", HttpStatusCode.OK)]
    [TestCase("BASIC    {0}  ", HttpStatusCode.OK)]
    [TestCase("Basic", HttpStatusCode.Unauthorized)]
    [TestCase("Basic ", HttpStatusCode.Unauthorized)]
    [TestCase("Basic{0}", HttpStatusCode.Unauthorized)]
    [TestCase("Digest {0}", HttpStatusCode.Unauthorized)]
    public async Task Get_AuthorizationHeaderForms_AcceptedOnlyAsBasic(string form, HttpStatusCode expected)
    {
        TestAccount account = TestAccounts.First;
        string credentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(account.Sid + ":" + account.Token));
        using HttpRequestMessage request = new(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json");
        request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, form, credentials));
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [TestCase(":with:colons")]
    [TestCase("ünïcödé-パスワード")]
    [TestCase("long-")]
    public async Task Get_WrongPasswordOfAnyShape_Returns401AndTheRightTokenStillWorks(string suffix)
    {
        // A password that is longer than the stack buffer (the "long-" case) goes through the rented one.
        string password = suffix == "long-" ? suffix + new string('x', 400) : TestAccounts.First.Token + suffix;
        TestAccount account = TestAccounts.First;
        using HttpRequestMessage wrong = ApiTestHost.Request(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json", account.Sid, password);
        using HttpResponseMessage refused = await _host.Client.SendAsync(wrong);
        using HttpResponseMessage accepted = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json", account);

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Get_PlainPasswordWhoseMd5IsTheToken_IsAccepted()
    {
        // The plain password twice: the first request reads the account from the store, the second finds it in memory.
        TestAccount account = TestAccounts.Md5;
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json", account.Sid, TestAccounts.Md5PlainPassword);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);
        using HttpRequestMessage again = ApiTestHost.Request(HttpMethod.Post, TestAccounts.MessagesPath(account) + ".json", account.Sid, TestAccounts.Md5PlainPassword,
            [new("From", "+15550001111"), new("To", "+15552223333"), new("Body", "Hi")]);
        using HttpResponseMessage sent = await _host.Client.SendAsync(again);
        using HttpResponseMessage withToken = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(account) + ".json", account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(withToken.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Post_SuspendedAccount_Returns403NotActive()
    {
        // Twice: the first request reads the account from the store, the second finds it in memory (another path).
        TestAccount account = TestAccounts.Suspended;
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(account), account,
                [new("From", "+1555"), new("To", "+1556"), new("Body", "x")]);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"request {i + 1}");
            ErrorBody error = await ErrorBody.ReadAsync(response);
            Assert.That(error.Message, Is.EqualTo("Provided Account is not active"));
            Assert.That(error.Code, Is.EqualTo(20005));
        }
    }

    [Test]
    public async Task Requests_ForAnotherAccountsPath_Return403WithMessageButNoData()
    {
        string otherSid = await _host.SendSmsAsync(TestAccounts.Second);
        MessagePage before = await _host.Messages.ListAsync(TestAccounts.Second.Sid, new MessageQuery(), CancellationToken.None);
        TestAccount me = TestAccounts.First;

        using HttpResponseMessage list = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.Second) + ".json", me);
        using HttpResponseMessage fetch = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.Second) + "/" + otherSid, me);
        using HttpResponseMessage send = await _host.SendAsync(HttpMethod.Post, TestAccounts.MessagesPath(TestAccounts.Second), me,
            [new("From", "+1555"), new("To", "+1556"), new("Body", "x")]);
        using HttpResponseMessage numbers = await _host.SendAsync(HttpMethod.Get, TestAccounts.NumbersPath(TestAccounts.Second), me);

        foreach (HttpResponseMessage response in new[] { list, fetch, send, numbers })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            string text = await response.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain(otherSid));
            ErrorBody error = await ErrorBody.ReadAsync(response);
            Assert.That(error.Message, Does.StartWith("The account in the path is not the account of the credentials"));
        }

        Assert.That(list.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), ".json path");
        Assert.That(send.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/xml"), "no suffix, no Accept");

        MessagePage after = await _host.Messages.ListAsync(TestAccounts.Second.Sid, new MessageQuery(), CancellationToken.None);
        Assert.That(after.Total, Is.EqualTo(before.Total), "the refused send stored nothing");
        Assert.That(after.Items.Select(m => m.Sid), Does.Contain(otherSid));
    }

    [Test]
    public async Task Get_OtherAccountsMessageThroughOwnPath_Returns404()
    {
        string otherSid = await _host.SendSmsAsync(TestAccounts.Second);
        TestAccount me = TestAccounts.First;

        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(me) + "/" + otherSid + ".json", me);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task FailedAuthentication_NeverLogsThePassword()
    {
        using HttpRequestMessage request = ApiTestHost.Request(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.First), TestAccounts.First.Sid, "guessed-password-xyz");
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_host.Logs.Entries.Any(e => e.EventId.Id == 5001), Is.True);
        Assert.That(_host.Logs.Entries.Any(e => e.Message.Contains("guessed-password-xyz", StringComparison.Ordinal)), Is.False);
        Assert.That(_host.Logs.Entries.Any(e => e.Message.Contains(TestAccounts.First.Token, StringComparison.Ordinal)), Is.False);
    }
}
