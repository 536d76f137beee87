using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Webhooks;

public sealed class WebhookParametersTests
{
    private const string Sid = "SM0123456789abcdef0123456789abcdef";
    private const string Account = "AC0123456789abcdef0123456789abcdef";

    [Test]
    public void Inbound_SendsRestcommParamsThenTwilioExtrasInOrder()
    {
        IReadOnlyList<KeyValuePair<string, string>> parameters =
            InboundWebhookParameters.Build(Sid, Account, "+15550001", "+15550002", "Hello 😀", "2012-04-24", 2);

        Assert.That(parameters, Is.EqualTo(new KeyValuePair<string, string>[]
        {
            new("SmsSid", Sid),
            new("AccountSid", Account),
            new("From", "+15550001"),
            new("To", "+15550002"),
            new("Body", "Hello 😀"),
            new("MessageSid", Sid),
            new("SmsMessageSid", Sid),
            new("SmsStatus", "received"),
            new("ApiVersion", "2012-04-24"),
            new("NumSegments", "2"),
            new("NumMedia", "0"),
        }));
    }

    [Test]
    public void Inbound_FromStoredMessage_UnknownSegmentsSentAsOne()
    {
        SmsMessage message = Message(MessageStatus.Received, errorCode: null) with { NumSegments = 0, Body = "hi" };

        IReadOnlyList<KeyValuePair<string, string>> parameters = InboundWebhookParameters.Build(message);

        Assert.That(parameters, Does.Contain(new KeyValuePair<string, string>("NumSegments", "1")));
        Assert.That(parameters, Does.Contain(new KeyValuePair<string, string>("Body", "hi")));
    }

    [TestCase(MessageStatus.Sent, "sent")]
    [TestCase(MessageStatus.Delivered, "delivered")]
    public void StatusCallback_Success_TwilioSetWithoutErrorCode(MessageStatus status, string wire)
    {
        IReadOnlyList<KeyValuePair<string, string>> parameters = StatusCallbackParameters.Build(Message(status, errorCode: 30003));

        Assert.That(parameters, Is.EqualTo(new KeyValuePair<string, string>[]
        {
            new("MessageSid", Sid),
            new("SmsSid", Sid),
            new("MessageStatus", wire),
            new("SmsStatus", wire),
            new("AccountSid", Account),
            new("From", "+15550001"),
            new("To", "+15550002"),
            new("ApiVersion", "2012-04-24"),
        }));
    }

    [TestCase(MessageStatus.Failed, 30007, "30007")]
    [TestCase(MessageStatus.Undelivered, 30003, "30003")]
    [TestCase(MessageStatus.Failed, null, "30008")]
    public void StatusCallback_Failure_NumericErrorCodeLast(MessageStatus status, int? errorCode, string expected)
    {
        IReadOnlyList<KeyValuePair<string, string>> parameters = StatusCallbackParameters.Build(Message(status, errorCode));

        Assert.That(parameters, Has.Count.EqualTo(9));
        Assert.That(parameters[^1], Is.EqualTo(new KeyValuePair<string, string>("ErrorCode", expected)));
    }

    [Test]
    public void StatusCallback_NeverSendsTheBody()
    {
        IReadOnlyList<KeyValuePair<string, string>> parameters = StatusCallbackParameters.Build(Message(MessageStatus.Failed, 30008));

        Assert.That(parameters, Has.None.Matches<KeyValuePair<string, string>>(p => p.Key == "Body"));
    }

    private static SmsMessage Message(MessageStatus status, int? errorCode) => new()
    {
        Sid = Sid,
        AccountSid = Account,
        From = "+15550001",
        To = "+15550002",
        Body = "secret text",
        Status = status,
        Direction = MessageDirection.OutboundApi,
        DateCreated = DateTimeOffset.UnixEpoch,
        DateUpdated = DateTimeOffset.UnixEpoch,
        ErrorCode = errorCode,
    };
}
