using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Tests.Messages;

/// <summary>
/// Composing with a given concatenation reference (the resume of a long message whose first parts were accepted):
/// the parts are byte for byte those of the allocator path with that reference, and the reference is exposed.
/// </summary>
public sealed class MessageComposerReferenceTests
{
    private const string Destination = "447700900002";

    private static SubmitSm Template() => new()
    {
        SourceAddrTon = TypeOfNumber.International,
        SourceAddrNpi = NumberingPlan.Isdn,
        SourceAddr = "447700900001",
        DestAddrTon = TypeOfNumber.International,
        DestAddrNpi = NumberingPlan.Isdn,
        DestinationAddr = Destination,
        RegisteredDelivery = RegisteredDelivery.FinalReceipt,
    };

    private static string GsmText(int septets) => string.Concat(Enumerable.Range(0, septets).Select(i => (char)('a' + (i % 26))));

    [TestCase(LongMessageMode.UdhConcat8)]
    [TestCase(LongMessageMode.UdhConcat16)]
    [TestCase(LongMessageMode.SarTlv)]
    public void ComposeWithReference_GivenReference_SamePartsAsAllocatorPath(LongMessageMode mode)
    {
        var options = new ComposeOptions { LongMessageMode = mode };
        string text = GsmText(400);
        ComposedMessage first = MessageComposer.Compose(text, Template(), options, new ConcatReferenceAllocator(1, seed: 7));

        ComposedMessage again = MessageComposer.ComposeWithReference(text, Template(), options, first.Reference!.Value);

        Assert.Multiple(() =>
        {
            Assert.That(first.Parts, Has.Count.EqualTo(3));
            Assert.That(again.Reference, Is.EqualTo(first.Reference));
            Assert.That(again.Parts.Select(p => Convert.ToHexString(p.ShortMessage.Span)),
                Is.EqualTo(first.Parts.Select(p => Convert.ToHexString(p.ShortMessage.Span))));
            Assert.That(again.Parts.Select(p => p.EsmClass), Is.EqualTo(first.Parts.Select(p => p.EsmClass)));
            Assert.That(again.Parts.Select(p => p.HasTlvs ? p.Tlvs.Count : 0), Is.EqualTo(first.Parts.Select(p => p.HasTlvs ? p.Tlvs.Count : 0)));
        });
    }

    [Test]
    public void Compose_AllocatorPath_ExposesTheReferenceInTheUdh()
    {
        ComposedMessage message = MessageComposer.Compose(GsmText(200), Template(), ComposeOptions.Default, new ConcatReferenceAllocator());

        // UDH: UDHL 05, IE 00, length 03, reference, total, sequence (GSM 03.40 §9.2.3.24.1).
        Assert.That(message.Reference, Is.EqualTo((ushort)message.Parts[1].ShortMessage.Span[3]));
    }

    [Test]
    public void ComposeWithReference_SixteenBitReference_CarriedInEveryPart()
    {
        ComposedMessage message = MessageComposer.ComposeWithReference(GsmText(400), Template(),
            new ComposeOptions { LongMessageMode = LongMessageMode.UdhConcat16 }, 0xBEEF);

        Assert.Multiple(() =>
        {
            Assert.That(message.Reference, Is.EqualTo((ushort)0xBEEF));
            Assert.That(message.Parts.Select(p => (p.ShortMessage.Span[3] << 8) | p.ShortMessage.Span[4]), Is.All.EqualTo(0xBEEF));
            Assert.That(message.Parts.Select(p => p.ShortMessage.Span[6]), Is.EqualTo(new byte[] { 1, 2, 3 }));
        });
    }

    [TestCase(LongMessageMode.UdhConcat8, 50)]
    [TestCase(LongMessageMode.MessagePayload, 400)]
    public void Compose_OnePartOrPayload_ReferenceIsNull(LongMessageMode mode, int length)
    {
        ComposedMessage viaAllocator = MessageComposer.Compose(GsmText(length), Template(), new ComposeOptions { LongMessageMode = mode },
            new ConcatReferenceAllocator());
        ComposedMessage viaReference = MessageComposer.ComposeWithReference(GsmText(length), Template(), new ComposeOptions { LongMessageMode = mode }, 9);

        Assert.Multiple(() =>
        {
            Assert.That(viaAllocator.Parts, Has.Count.EqualTo(1));
            Assert.That(viaAllocator.Reference, Is.Null);
            Assert.That(viaReference.Reference, Is.Null);
        });
    }

    [Test]
    public void ComposeWithReference_EightBitModeReferenceAbove255_Refused()
    {
        Assert.That(() => MessageComposer.ComposeWithReference(GsmText(400), Template(), ComposeOptions.Default, 256),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("at most 255"));
    }
}
