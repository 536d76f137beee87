using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

[TestFixture]
public sealed class StorageModelTests
{
    [Test]
    public void NewMessageSid_Always_PrefixAnd32LowercaseHexAndUnique()
    {
        HashSet<string> seen = [];
        for (int i = 0; i < 1000; i++)
        {
            string sid = Sids.NewMessageSid();
            Assert.That(sid, Does.Match("^SM[0-9a-f]{32}$"));
            Assert.That(seen.Add(sid), Is.True);
        }

        Assert.That(Sids.NewAccountSid(), Does.Match("^AC[0-9a-f]{32}$"));
        Assert.That(Sids.NewPhoneNumberSid(), Does.Match("^PN[0-9a-f]{32}$"));
    }

    [Test]
    public void NewMessageSid_LaterTime_SortsAfterAndCarriesTheMilliseconds()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        string first = Sids.NewMessageSid(time);
        time.Advance(TimeSpan.FromMilliseconds(1));
        string second = Sids.NewMessageSid(time);

        Assert.That(string.CompareOrdinal(first, second), Is.LessThan(0), "time-ordered keys append to the index");
        Assert.That(first[2..14], Is.EqualTo(time.GetUtcNow().AddMilliseconds(-1).ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Sids.IsValid(second, Sids.MessagePrefix), Is.True);
    }

    [TestCase("SM0123456789abcdef0123456789abcdef", "SM", true)]
    [TestCase("SM0123456789ABCDEF0123456789abcdef", "SM", false)]
    [TestCase("AC0123456789abcdef0123456789abcdef", "SM", false)]
    [TestCase("SM0123456789abcdef0123456789abcde", "SM", false)]
    [TestCase("SM0123456789abcdef0123456789abcdeg", "SM", false)]
    [TestCase(null, "SM", false)]
    public void IsValid_Table(string? value, string prefix, bool expected)
    {
        Assert.That(Sids.IsValid(value, prefix), Is.EqualTo(expected));
    }

    [TestCase(MessageStatus.Queued, "queued", false)]
    [TestCase(MessageStatus.Sending, "sending", false)]
    [TestCase(MessageStatus.Sent, "sent", false)]
    [TestCase(MessageStatus.Failed, "failed", true)]
    [TestCase(MessageStatus.Received, "received", false)]
    [TestCase(MessageStatus.Delivered, "delivered", true)]
    [TestCase(MessageStatus.Undelivered, "undelivered", true)]
    public void MessageStatus_WireValueAndFinality_RoundTrip(MessageStatus status, string wire, bool final)
    {
        Assert.That(status.ToWireValue(), Is.EqualTo(wire));
        Assert.That(StorageWireValues.TryParseMessageStatus(wire, out MessageStatus parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(status));
        Assert.That(status.IsFinal(), Is.EqualTo(final));
    }

    [TestCase(MessageDirection.Inbound, "inbound")]
    [TestCase(MessageDirection.OutboundApi, "outbound-api")]
    [TestCase(MessageDirection.OutboundCall, "outbound-call")]
    [TestCase(MessageDirection.OutboundReply, "outbound-reply")]
    public void MessageDirection_WireValue_RoundTrip(MessageDirection direction, string wire)
    {
        Assert.That(direction.ToWireValue(), Is.EqualTo(wire));
        Assert.That(StorageWireValues.TryParseMessageDirection(wire, out MessageDirection parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(direction));
    }

    [TestCase("Sent")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParseMessageStatus_NotAnExactWireValue_False(string? value)
    {
        Assert.That(StorageWireValues.TryParseMessageStatus(value, out _), Is.False);
    }

    [TestCase("abc", true, false, "%abc")]
    [TestCase("a%b_c\\", true, true, "%a\\%b\\_c\\\\%")]
    [TestCase("", false, false, "")]
    public void LikePattern_UserInput_WildcardsEscaped(string value, bool leading, bool trailing, string expected)
    {
        Assert.That(SqliteValues.LikePattern(value, leading, trailing), Is.EqualTo(expected));
    }
}
