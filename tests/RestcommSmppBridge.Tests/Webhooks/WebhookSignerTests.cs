using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    private const string TwilioExampleToken = "12345";
    private const string TwilioExampleUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string TwilioExampleSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    // Twilio's published worked example: twilio-php docs/usage/validation.rst ("Validate Incoming Requests") and
    // twilio-csharp test/Twilio.Test/Security/RequestValidatorTest.cs, which lists the parameters out of order on
    // purpose. Same token, URL, parameters and expected signature in both.
    private static readonly KeyValuePair<string, string>[] s_twilioExampleParameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+14158675309"),
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    [Test]
    public void Sign_TwilioPublishedExample_GivesTheDocumentedSignature()
    {
        string signature = WebhookSigner.Sign(TwilioExampleToken, TwilioExampleUrl, s_twilioExampleParameters);

        Assert.That(signature, Is.EqualTo(TwilioExampleSignature));
    }

    [Test]
    public void Validate_TwilioPublishedExample_True()
    {
        Assert.That(WebhookSigner.Validate(TwilioExampleToken, TwilioExampleUrl, s_twilioExampleParameters, TwilioExampleSignature), Is.True);
    }

    [TestCase("NOT" + TwilioExampleSignature)]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("rsoydt4t1cutdk1pdd93/vvr8b8=")]
    public void Validate_WrongSignature_False(string? signature)
    {
        Assert.That(WebhookSigner.Validate(TwilioExampleToken, TwilioExampleUrl, s_twilioExampleParameters, signature), Is.False);
    }

    [Test]
    public void Validate_OtherToken_False()
    {
        Assert.That(WebhookSigner.Validate("54321", TwilioExampleUrl, s_twilioExampleParameters, TwilioExampleSignature), Is.False);
    }

    [Test]
    public void Validate_ChangedParameterOrUrl_False()
    {
        KeyValuePair<string, string>[] changed = [.. s_twilioExampleParameters];
        changed[2] = new("Digits", "1235");

        Assert.That(WebhookSigner.Validate(TwilioExampleToken, TwilioExampleUrl, changed, TwilioExampleSignature), Is.False);
        Assert.That(WebhookSigner.Validate(TwilioExampleToken, "https://mycompany.com/myapp.php?foo=1&bar=3", s_twilioExampleParameters, TwilioExampleSignature), Is.False);
    }

    [Test]
    public void Sign_GetRequest_IsTheHmacOfTheUrlAlone()
    {
        // Expected value computed independently (Python hmac/hashlib/base64 over the URL only, key "12345").
        Assert.That(WebhookSigner.Sign(TwilioExampleToken, TwilioExampleUrl, null), Is.EqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo="));
        Assert.That(WebhookSigner.Sign(TwilioExampleToken, TwilioExampleUrl, []), Is.EqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo="));
    }

    [Test]
    public void Sign_NonAsciiValues_HashesUtf8()
    {
        // Python: hmac.new(b"12345", "https://example.com/smsBodyHi 😀 üFrom+15551234".encode("utf-8"), sha1).
        KeyValuePair<string, string>[] parameters = [new("From", "+15551234"), new("Body", "Hi 😀 ü")];

        Assert.That(WebhookSigner.Sign("12345", "https://example.com/sms", parameters), Is.EqualTo("AtXvJ0eawTgQOgPahCoyWqYYVTo="));
    }

    [Test]
    public void Sign_RepeatedName_OrdersByValueWhateverTheSendingOrder()
    {
        KeyValuePair<string, string>[] first = [new("b", "0"), new("a", "2"), new("a", "1")];
        KeyValuePair<string, string>[] second = [new("a", "1"), new("b", "0"), new("a", "2")];

        // Python: "https://example.com/x" + "a1" + "a2" + "b0".
        Assert.That(WebhookSigner.Sign("12345", "https://example.com/x", first), Is.EqualTo("E4Icyl2HD1gcauV3kWdOyrC9uSY="));
        Assert.That(WebhookSigner.Sign("12345", "https://example.com/x", second), Is.EqualTo("E4Icyl2HD1gcauV3kWdOyrC9uSY="));
    }

    [Test]
    public void Sign_NamesSortOrdinally_UppercaseBeforeLowercase()
    {
        KeyValuePair<string, string>[] parameters = [new("a", "1"), new("B", "2")];

        Assert.That(WebhookSigner.Sign("k", "https://example.com/", parameters),
            Is.EqualTo(WebhookSigner.Sign("k", "https://example.com/B2a1", null)));
    }

    [Test]
    public void SignRequest_Post_SignsConfiguredUrlAndParameters()
    {
        WebhookRequest request = new(new Uri(TwilioExampleUrl), WebhookMethod.Post, s_twilioExampleParameters, TwilioExampleToken);

        Assert.That(WebhookSigner.Sign(request), Is.EqualTo(TwilioExampleSignature));
    }

    [Test]
    public void SignRequest_Get_SignsTheBuiltUrlOnly()
    {
        WebhookRequest request = new(new Uri("https://example.com/sms?k=v"), WebhookMethod.Get, [new("From", "+1 555")], "tok");

        Assert.That(WebhookSigner.Sign(request), Is.EqualTo(WebhookSigner.Sign("tok", "https://example.com/sms?k=v&From=%2B1+555", null)));
    }

    [Test]
    public void SignRequest_NoToken_Null()
    {
        WebhookRequest request = new(new Uri("https://example.com/sms"), WebhookMethod.Post, [new("From", "1")], null);

        Assert.That(WebhookSigner.Sign(request), Is.Null);
    }
}
