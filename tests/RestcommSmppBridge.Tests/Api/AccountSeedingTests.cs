using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Api;

[TestFixture]
[CancelAfter(60_000)]
public sealed class AccountSeedingTests
{
    private const string GoodSid = "AC0123456789abcdef0123456789abcdef";
    private const string OtherSid = "ACfedcba9876543210fedcba9876543210";

    private static AccountsOptions Options(AccountSeed[] accounts, NumberSeed[]? numbers = null) =>
        new() { Accounts = accounts, Numbers = numbers ?? [] };

    private static AccountSeed Account(string? sid = GoodSid, string? token = "t0ken", string? status = null) =>
        new() { Sid = sid, AuthToken = token, Status = status };

    private static NumberSeed Number(string? phone = "+15550001111", string? account = GoodSid, string? url = "https://app.example.com/sms",
        string? method = null, string? fallback = null, string? fallbackMethod = null, string? statusCallback = null) =>
        new()
        {
            PhoneNumber = phone,
            AccountSid = account,
            SmsUrl = url,
            SmsMethod = method,
            SmsFallbackUrl = fallback,
            SmsFallbackMethod = fallbackMethod,
            SmsStatusCallback = statusCallback,
        };

    private static string[] Failures(AccountsOptions options)
    {
        ValidateOptionsResult result = new AccountsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Test]
    public void Validate_GoodConfiguration_Succeeds()
    {
        AccountsOptions options = Options(
            [Account(), Account(OtherSid, "other", "SUSPENDED")],
            [Number(method: "get", fallback: "http://b.example.com/", fallbackMethod: "POST", statusCallback: "https://s.example.com/cb"), Number("15550002222", OtherSid, url: null)]);

        Assert.That(Failures(options), Is.Empty);
    }

    [Test]
    public void Validate_EmptyLists_Succeed()
    {
        Assert.That(Failures(new AccountsOptions()), Is.Empty);
    }

