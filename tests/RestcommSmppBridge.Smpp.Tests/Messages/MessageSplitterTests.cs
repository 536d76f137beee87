using RestcommSmppBridge.Smpp.Messages;

namespace RestcommSmppBridge.Smpp.Tests.Messages;

[TestFixture]
public sealed class MessageSplitterTests
{
    private const byte GsmA = 0x61;

    [TestCase(160, new[] { 160 }, TestName = "Split_Gsm160Septets_OnePart")]
    [TestCase(161, new[] { 153, 8 }, TestName = "Split_Gsm161Septets_TwoParts")]
    [TestCase(306, new[] { 153, 153 }, TestName = "Split_Gsm306Septets_TwoFullParts")]
    [TestCase(307, new[] { 153, 153, 1 }, TestName = "Split_Gsm307Septets_ThreeParts")]
    public void Split_GsmPlainText_PartSizes(int septets, int[] expected)
    {
        SplitResult result = MessageSplitter.Split(Gsm(septets), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 7);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(Sizes(result), Is.EqualTo(expected));
    }

    [Test]
    public void Split_GsmEscapePairOnPartBoundary_PairMovesToNextPart()
    {
        // 152 plain septets then '€' (1B 65): the escape is septet 153, its follower would be septet 154.
        byte[] payload = [.. Gsm(152), 0x1B, 0x65, .. Gsm(20)];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 152, 22 }));
        Assert.That(result.Parts[1].Payload.Span[0], Is.EqualTo(0x1B));
        Assert.That(result.Parts[1].Payload.Span[1], Is.EqualTo(0x65));
    }

    [Test]
    public void Split_GsmEscapePairEndingOnBoundary_StaysInPart()
    {
        byte[] payload = [.. Gsm(151), 0x1B, 0x65, .. Gsm(20)];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 153, 20 }));
    }

    [Test]
    public void Split_GsmEscapeFollowerIsEscapeOctet_NotTakenAsNewEscape()
    {
        // 1B 1B: the second 0x1B is the follower; the pair ends exactly at septet 153.
        byte[] payload = [.. Gsm(151), 0x1B, 0x1B, .. Gsm(20)];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 153, 20 }));
    }

    [Test]
    public void Split_GsmEuroMakes161Septets_TwoParts()
    {
        // 159 plain + '€' = 161 septets: one character too many for a single SMS (python-gsmmodem#4).
        byte[] payload = [.. Gsm(159), 0x1B, 0x65];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 153, 8 }));
    }

    [Test]
    public void Split_GsmEuroMakes160Septets_OnePartWithoutUdh()
    {
        byte[] payload = [.. Gsm(158), 0x1B, 0x65];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 7);

        Assert.That(result.Parts, Has.Count.EqualTo(1));
        MessagePart part = result.Parts[0];
        Assert.That(part.Payload.Length, Is.EqualTo(160));
        Assert.That(part.Udh, Is.Null);
        Assert.That(part.SarReference, Is.Null);
        Assert.That(part.Total, Is.EqualTo(1));
        Assert.That(part.Sequence, Is.EqualTo(1));
    }

    [TestCase(140, new[] { 140 }, TestName = "Split_EightBit140_OnePart")]
    [TestCase(141, new[] { 134, 7 }, TestName = "Split_EightBit141_TwoParts")]
    public void Split_EightBit_PartSizes(int octets, int[] expected)
    {
        SplitResult result = MessageSplitter.Split(new byte[octets], PayloadKind.EightBit, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(expected));
    }

    [TestCase(70, new[] { 140 }, TestName = "Split_Ucs2With70Units_OnePart")]
    [TestCase(71, new[] { 134, 8 }, TestName = "Split_Ucs2With71Units_TwoParts")]
    public void Split_Ucs2_PartSizesInOctets(int units, int[] expected)
    {
        SplitResult result = MessageSplitter.Split(Ucs2(units), PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(expected));
    }

    [Test]
    public void Split_Ucs2SurrogatePairOnBoundary_PairMovesWhole()
    {
        // 66 units of 'a', then U+1F600 (D83D DE00) as units 67 and 68, then 10 more.
        byte[] payload = [.. Ucs2(66), 0xD8, 0x3D, 0xDE, 0x00, .. Ucs2(10)];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 132, 24 }));
        Assert.That(result.Parts[1].Payload.Span[..4].ToArray(), Is.EqualTo(new byte[] { 0xD8, 0x3D, 0xDE, 0x00 }));
    }

    [Test]
    public void Split_Ucs2LoneHighSurrogateOnBoundary_NotMoved()
    {
        // A high surrogate not followed by a low one is not a pair; the plain 67-unit cut applies.
        byte[] payload = [.. Ucs2(66), 0xD8, 0x3D, 0x00, 0x61, .. Ucs2(10)];

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 7);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 134, 22 }));
    }

    [TestCase(PayloadKind.Gsm7Septets, 161, new[] { 152, 9 }, TestName = "Split_SixteenBitRefGsm_152SeptetParts")]
    [TestCase(PayloadKind.EightBit, 141, new[] { 133, 8 }, TestName = "Split_SixteenBitRefEightBit_133OctetParts")]
    [TestCase(PayloadKind.Ucs2, 71, new[] { 132, 10 }, TestName = "Split_SixteenBitRefUcs2_66UnitParts")]
    public void Split_SixteenBitReference_PartSizes(PayloadKind kind, int units, int[] expected)
    {
        byte[] payload = kind == PayloadKind.Ucs2 ? Ucs2(units) : Gsm(units);

        SplitResult result = MessageSplitter.Split(payload, kind, LongMessageMode.UdhConcat16, 0x1234);

        Assert.That(Sizes(result), Is.EqualTo(expected));
        Assert.That(result.Parts[0].Udh, Is.EqualTo(new byte[] { 0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01 }));
        Assert.That(result.Parts[1].Udh, Is.EqualTo(new byte[] { 0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02 }));
    }

    [Test]
    public void Split_EightBitReference_EveryPartCarriesUdh()
    {
        SplitResult result = MessageSplitter.Split(Gsm(400), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 0xC3);

        Assert.That(result.Parts, Has.Count.EqualTo(3));
        for (int i = 0; i < 3; i++)
        {
            MessagePart part = result.Parts[i];
            Assert.That(part.Udh, Is.EqualTo(new byte[] { 0x05, 0x00, 0x03, 0xC3, 0x03, (byte)(i + 1) }));
            Assert.That(part.Sequence, Is.EqualTo(i + 1));
            Assert.That(part.Total, Is.EqualTo(3));
            Assert.That(part.SarReference, Is.Null);
            Assert.That(part.Mode, Is.EqualTo(LongMessageMode.UdhConcat8));
        }
    }

    [Test]
    public void Split_SarMode_NoUdhAndEightBitRefSizes()
    {
        SplitResult result = MessageSplitter.Split(Gsm(200), PayloadKind.Gsm7Septets, LongMessageMode.SarTlv, 0xABCD);

        Assert.That(Sizes(result), Is.EqualTo(new[] { 153, 47 }));
        Assert.That(result.Parts[0].Udh, Is.Null);
        Assert.That(result.Parts[0].SarReference, Is.EqualTo(0xABCD));
        Assert.That(result.Parts[1].SarReference, Is.EqualTo(0xABCD));
        Assert.That(result.Parts[1].Sequence, Is.EqualTo(2));
        Assert.That(result.Parts[1].Total, Is.EqualTo(2));
        Assert.That(result.Parts[1].Mode, Is.EqualTo(LongMessageMode.SarTlv));
    }

    [Test]
    public void Split_MessagePayloadMode_OnePartHoldingEverything()
    {
        byte[] payload = Gsm(1000);

        SplitResult result = MessageSplitter.Split(payload, PayloadKind.Gsm7Septets, LongMessageMode.MessagePayload, 0);

        Assert.That(result.Parts, Has.Count.EqualTo(1));
        Assert.That(result.Parts[0].Payload.ToArray(), Is.EqualTo(payload));
        Assert.That(result.Parts[0].Udh, Is.Null);
        Assert.That(result.Parts[0].SarReference, Is.Null);
        Assert.That(result.Parts[0].Mode, Is.EqualTo(LongMessageMode.MessagePayload));
    }

    [Test]
    public void Split_MessagePayloadTooLarge_Fails()
    {
        SplitResult result = MessageSplitter.Split(new byte[65536], PayloadKind.EightBit, LongMessageMode.MessagePayload, 0);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Is.EqualTo(SplitError.PayloadTooLarge));
        Assert.That(result.Parts, Is.Empty);
        Assert.That(result.ErrorMessage, Does.Contain("65535"));
    }

    [Test]
    public void Split_Exactly255Parts_Succeeds()
    {
        SplitResult result = MessageSplitter.Split(Gsm(153 * 255), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 1);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Parts, Has.Count.EqualTo(255));
        Assert.That(result.Parts[254].Udh, Is.EqualTo(new byte[] { 0x05, 0x00, 0x03, 0x01, 0xFF, 0xFF }));
    }

    [Test]
    public void Split_MoreThan255Parts_FailsWithClearMessage()
    {
        SplitResult result = MessageSplitter.Split(Gsm((153 * 255) + 1), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 1);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Is.EqualTo(SplitError.TooManyParts));
        Assert.That(result.Parts, Is.Empty);
        Assert.That(result.ErrorMessage, Does.Contain("256 parts").And.Contain("255"));
    }

    [Test]
    public void Split_EightBitModeReferenceAbove255_Throws()
    {
        Assert.That(() => MessageSplitter.Split(Gsm(200), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 256),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Split_Ucs2OddLength_Throws()
    {
        Assert.That(() => MessageSplitter.Split(new byte[3], PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 1),
            Throws.ArgumentException);
    }

    [TestCase(PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8)]
    [TestCase(PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat16)]
    [TestCase(PayloadKind.EightBit, LongMessageMode.SarTlv)]
    [TestCase(PayloadKind.Ucs2, LongMessageMode.UdhConcat16)]
    public void Split_MixedPayload_PartsJoinBackToInputAndRespectLimits(PayloadKind kind, LongMessageMode mode)
    {
        var random = new Random(42);
        byte[] payload = new byte[kind == PayloadKind.Ucs2 ? 2000 : 1000];
        random.NextBytes(payload);

        SplitResult result = MessageSplitter.Split(payload, kind, mode, 9);

        var joined = new List<byte>();
        int limit = MessageSplitter.PartCapacity(kind, mode) * (kind == PayloadKind.Ucs2 ? 2 : 1);
        foreach (MessagePart part in result.Parts)
        {
            Assert.That(part.Payload.Length, Is.LessThanOrEqualTo(limit));
            joined.AddRange(part.Payload.ToArray());
        }

        Assert.That(joined, Is.EqualTo(payload));
        Assert.That(result.Parts, Has.Count.EqualTo(MessageSplitter.CountParts(payload, kind, mode)));
    }

    [Test]
    public void Split_WithAllocator_SinglePartUsesNoReference()
    {
        var allocator = new ConcatReferenceAllocator(16, seed: 5);
        var probe = new ConcatReferenceAllocator(16, seed: 5);

        MessageSplitter.Split(Gsm(100), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, allocator, "447700900001");
        SplitResult result = MessageSplitter.Split(Gsm(200), PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8,
            allocator, "447700900001");

        Assert.That(result.Parts[0].Udh![3], Is.EqualTo(probe.NextReference8("447700900001")));
    }

    [Test]
    public void Split_WithAllocator_ConsecutiveMessagesGetDifferentReferences()
    {
        var allocator = new ConcatReferenceAllocator();

        SplitResult first = MessageSplitter.Split(Gsm(200), PayloadKind.Gsm7Septets, LongMessageMode.SarTlv,
            allocator, "447700900001");
        SplitResult second = MessageSplitter.Split(Gsm(200), PayloadKind.Gsm7Septets, LongMessageMode.SarTlv,
            allocator, "447700900001");

        Assert.That(second.Parts[0].SarReference, Is.Not.EqualTo(first.Parts[0].SarReference));
    }

    [TestCase(0, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 1)]
    [TestCase(160, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 1)]
    [TestCase(161, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 2)]
    [TestCase(306, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 2)]
    [TestCase(307, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, 3)]
    [TestCase(304, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat16, 2)]
    [TestCase(305, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat16, 3)]
    [TestCase(306, PayloadKind.Gsm7Septets, LongMessageMode.SarTlv, 2)]
    [TestCase(141, PayloadKind.EightBit, LongMessageMode.UdhConcat8, 2)]
    [TestCase(268, PayloadKind.EightBit, LongMessageMode.UdhConcat8, 2)]
    [TestCase(267, PayloadKind.EightBit, LongMessageMode.UdhConcat16, 3)]
    [TestCase(70, PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 1)]
    [TestCase(71, PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 2)]
    [TestCase(134, PayloadKind.Ucs2, LongMessageMode.UdhConcat8, 2)]
    [TestCase(133, PayloadKind.Ucs2, LongMessageMode.UdhConcat16, 3)]
    [TestCase(10000, PayloadKind.Gsm7Septets, LongMessageMode.MessagePayload, 1)]
    [TestCase(65536, PayloadKind.Gsm7Septets, LongMessageMode.MessagePayload, 2)]
    public void CountParts_Units_MatchesPartLimits(int units, PayloadKind kind, LongMessageMode mode, int expected)
    {
        Assert.That(MessageSplitter.CountParts(units, kind, mode), Is.EqualTo(expected));
    }

    [Test]
    public void CountParts_PayloadWithEscapeOnBoundary_CountsTheExtraPart()
    {
        // 306 septets: units alone say 2 parts, but the '€' at 153/154 pushes one septet into a third part.
        byte[] payload = [.. Gsm(152), 0x1B, 0x65, .. Gsm(152)];

        Assert.That(MessageSplitter.CountParts(payload.Length, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8), Is.EqualTo(2));
        Assert.That(MessageSplitter.CountParts(payload, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8), Is.EqualTo(3));
    }

    [Test]
    public void CountParts_NegativeUnits_Throws()
    {
        Assert.That(() => MessageSplitter.CountParts(-1, PayloadKind.EightBit, LongMessageMode.UdhConcat8),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static byte[] Gsm(int septets)
    {
        byte[] payload = new byte[septets];
        Array.Fill(payload, GsmA);
        return payload;
    }

    private static byte[] Ucs2(int units)
    {
        byte[] payload = new byte[units * 2];
        for (int i = 1; i < payload.Length; i += 2)
        {
            payload[i] = GsmA;
        }

        return payload;
    }

    private static int[] Sizes(SplitResult result)
    {
        int[] sizes = new int[result.Parts.Count];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = result.Parts[i].Payload.Length;
        }

        return sizes;
    }
}
