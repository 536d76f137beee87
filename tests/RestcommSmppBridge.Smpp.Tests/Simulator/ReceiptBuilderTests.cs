using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Simulator;

/// <summary>Receipt text and id formats, checked against our own receipt parser.</summary>
public sealed class ReceiptBuilderTests
{
    private static readonly DateTimeOffset s_submitted = new(2026, 1, 2, 15, 30, 0, TimeSpan.Zero);

    [Test]
    public void FormatText_Delivered_AppendixBLayout()
    {
        string text = ReceiptBuilder.FormatText("00B8BE19", MessageState.Delivered, s_submitted, s_submitted.AddMinutes(1), 0,
            "Hello there, this is longer than twenty");

        Assert.That(text, Is.EqualTo(
            "id:00B8BE19 sub:001 dlvrd:001 submit date:2601021530 done date:2601021531 stat:DELIVRD err:000 text:Hello there, this is"));
    }

    [Test]
    public void FormatText_SurrogatePairAtCut_NotSplit()
    {
        string text = ReceiptBuilder.FormatText("1", MessageState.Undeliverable, s_submitted, s_submitted, 1, new string('a', 19) + "👋tail");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.EndWith("text:" + new string('a', 19)));
            Assert.That(text, Does.Contain("stat:UNDELIV err:001 ").And.Contain("dlvrd:000"));
        });
    }

    [TestCase(MessageState.Delivered, ReceiptFormat.Both)]
    [TestCase(MessageState.Expired, ReceiptFormat.Text)]
    [TestCase(MessageState.Rejected, ReceiptFormat.Tlv)]
    public void Build_ParsedBackByReceiptParser(MessageState state, ReceiptFormat format)
    {
        var message = new AcceptedMessage
        {
            Sequence = 1,
            MessageId = "F4240",
            ReceiptMessageId = "1000000",
            CommandId = CommandId.SubmitSm,
            SystemId = "test",
            SessionName = "s",
            Source = "447700900001",
            Destination = "447700900002",
            Text = "Ünïcode ✓",
            DataCoding = 8,
            EsmClass = 0,
            RegisteredDelivery = 1,
            Concatenation = ConcatenationKind.None,
            AcceptedAt = s_submitted,
        };

        DeliverSm pdu = ReceiptBuilder.Build(message, state, s_submitted.AddMinutes(5), format);

        Assert.Multiple(() =>
        {
            Assert.That(DeliveryReceiptParser.TryParse(pdu, out DeliveryReceipt? receipt), Is.True);
            Assert.That(receipt!.MessageId, Is.EqualTo("1000000"));
            Assert.That(receipt.State, Is.EqualTo(state));
            Assert.That(receipt.IsFinal, Is.True);
            Assert.That(pdu.EsmClass, Is.EqualTo(EsmClass.DeliveryReceipt));
            Assert.That(pdu.DestinationAddr, Is.EqualTo("447700900001"));
            Assert.That(pdu.Tlvs.Contains(TlvTag.NetworkErrorCode), Is.EqualTo(format.HasFlag(ReceiptFormat.Tlv) && state != MessageState.Delivered));
        });
    }

    [TestCase(MessageIdStyle.Hex, 0, false, 255ul, "FF")]
    [TestCase(MessageIdStyle.Hex, 6, true, 255ul, "0000ff")]
    [TestCase(MessageIdStyle.Decimal, 0, false, 18_446_744_073_709_551_615ul, "18446744073709551615")]
    [TestCase(MessageIdStyle.Decimal, 4, false, 24ul, "0024")]
    public void MessageIdFormat_Number_Formatted(MessageIdStyle style, int width, bool lower, ulong number, string expected)
    {
        string id = MessageIdGenerator.Format(number, null, new MessageIdOptions { Style = style, Width = width, LowerCase = lower });

        Assert.That(id, Is.EqualTo(expected));
    }

    [Test]
    public void MessageIdGenerator_UuidBothPlaces_SameUuid()
    {
        var options = new MessageIdOptions { Style = MessageIdStyle.Uuid };
        var generator = new MessageIdGenerator(options, options with { LowerCase = true }, 1, Guid.NewGuid);

        MessageIdPair pair = generator.Next();

        Assert.That(pair.ReceiptId, Is.EqualTo(pair.ResponseId.ToLowerInvariant()));
    }
}
