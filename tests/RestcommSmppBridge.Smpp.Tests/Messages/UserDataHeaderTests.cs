using RestcommSmppBridge.Smpp.Messages;

namespace RestcommSmppBridge.Smpp.Tests.Messages;

[TestFixture]
public sealed class UserDataHeaderTests
{
    [Test]
    public void TryParse_Concatenation8Bit_ReadsReferenceTotalAndSequence()
    {
        byte[] data = [0x05, 0x00, 0x03, 0xAB, 0x03, 0x02, 0x41, 0x42];

        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out int length);

        Assert.That(ok, Is.True);
        Assert.That(length, Is.EqualTo(6));
        Assert.That(header!.Length, Is.EqualTo(6));
        Assert.That(header.Concatenation, Is.EqualTo(new ConcatenationInfo(0xAB, 3, 2, false)));
        Assert.That(header.Ports, Is.Null);
        Assert.That(header.Elements, Has.Count.EqualTo(1));
        Assert.That(header.Elements[0].Identifier, Is.EqualTo(UserDataHeader.ConcatenationIei));
        Assert.That(header.Elements[0].Data.ToArray(), Is.EqualTo(new byte[] { 0xAB, 0x03, 0x02 }));
    }

    [Test]
    public void TryParse_Concatenation16Bit_ReadsBigEndianReference()
    {
        byte[] data = [0x06, 0x08, 0x04, 0x12, 0x34, 0x05, 0x05, 0x00];

        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out int length);

        Assert.That(ok, Is.True);
        Assert.That(length, Is.EqualTo(7));
        Assert.That(header!.Concatenation, Is.EqualTo(new ConcatenationInfo(0x1234, 5, 5, true)));
        Assert.That(header.Concatenation!.Value.ToPartInfo(), Is.EqualTo(new PartInfo(0x1234, 5, 5)));
    }

    [Test]
    public void TryParse_PortAndConcatenationTogether_ReadsBoth()
    {
        // WAP push style: 16-bit ports 2948 -> 9200, then 8-bit concatenation.
        byte[] data = [0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x7F, 0x02, 0x01, 0xEE];

        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out int length);

        Assert.That(ok, Is.True);
        Assert.That(length, Is.EqualTo(12));
        Assert.That(header!.Ports, Is.EqualTo(new ApplicationPorts(2948, 9200, true)));
        Assert.That(header.Concatenation, Is.EqualTo(new ConcatenationInfo(0x7F, 2, 1, false)));
        Assert.That(header.Elements, Has.Count.EqualTo(2));
    }

    [Test]
    public void TryParse_EightBitPorts_ReadsDestinationThenOriginator()
    {
        byte[] data = [0x04, 0x04, 0x02, 0xF5, 0x00];

        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out _);

        Assert.That(ok, Is.True);
        Assert.That(header!.Ports, Is.EqualTo(new ApplicationPorts(0xF5, 0x00, false)));
    }

    [Test]
    public void TryParse_UnknownElement_KeptRaw()
    {
        // National language single shift (0x24) plus a made-up 0x70 element with 2 data octets.
        byte[] data = [0x07, 0x24, 0x01, 0x02, 0x70, 0x02, 0xCA, 0xFE, 0x61];

        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out int length);

        Assert.That(ok, Is.True);
        Assert.That(length, Is.EqualTo(8));
        Assert.That(header!.Concatenation, Is.Null);
        Assert.That(header.Elements, Has.Count.EqualTo(2));
        Assert.That(header.Elements[0].Identifier, Is.EqualTo(0x24));
        Assert.That(header.Elements[0].Data.ToArray(), Is.EqualTo(new byte[] { 0x02 }));
        Assert.That(header.Elements[1].Identifier, Is.EqualTo(0x70));
        Assert.That(header.Elements[1].Data.ToArray(), Is.EqualTo(new byte[] { 0xCA, 0xFE }));
    }

    [Test]
    public void TryParse_RepeatedConcatenation_LastOccurrenceWins()
    {
        byte[] data = [0x0A, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x09, 0x04, 0x03];

        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out _);

        Assert.That(ok, Is.True);
        Assert.That(header!.Concatenation, Is.EqualTo(new ConcatenationInfo(0x09, 4, 3, false)));
    }

    [TestCase(new byte[] { 0x05, 0x00, 0x03, 0x01, 0x00, 0x00 }, TestName = "TryParse_ConcatTotalZero_IgnoresElement")]
    [TestCase(new byte[] { 0x05, 0x00, 0x03, 0x01, 0x02, 0x00 }, TestName = "TryParse_ConcatSequenceZero_IgnoresElement")]
    [TestCase(new byte[] { 0x05, 0x00, 0x03, 0x01, 0x02, 0x03 }, TestName = "TryParse_ConcatSequenceAboveTotal_IgnoresElement")]
    [TestCase(new byte[] { 0x04, 0x00, 0x02, 0x01, 0x02 }, TestName = "TryParse_ConcatWrongLength_IgnoresElement")]
    public void TryParse_UnusableConcatenation_HeaderParsedWithoutConcatenation(byte[] data)
    {
        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out _);

        Assert.That(ok, Is.True);
        Assert.That(header!.Concatenation, Is.Null);
        Assert.That(header.Elements, Has.Count.EqualTo(1));
    }

    [TestCase(new byte[0], TestName = "TryParse_Empty_False")]
    [TestCase(new byte[] { 0x05, 0x00, 0x03, 0x01, 0x02 }, TestName = "TryParse_UdhlBeyondData_False")]
    [TestCase(new byte[] { 0x05, 0x00, 0x04, 0x01, 0x02, 0x01, 0x41 }, TestName = "TryParse_IeLengthOverflowsUdhl_False")]
    [TestCase(new byte[] { 0x01, 0x00, 0x41 }, TestName = "TryParse_IeHeaderCut_False")]
    [TestCase(new byte[] { 0xFF, 0x00, 0x03 }, TestName = "TryParse_GarbageUdhl_False")]
    public void TryParse_Malformed_ReturnsFalse(byte[] data)
    {
        bool ok = UserDataHeader.TryParse(data, out UserDataHeader? header, out int length);

        Assert.That(ok, Is.False);
        Assert.That(header, Is.Null);
        Assert.That(length, Is.Zero);
    }

    [Test]
    public void TryParse_EmptyHeader_SkipsOnlyUdhl()
    {
        bool ok = UserDataHeader.TryParse([0x00, 0x41], out UserDataHeader? header, out int length);

        Assert.That(ok, Is.True);
        Assert.That(length, Is.EqualTo(1));
        Assert.That(header!.Elements, Is.Empty);
    }

    [Test]
    public void TryParse_EveryPrefixAndRandomBytes_NeverThrows()
    {
        byte[] valid = [0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x7F, 0x02, 0x01];
        int accepted = 0;
        for (int i = 0; i <= valid.Length; i++)
        {
            if (UserDataHeader.TryParse(valid.AsSpan(0, i), out _, out _))
            {
                accepted++;
            }
        }

        var random = new Random(1234);
        byte[] noise = new byte[40];
        int overruns = 0;
        Assert.That(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                random.NextBytes(noise);
                int length = random.Next(noise.Length + 1);
                if (UserDataHeader.TryParse(noise.AsSpan(0, length), out _, out int headerLength) && headerLength > length)
                {
                    overruns++;
                }
            }
        }, Throws.Nothing);
        Assert.That(accepted, Is.EqualTo(1), "only the full header parses");
        Assert.That(overruns, Is.Zero);
    }

    [Test]
    public void WriteConcatenation_EightBit_WritesSixOctets()
    {
        byte[] dest = new byte[8];

        int written = UserDataHeader.WriteConcatenation(dest, 0xAB, 3, 1, sixteenBit: false);

        Assert.That(written, Is.EqualTo(6));
        Assert.That(dest[..6], Is.EqualTo(new byte[] { 0x05, 0x00, 0x03, 0xAB, 0x03, 0x01 }));
    }

    [Test]
    public void WriteConcatenation_SixteenBit_WritesSevenOctetsBigEndian()
    {
        byte[] dest = new byte[7];

        int written = UserDataHeader.WriteConcatenation(dest, 0xBEEF, 4, 4, sixteenBit: true);

        Assert.That(written, Is.EqualTo(7));
        Assert.That(dest, Is.EqualTo(new byte[] { 0x06, 0x08, 0x04, 0xBE, 0xEF, 0x04, 0x04 }));
        Assert.That(UserDataHeader.TryParse(dest, out UserDataHeader? header, out _), Is.True);
        Assert.That(header!.Concatenation, Is.EqualTo(new ConcatenationInfo(0xBEEF, 4, 4, true)));
    }

    [TestCase((ushort)1, (byte)0, (byte)0, false, TestName = "WriteConcatenation_TotalZero_Throws")]
    [TestCase((ushort)1, (byte)2, (byte)0, false, TestName = "WriteConcatenation_SequenceZero_Throws")]
    [TestCase((ushort)1, (byte)2, (byte)3, true, TestName = "WriteConcatenation_SequenceAboveTotal_Throws")]
    [TestCase((ushort)256, (byte)2, (byte)1, false, TestName = "WriteConcatenation_EightBitReferenceTooBig_Throws")]
    public void WriteConcatenation_OutOfRange_Throws(ushort reference, byte total, byte seq, bool sixteenBit)
    {
        Assert.That(() => UserDataHeader.WriteConcatenation(new byte[7], reference, total, seq, sixteenBit),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void WriteConcatenation_DestinationTooSmall_Throws()
    {
        Assert.That(() => UserDataHeader.WriteConcatenation(new byte[6], 1, 2, 1, sixteenBit: true),
            Throws.ArgumentException);
    }

    [TestCase((byte)0x40, true)]
    [TestCase((byte)0x43, true)]
    [TestCase((byte)0x03, false)]
    [TestCase((byte)0x00, false)]
    public void HasUdhi_EsmClass_ChecksBit6(byte esmClass, bool expected)
    {
        Assert.That(UserDataHeader.HasUdhi(esmClass), Is.EqualTo(expected));
    }
}
