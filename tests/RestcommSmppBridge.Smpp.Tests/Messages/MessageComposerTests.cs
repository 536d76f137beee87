using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Messages;

/// <summary>
/// The whole path a long message takes: text → submit_sm parts → wire bytes → decoded PDUs → parts read back →
/// reassembled → text, for every long-message mode and carrier charset (smpp.md P8, P9).
/// </summary>
public sealed class MessageComposerTests
{
    private static SubmitSm Template() => new()
    {
        SourceAddrTon = TypeOfNumber.International,
        SourceAddrNpi = NumberingPlan.Isdn,
        SourceAddr = "447700900001",
        DestAddrTon = TypeOfNumber.International,
        DestAddrNpi = NumberingPlan.Isdn,
        DestinationAddr = "447700900002",
        RegisteredDelivery = RegisteredDelivery.FinalReceipt,
    };

    private static string GsmText(int septets) => string.Concat(Enumerable.Range(0, septets).Select(i => (char)('a' + (i % 26))));

    [Test]
    public void Compose_ShortGsmText_OnePduInShortMessageWithoutUdh()
    {
        ComposedMessage message = MessageComposer.Compose("Hello @ world €", Template(), ComposeOptions.Default,
            new ConcatReferenceAllocator());

        Assert.That(message.Succeeded, Is.True);
        SubmitSm pdu = message.Parts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(pdu.DataCoding, Is.EqualTo(0x00));
            Assert.That(pdu.EsmClass & EsmClass.UdhIndicator, Is.Zero);
            Assert.That(Convert.ToHexString(pdu.ShortMessage.Span), Is.EqualTo("48656C6C6F200020776F726C64201B65"));
            Assert.That(pdu.RegisteredDelivery, Is.EqualTo(RegisteredDelivery.FinalReceipt));
            Assert.That(pdu.DestinationAddr, Is.EqualTo("447700900002"));
        });
    }

    [TestCase(LongMessageMode.UdhConcat8, 161, 2)]
    [TestCase(LongMessageMode.UdhConcat8, 160, 1)]
    [TestCase(LongMessageMode.UdhConcat16, 305, 3)]
    [TestCase(LongMessageMode.SarTlv, 307, 3)]
    [TestCase(LongMessageMode.MessagePayload, 1000, 1)]
    public void Compose_GsmTextEachMode_RoundTripsThroughWireAndReassembly(LongMessageMode mode, int length, int parts)
    {
        string text = GsmText(length - 2) + "€";
        AssertRoundTrip(text, new ComposeOptions { LongMessageMode = mode }, parts, 0x00);
    }

    [TestCase(LongMessageMode.UdhConcat8)]
    [TestCase(LongMessageMode.UdhConcat16)]
    [TestCase(LongMessageMode.SarTlv)]
    public void Compose_Ucs2WithSurrogatePairs_RoundTrips(LongMessageMode mode)
    {
        string text = string.Concat(Enumerable.Repeat("Привет 😀 ", 21));
        AssertRoundTrip(text, new ComposeOptions { LongMessageMode = mode }, 4, 0x08);
    }

    [TestCase(LongMessageMode.UdhConcat8)]
    [TestCase(LongMessageMode.UdhConcat16)]
    public void Compose_PackedGsmCarrier_PacksAfterUdhWithFillBits(LongMessageMode mode)
    {
        var options = new ComposeOptions
        {
            LongMessageMode = mode,
            Text = new TextOptions { DefaultAlphabet = DefaultAlphabet.Gsm7Packed },
        };
        string text = GsmText(200) + "@{}";

        List<SubmitSm> sent = AssertRoundTrip(text, options, 2, 0x00);

        // 153 septets after a 6-octet UDH: 1 fill bit + 1071 bits = 134 octets of text (GSM 03.40 §9.2.3.24).
        int udhLength = mode == LongMessageMode.UdhConcat8 ? 6 : 7;
        int septets = mode == LongMessageMode.UdhConcat8 ? 153 : 152;
        int expected = udhLength + (((udhLength * 8) + Gsm7.FillBitsForUdh(udhLength) + (septets * 7) + 7) / 8) - udhLength;
        Assert.That(sent[0].ShortMessage.Length, Is.EqualTo(expected));
    }

    [Test]
    public void Compose_TemplateTlvs_CopiedToEveryPart()
    {
        SubmitSm template = Template();
        template.Tlvs.SetUInt16(TlvTag.UserMessageReference, 0x1234);

        ComposedMessage message = MessageComposer.Compose(GsmText(400), template, new ComposeOptions { LongMessageMode = LongMessageMode.SarTlv },
            new ConcatReferenceAllocator());

        Assert.That(message.Parts, Has.Count.EqualTo(3));
        foreach (SubmitSm part in message.Parts)
        {
            Assert.That(part.Tlvs.TryGetUInt16(TlvTag.UserMessageReference, out ushort reference) && reference == 0x1234, Is.True);
        }
    }

    [Test]
    public void Compose_TooManyParts_FailsWithReason()
    {
        ComposedMessage message = MessageComposer.Compose(GsmText(153 * 256), Template(), ComposeOptions.Default,
            new ConcatReferenceAllocator());

        Assert.Multiple(() =>
        {
            Assert.That(message.Succeeded, Is.False);
            Assert.That(message.Parts, Is.Empty);
            Assert.That(message.Error, Does.Contain("255"));
        });
    }

    [Test]
    public void Compose_ConsecutiveLongMessagesToOneHandset_UseDifferentReferences()
    {
        var references = new ConcatReferenceAllocator();

        byte[] first = MessageComposer.Compose(GsmText(300), Template(), ComposeOptions.Default, references).Parts[0].ShortMessage.ToArray();
        byte[] second = MessageComposer.Compose(GsmText(300), Template(), ComposeOptions.Default, references).Parts[0].ShortMessage.ToArray();

        Assert.That(first[3], Is.Not.EqualTo(second[3]), "UDH reference octet");
    }

    [Test]
    public void From_UdhiWithGarbageHeader_KeepsWholeTextAndFlagsIt()
    {
        var pdu = new DeliverSm { EsmClass = EsmClass.UdhIndicator, ShortMessage = new byte[] { 0x09, 0x41, 0x42 } };

        InboundUserData data = InboundUserData.From(pdu, TextOptions.Default);

        Assert.Multiple(() =>
        {
            Assert.That(data.HasMalformedUdh, Is.True);
            Assert.That(data.Part, Is.Null);
            Assert.That(data.Payload.ToArray(), Is.EqualTo(new byte[] { 0x09, 0x41, 0x42 }));
        });
    }

    [Test]
    public void TryParse_DeliverSmReceiptPdu_ReadsTextAndTlvs()
    {
        var pdu = new DeliverSm
        {
            EsmClass = EsmClass.DeliveryReceipt,
            ShortMessage = "id:00B8BE19 sub:001 dlvrd:001 submit date:2511261200 done date:2511261201 stat:DELIVRD err:000 text:Hi"u8.ToArray(),
        };
        pdu.Tlvs.SetCString(TlvTag.ReceiptedMessageId, "B8BE19");
        pdu.Tlvs.SetByte(TlvTag.MessageState, (byte)MessageState.Delivered);
        pdu.Tlvs.Set(TlvTag.NetworkErrorCode, new byte[] { 3, 0, 0 });
        var decoded = (DeliverSm)PduCodec.Decode(PduCodec.Encode(pdu));

        Assert.That(DeliveryReceiptParser.TryParse(decoded, out DeliveryReceipt? receipt), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(receipt!.MessageId, Is.EqualTo("B8BE19"));
            Assert.That(receipt.TextMessageId, Is.EqualTo("00B8BE19"));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(receipt.IsFinal, Is.True);
            Assert.That(receipt.NetworkError, Is.EqualTo(new NetworkErrorCode(3, 0)));
            Assert.That(receipt.Text, Is.EqualTo("Hi"));
        });
    }

    private static List<SubmitSm> AssertRoundTrip(string text, ComposeOptions options, int expectedParts, byte expectedDataCoding)
    {
        ComposedMessage message = MessageComposer.Compose(text, Template(), options, new ConcatReferenceAllocator());
        Assert.That(message.Succeeded, Is.True, message.Error);
        Assert.That(message.Parts, Has.Count.EqualTo(expectedParts));

        // Over the wire and back, then in reverse order into the reassembler as an SMSC might deliver them.
        List<SubmitSm> received = message.Parts.Select(p => (SubmitSm)PduCodec.Decode(PduCodec.Encode(p))).ToList();
        var reassembler = new Reassembler(new FakeTimeProvider());
        string? result = null;
        foreach (SubmitSm pdu in Enumerable.Reverse(received))
        {
            Assert.That(pdu.DataCoding, Is.EqualTo(expectedDataCoding));
            InboundUserData data = InboundUserData.From(pdu, options.Text);
            if (data.Part is not { } part)
            {
                Assert.That(received, Has.Count.EqualTo(1), "only a single message has no part info");
                result = data.DecodeText(options.Text);
                continue;
            }

            ReassemblyResult added = reassembler.Add("carrier", pdu.SourceAddr, pdu.DestinationAddr, part, pdu.DataCoding, data.Payload.Span);
            if (added.Status == ReassemblyStatus.Complete)
            {
                result = InboundUserData.Decode(added.DataCoding, added.Payload, data.IsUnpackedGsm, options.Text);
            }
        }

        Assert.That(result, Is.EqualTo(text));
        return received;
    }
}