    [TestCase(null, "Bridge:Accounts:0:Sid is missing.")]
    [TestCase("AC123", "Bridge:Accounts:0:Sid 'AC123' is not an account sid: it must be AC followed by 32 lowercase hex digits.")]
    [TestCase("AC0123456789ABCDEF0123456789ABCDEF", "Bridge:Accounts:0:Sid 'AC0123456789ABCDEF0123456789ABCDEF' is not an account sid: it must be AC followed by 32 lowercase hex digits.")]
    [TestCase("PN0123456789abcdef0123456789abcdef", "Bridge:Accounts:0:Sid 'PN0123456789abcdef0123456789abcdef' is not an account sid: it must be AC followed by 32 lowercase hex digits.")]
    public void Validate_BadAccountSid_Fails(string? sid, string expected)
    {
        Assert.That(Failures(Options([Account(sid)])), Is.EqualTo(new[] { expected }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Validate_MissingToken_FailsPointingToTheEnvironment(string? token)
    {
        Assert.That(Failures(Options([Account(token: token)])), Is.EqualTo(new[]
        {
            "Bridge:Accounts:0:AuthToken is missing; set it in the environment (Bridge__Accounts__0__AuthToken), not in appsettings.json.",
        }));
    }

    [Test]
    public void Validate_DuplicateAccount_Fails()
    {
        Assert.That(Failures(Options([Account(), Account(OtherSid), Account()])), Is.EqualTo(new[]
        {
            $"Bridge:Accounts:2:Sid '{GoodSid}' is already used by Bridge:Accounts:0.",
        }));
    }

    [Test]
    public void Validate_UnknownStatus_Fails()
    {
        Assert.That(Failures(Options([Account(status: "frozen")])), Is.EqualTo(new[]
        {
            "Bridge:Accounts:0:Status 'frozen' is not one of active, suspended, closed.",
        }));
    }

    [Test]
    public void Validate_DuplicateNumber_Fails()
    {
        Assert.That(Failures(Options([Account()], [Number(), Number("+15550009999"), Number()])), Is.EqualTo(new[]
        {
            "Bridge:Numbers:2:PhoneNumber '+15550001111' is already configured at Bridge:Numbers:0; a number routes to one application only.",
        }));
    }

    [TestCase(null, "Bridge:Numbers:0:PhoneNumber is missing.")]
    [TestCase("+1 555 000", "Bridge:Numbers:0:PhoneNumber '+1 555 000' is not a phone number: digits with an optional leading +, at most 20.")]
    public void Validate_BadPhoneNumber_Fails(string? phone, string expected)
    {
        Assert.That(Failures(Options([Account()], [Number(phone)])), Is.EqualTo(new[] { expected }));
    }

    [TestCase(null, "Bridge:Numbers:0:AccountSid is missing.")]
    [TestCase(OtherSid, "Bridge:Numbers:0:AccountSid 'ACfedcba9876543210fedcba9876543210' is not one of the accounts under Bridge:Accounts.")]
    public void Validate_NumberForUnknownAccount_Fails(string? account, string expected)
    {
        Assert.That(Failures(Options([Account()], [Number(account: account)])), Is.EqualTo(new[] { expected }));
    }

    [TestCase("/sms", "SmsUrl")]
    [TestCase("app.example.com/sms", "SmsUrl")]
    [TestCase("https://", "SmsUrl")]
    [TestCase("ftp://app.example.com/sms", "SmsUrl")]
    public void Validate_RelativeOrMalformedUrl_Fails(string url, string key)
    {
        Assert.That(Failures(Options([Account()], [Number(url: url)])), Is.EqualTo(new[]
        {
            $"Bridge:Numbers:0:{key} is not an absolute http or https URL (it is relative or malformed).",
        }));
    }

    [Test]
    public void Validate_BadFallbackAndStatusCallbackUrls_FailEach()
    {
        Assert.That(Failures(Options([Account()], [Number(fallback: "x", statusCallback: "/cb")])), Is.EqualTo(new[]
        {
            "Bridge:Numbers:0:SmsFallbackUrl is not an absolute http or https URL (it is relative or malformed).",
            "Bridge:Numbers:0:SmsStatusCallback is not an absolute http or https URL (it is relative or malformed).",
        }));
    }

    [Test]
    public void Validate_UnknownMethods_FailEach()
    {
        Assert.That(Failures(Options([Account()], [Number(method: "PUT", fallbackMethod: "FETCH")])), Is.EqualTo(new[]
        {
            "Bridge:Numbers:0:SmsMethod 'PUT' is not GET or POST.",
            "Bridge:Numbers:0:SmsFallbackMethod 'FETCH' is not GET or POST.",
        }));
    }

    [Test]
    public void Validate_Failures_NeverEchoTheToken()
    {
        string[] failures = Failures(Options([Account(sid: "bad", token: "super-secret-token", status: "nope")]));

        Assert.That(failures, Has.Length.EqualTo(2));
        Assert.That(failures, Has.None.Contains("super-secret-token"));
    }

    [Test]
    public async Task Start_InvalidConfiguration_FailsWithTheMessages()
    {
        Dictionary<string, string?> settings = new()
        {
            ["Bridge:Accounts:0:Sid"] = GoodSid,
            ["Bridge:Numbers:0:PhoneNumber"] = "+15550001111",
            ["Bridge:Numbers:0:AccountSid"] = OtherSid,
        };

        OptionsValidationException? exception = await Assert.ThrowsAsync<OptionsValidationException>(
            async () => await ApiTestHost.StartAsync(settings, extraSettings: null));

        Assert.That(exception!.Failures, Is.EquivalentTo(new[]
        {
            "Bridge:Accounts:0:AuthToken is missing; set it in the environment (Bridge__Accounts__0__AuthToken), not in appsettings.json.",
            $"Bridge:Numbers:0:AccountSid '{OtherSid}' is not one of the accounts under Bridge:Accounts.",
        }));
    }

    [Test]
    public async Task Start_ConfiguredNumbers_AreStoredAndServed()
    {
        Dictionary<string, string?> settings = TestAccounts.Settings();
        settings["Bridge:Numbers:0:PhoneNumber"] = "+15550001111";
        settings["Bridge:Numbers:0:AccountSid"] = TestAccounts.First.Sid;
        settings["Bridge:Numbers:0:SmsUrl"] = "https://app.example.com/sms";
        settings["Bridge:Numbers:0:SmsMethod"] = "get";
        await using ApiTestHost host = await ApiTestHost.StartAsync(settings, extraSettings: null);

        using HttpResponseMessage response = await host.SendAsync(HttpMethod.Get, TestAccounts.NumbersPath(TestAccounts.First) + ".json", TestAccounts.First);
        JsonElement number = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incomingPhoneNumbers")[0];

        Assert.That(number.GetProperty("phone_number").GetString(), Is.EqualTo("+15550001111"));
        Assert.That(number.GetProperty("sms_url").GetString(), Is.EqualTo("https://app.example.com/sms"));
        Assert.That(number.GetProperty("sms_method").GetString(), Is.EqualTo("GET"));
        Assert.That(number.GetProperty("friendly_name").GetString(), Is.EqualTo("+15550001111"));
        Assert.That(host.Logs.Entries.Any(e => e.EventId.Id == 5050), Is.True);
        Assert.That(host.Logs.Entries.Any(e => e.Message.Contains(TestAccounts.First.Token, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Restart_AccountRemovedFromConfiguration_IsClosedAndNumberMoves()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-api-" + Guid.NewGuid().ToString("N"));
        Dictionary<string, string?> before = TestAccounts.Settings();
        before["Bridge:Numbers:0:PhoneNumber"] = "+15550001111";
        before["Bridge:Numbers:0:AccountSid"] = TestAccounts.Second.Sid;

        ApiTestHost first = await ApiTestHost.StartAsync(before, extraSettings: null, folder);
        using (HttpResponseMessage ok = await first.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.Second), TestAccounts.Second))
        {
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await first.StopWithoutDeletingAsync();

        // Second start: account 1 (Second) is gone from configuration and the number now belongs to First.
        Dictionary<string, string?> after = new()
        {
            ["Bridge:Accounts:0:Sid"] = TestAccounts.First.Sid,
            ["Bridge:Accounts:0:AuthToken"] = TestAccounts.First.Token,
            ["Bridge:Numbers:0:PhoneNumber"] = "+15550001111",
            ["Bridge:Numbers:0:AccountSid"] = TestAccounts.First.Sid,
        };
        await using ApiTestHost second = await ApiTestHost.StartAsync(after, extraSettings: null, folder);
        using HttpResponseMessage closed = await second.SendAsync(HttpMethod.Get, TestAccounts.MessagesPath(TestAccounts.Second), TestAccounts.Second);
        using HttpResponseMessage numbers = await second.SendAsync(HttpMethod.Get, TestAccounts.NumbersPath(TestAccounts.First) + ".json?PhoneNumber=0001111", TestAccounts.First);

        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await ErrorBody.ReadAsync(closed)).Message, Is.EqualTo("Provided Account is not active"));
        Assert.That(JsonDocument.Parse(await numbers.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32(), Is.EqualTo(1));
        Assert.That(second.Logs.Entries.Any(e => e.EventId.Id == 5052 && e.Message.Contains(TestAccounts.Second.Sid, StringComparison.Ordinal)), Is.True);
        Assert.That(second.Logs.Entries.Any(e => e.EventId.Id == 5053), Is.True);
    }
}
