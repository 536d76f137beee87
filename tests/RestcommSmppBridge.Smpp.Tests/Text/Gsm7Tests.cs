using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Text;

public sealed class Gsm7Tests
{
    // smpp.md §9, written out as Unicode code points independently of the implementation's table. Index = septet.
    // 0x1B (ESC) has no character of its own and is skipped by the tests (marked 0xFFFF).
    private static readonly ushort[] s_expectedBase =
    [
        0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
        0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E, 0xFFFF, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
        0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
        0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
        0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
        0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
        0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
        0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
    ];

    private static IEnumerable<TestCaseData> BaseCharacters()
    {
        for (int code = 0; code < s_expectedBase.Length; code++)
        {
            if (s_expectedBase[code] != 0xFFFF)
            {
                yield return new TestCaseData((byte)code, (char)s_expectedBase[code]).SetArgDisplayNames($"0x{code:X2}");
            }
        }
    }

    [Test]
    public void ExpectedTable_CoversAll128SeptetsExceptEscape()
    {
        Assert.That(BaseCharacters().Count(), Is.EqualTo(127));
    }

    [TestCaseSource(nameof(BaseCharacters))]
    public void EncodeUnpacked_BaseCharacter_IsOneSeptetWithTableCode(byte code, char c)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.EncodeUnpacked(c.ToString()), Is.EqualTo(new[] { code }));
            Assert.That(Gsm7.GetSeptetCount(c), Is.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(BaseCharacters))]
    public void DecodeUnpacked_BaseSeptet_IsTableCharacter(byte code, char c)
    {
        Assert.That(Gsm7.DecodeUnpacked([code]), Is.EqualTo(c.ToString()));
    }

    [Test]
    public void AllBaseCharacters_RoundTripUnpackedAndPacked()
    {
        var builder = new System.Text.StringBuilder();
        var expectedSeptets = new List<byte>();
        for (int code = 0; code < s_expectedBase.Length; code++)
        {
            if (s_expectedBase[code] != 0xFFFF)
            {
                builder.Append((char)s_expectedBase[code]);
                expectedSeptets.Add((byte)code);
            }
        }

        string text = builder.ToString();
        byte[] septets = Gsm7.EncodeUnpacked(text);
        byte[] packed = Gsm7.Pack(septets);

        Assert.Multiple(() =>
        {
            Assert.That(septets, Is.EqualTo(expectedSeptets.ToArray()));
            Assert.That(Gsm7.DecodeUnpacked(septets), Is.EqualTo(text));
            Assert.That(packed, Has.Length.EqualTo(112)); // 127 septets = 889 bits -> 112 octets
            Assert.That(Gsm7.Unpack(packed, septets.Length), Is.EqualTo(septets));
            Assert.That(Gsm7.DecodePacked(packed, septets.Length, 0), Is.EqualTo(text));
        });
    }

    [TestCase('\f', 0x0A)]
    [TestCase('^', 0x14)]
    [TestCase('{', 0x28)]
    [TestCase('}', 0x29)]
    [TestCase('\\', 0x2F)]
    [TestCase('[', 0x3C)]
    [TestCase('~', 0x3D)]
    [TestCase(']', 0x3E)]
    [TestCase('|', 0x40)]
    [TestCase('€', 0x65)]
    public void ExtensionCharacter_EncodesAsEscapePairAndCostsTwo(char c, int code)
    {
        byte[] encoded = Gsm7.EncodeUnpacked(c.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(encoded, Is.EqualTo(new byte[] { 0x1B, (byte)code }));
            Assert.That(Gsm7.GetSeptetCount(c), Is.EqualTo(2));
            Assert.That(Gsm7.TryGetSeptetCount($"a{c}b", out int septets), Is.True);
            Assert.That(septets, Is.EqualTo(4));
            Assert.That(Gsm7.DecodeUnpacked(encoded), Is.EqualTo(c.ToString()));
            Assert.That(Gsm7.DecodePacked(Gsm7.Pack(encoded), 2, 0), Is.EqualTo(c.ToString()));
        });
    }

    [Test]
    public void Euro_EncodesAs1B65()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.EncodeUnpacked("€"), Is.EqualTo(new byte[] { 0x1B, 0x65 }));
            Assert.That(Gsm7.DecodeUnpacked([0x1B, 0x65]), Is.EqualTo("€"));
        });
    }

    [TestCase("@hello")]
    [TestCase("he@llo")]
    [TestCase("hello@")]
    [TestCase("@@@")]
    [TestCase("@")]
    public void AtSign_AnyPosition_SurvivesUnpackedRoundTrip(string text)
    {
        byte[] septets = Gsm7.EncodeUnpacked(text);
        Assert.Multiple(() =>
        {
            Assert.That(septets, Has.Length.EqualTo(text.Length));
            Assert.That(septets.Count(b => b == 0x00), Is.EqualTo(text.Count(c => c == '@')));
            Assert.That(Gsm7.DecodeUnpacked(septets), Is.EqualTo(text));
        });
    }

    [TestCase("@hello")]
    [TestCase("he@llo")]
    [TestCase("hello@")]
    [TestCase("@@@")]
    public void AtSign_AnyPosition_SurvivesPackedRoundTripWithInferredLength(string text)
    {
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked(text));
        Assert.That(Gsm7.DecodePackedToEnd(packed), Is.EqualTo(text));
    }

    [Test]
    public void CedillaSmall_EncodesAs09_AndDecodesAsCapital()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.EncodeUnpacked("ç"), Is.EqualTo(new byte[] { 0x09 }));
            Assert.That(Gsm7.EncodeUnpacked("Ç"), Is.EqualTo(new byte[] { 0x09 }));
            Assert.That(Gsm7.DecodeUnpacked([0x09]), Is.EqualTo("Ç"));
        });
    }

    [TestCase('Ж')]
    [TestCase('á')]
    [TestCase('`')]
    [TestCase('\t')]
    [TestCase('\uD83D')]
    public void GetSeptetCount_Unencodable_IsZero(char c)
    {
        Assert.That(Gsm7.GetSeptetCount(c), Is.Zero);
    }

    [Test]
    public void TryGetSeptetCount_Unencodable_ReturnsFalse()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.TryGetSeptetCount("abcЖ", out int septets), Is.False);
            Assert.That(septets, Is.EqualTo(3));
            Assert.That(Gsm7.CanEncode("plain text €"), Is.True);
        });
    }

    [Test]
    public void EncodeUnpacked_Unencodable_Throws()
    {
        Assert.That(() => Gsm7.EncodeUnpacked("abc😀"), Throws.ArgumentException);
    }

    [Test]
    public void EncodeUnpacked_DestinationTooSmall_Throws()
    {
        Assert.That(() => Gsm7.EncodeUnpacked("ab€", new byte[3]), Throws.ArgumentException);
    }

    [Test]
    public void DecodeUnpacked_HighBitSet_IsIgnored()
    {
        Assert.That(Gsm7.DecodeUnpacked([0xC8, 0x80, 0xE9]), Is.EqualTo("H@i"));
    }

    [Test]
    public void DecodeUnpacked_UnknownEscapeFollower_DecodesFollowerFromBaseTable()
    {
        Assert.That(Gsm7.DecodeUnpacked([0x41, 0x1B, 0x41, 0x42]), Is.EqualTo("AAB"));
    }

    [Test]
    public void DecodeUnpacked_EscapeAtEnd_IsIgnored()
    {
        Assert.That(Gsm7.DecodeUnpacked([0x41, 0x1B]), Is.EqualTo("A"));
    }

    [Test]
    public void DecodeUnpacked_EscapeEscape_IsSpaceAndNextSeptetIsNormal()
    {
        Assert.That(Gsm7.DecodeUnpacked([0x1B, 0x1B, 0x65]), Is.EqualTo(" e"));
    }

    [Test]
    public void DecodeUnpacked_LongInput_UsesPooledBuffer()
    {
        string text = new string('@', 300) + "€" + new string('x', 300);
        Assert.That(Gsm7.DecodeUnpacked(Gsm7.EncodeUnpacked(text)), Is.EqualTo(text));
    }

    [TestCase("hellohello", 0, "E8329BFD4697D9EC37")]
    [TestCase("Hello", 0, "C8329BFD06")]
    [TestCase("1234567", 0, "31D98C56B3DD00")]
    [TestCase("12345678", 0, "31D98C56B3DD70")]
    [TestCase("hello", 1, "D06536FB0D")]
    [TestCase("hellohello", 1, "D06536FB8D2EB3D96F")]
    public void Pack_KnownVectors_MatchesExpectedOctets(string text, int fillBits, string expectedHex)
    {
        byte[] septets = Gsm7.EncodeUnpacked(text);
        byte[] packed = Gsm7.Pack(septets, fillBits);
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(packed), Is.EqualTo(expectedHex));
            Assert.That(Gsm7.Unpack(packed, septets.Length, fillBits), Is.EqualTo(septets));
        });
    }

    [Test]
    public void Pack_SevenSpareBitsWithCarriageReturnPadding_WritesCrInLastOctet()
    {
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("1234567"), 0, carriageReturnPadding: true);
        Assert.That(Convert.ToHexString(packed), Is.EqualTo("31D98C56B3DD1A"));
    }

    [Test]
    public void Pack_AfterSixOctetUdh_TextStartsOnSeptetBoundary()
    {
        byte[] udh = [0x05, 0x00, 0x03, 0x2A, 0x02, 0x01];
        int fillBits = Gsm7.FillBitsForUdh(udh.Length);
        byte[] packedText = Gsm7.Pack(Gsm7.EncodeUnpacked("hello"), fillBits);
        byte[] userData = [.. udh, .. packedText];

        // Treating the whole user data as a septet stream (GSM 03.40), the UDH + fill bits is 7 septets.
        byte[] allSeptets = Gsm7.Unpack(userData, 12);
        Assert.Multiple(() =>
        {
            Assert.That(fillBits, Is.EqualTo(1));
            Assert.That(allSeptets[7..], Is.EqualTo(Gsm7.EncodeUnpacked("hello")));
            Assert.That(Gsm7.DecodePacked(userData.AsSpan(6), 5, fillBits), Is.EqualTo("hello"));
        });
    }

    [TestCase(0, 0)]
    [TestCase(6, 1)]
    [TestCase(7, 0)]
    [TestCase(5, 2)]
    [TestCase(3, 4)]
    [TestCase(12, 2)]
    public void FillBitsForUdh_Length_RoundsUpToSeptetBoundary(int udhLength, int expected)
    {
        Assert.That(Gsm7.FillBitsForUdh(udhLength), Is.EqualTo(expected));
    }

    [TestCase(140, 0, 160)]
    [TestCase(134, 1, 153)]
    [TestCase(133, 0, 152)]
    [TestCase(7, 0, 8)]
    [TestCase(0, 0, 0)]
    public void MaxSeptets_Octets_IsFloorOfBitsOverSeven(int octets, int fillBits, int expected)
    {
        Assert.That(Gsm7.MaxSeptets(octets, fillBits), Is.EqualTo(expected));
    }

    [TestCase(160, 0, 140)]
    [TestCase(153, 1, 134)]
    [TestCase(8, 0, 7)]
    [TestCase(7, 0, 7)]
    [TestCase(0, 0, 0)]
    public void GetPackedByteCount_Septets_IsCeilingOfBitsOverEight(int septets, int fillBits, int expected)
    {
        Assert.That(Gsm7.GetPackedByteCount(septets, fillBits), Is.EqualTo(expected));
    }

    [Test]
    public void Unpack_CountBeyondData_Throws()
    {
        Assert.That(() => Gsm7.Unpack([0xE8, 0x32], 3), Throws.ArgumentException);
    }

    [TestCase(7)]
    [TestCase(-1)]
    public void Pack_FillBitsOutOfRange_Throws(int fillBits)
    {
        Assert.That(() => Gsm7.Pack([0x41], fillBits), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void InferSeptetCount_SevenZeroSpareBits_DropsPaddingSeptet()
    {
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("1234567"));
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.InferSeptetCount(packed), Is.EqualTo(7));
            Assert.That(Gsm7.DecodePackedToEnd(packed), Is.EqualTo("1234567"));
        });
    }

    [Test]
    public void InferSeptetCount_CarriageReturnPadding_DropsPaddingSeptet()
    {
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("1234567"), 0, carriageReturnPadding: true);
        Assert.That(Gsm7.DecodePackedToEnd(packed), Is.EqualTo("1234567"));
    }

    [Test]
    public void InferSeptetCount_EightSeptetsFillingSevenOctets_KeepsLastSeptet()
    {
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("12345678"));
        Assert.That(Gsm7.DecodePackedToEnd(packed), Is.EqualTo("12345678"));
    }

    [Test]
    public void InferSeptetCount_EightSeptetsEndingInAt_DropsAmbiguousTrailingAt()
    {
        // Documented limitation: without a septet count, 8 septets ending in @ look exactly like 7 septets with
        // zero padding. Callers that know the count use DecodePacked with it.
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("1234567@"));
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.DecodePackedToEnd(packed), Is.EqualTo("1234567"));
            Assert.That(Gsm7.DecodePacked(packed, 8, 0), Is.EqualTo("1234567@"));
        });
    }

    [Test]
    public void InferSeptetCount_NoAmbiguity_KeepsTrailingAt()
    {
        // 6 septets = 42 bits in 6 octets: 6 spare bits cannot hold a septet, and the @ before them is real.
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("hello@"));
        Assert.Multiple(() =>
        {
            Assert.That(Gsm7.InferSeptetCount(packed), Is.EqualTo(6));
            Assert.That(Gsm7.DecodePackedToEnd(packed), Is.EqualTo("hello@"));
        });
    }

    [Test]
    public void InferSeptetCount_WithFillBits_AccountsForPadding()
    {
        // 1 fill bit + 7 septets = 50 bits in 7 octets: 6 spare bits, so all 7 septets are real.
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("1234567"), 1);
        Assert.That(Gsm7.DecodePackedToEnd(packed, 1), Is.EqualTo("1234567"));
    }
}
