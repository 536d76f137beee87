using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Text;

public sealed class SmppTextTests
{
    private static readonly TextOptions s_unpacked = TextOptions.Default;
    private static readonly TextOptions s_packed = new() { DefaultAlphabet = DefaultAlphabet.Gsm7Packed };
    private static readonly TextOptions s_latin1 = new() { DefaultAlphabet = DefaultAlphabet.Latin1 };
    private static readonly TextOptions s_ascii = new() { DefaultAlphabet = DefaultAlphabet.Ascii };

    private static TextOptions Options(DefaultAlphabet alphabet) => new() { DefaultAlphabet = alphabet };

    [Test]
    public void Default_DefaultAlphabet_IsGsm7Unpacked()
    {
        Assert.That(TextOptions.Default.DefaultAlphabet, Is.EqualTo(DefaultAlphabet.Gsm7Unpacked));
    }

    // "Hé@€" in each carrier's dc-0 form.
    [TestCase(DefaultAlphabet.Gsm7Unpacked, "4805001B65", "Hé@€")]
    [TestCase(DefaultAlphabet.Gsm7Packed, "C802605306", "Hé@€")]
    [TestCase(DefaultAlphabet.Latin1, "48E940A4", "Hé@¤")]
    [TestCase(DefaultAlphabet.Ascii, "48694021", "Hi@!")]
    public void Decode_DataCodingZero_FollowsCarrierDefault(DefaultAlphabet alphabet, string hex, string expected)
    {
        Assert.That(SmppText.Decode(0x00, Convert.FromHexString(hex), Options(alphabet)), Is.EqualTo(expected));
    }

    [Test]
    public void Decode_DataCodingZeroUnpacked_AtInMiddleDoesNotTruncate()
    {
        Assert.That(SmppText.Decode(0x00, [0x41, 0x00, 0x42, 0x00], s_unpacked), Is.EqualTo("A@B@"));
    }

    [TestCase(DefaultAlphabet.Gsm7Unpacked)]
    [TestCase(DefaultAlphabet.Latin1)]
    [TestCase(DefaultAlphabet.Ascii)]
    public void Decode_FlashGsm_IsUnpackedUnlessCarrierPacks(DefaultAlphabet alphabet)
    {
        byte[] septets = Gsm7.EncodeUnpacked("Flash €");
        Assert.Multiple(() =>
        {
            Assert.That(SmppText.Decode(0x10, septets, Options(alphabet)), Is.EqualTo("Flash €"));
            Assert.That(SmppText.Decode(0xF0, septets, Options(alphabet)), Is.EqualTo("Flash €"));
        });
    }

    [Test]
    public void Decode_FlashGsmOnPackingCarrier_IsPacked()
    {
        byte[] packed = Gsm7.Pack(Gsm7.EncodeUnpacked("hellohello"));
        Assert.Multiple(() =>
        {
            Assert.That(SmppText.Decode(0x10, packed, s_packed), Is.EqualTo("hellohello"));
            Assert.That(SmppText.Decode(0xF1, packed, s_packed), Is.EqualTo("hellohello"));
        });
    }

    [TestCase(DefaultAlphabet.Gsm7Unpacked)]
    [TestCase(DefaultAlphabet.Gsm7Packed)]
    [TestCase(DefaultAlphabet.Latin1)]
    [TestCase(DefaultAlphabet.Ascii)]
    public void Decode_ExplicitCharsets_IgnoreCarrierDefault(DefaultAlphabet alphabet)
    {
        TextOptions options = Options(alphabet);
        Assert.Multiple(() =>
        {
            Assert.That(SmppText.Decode(0x01, "Hi"u8, options), Is.EqualTo("Hi"));
            Assert.That(SmppText.Decode(0x03, [0x63, 0x61, 0x66, 0xE9], options), Is.EqualTo("café"));
            Assert.That(SmppText.Decode(0x08, [0x04, 0x16, 0xD8, 0x3D, 0xDE, 0x00], options), Is.EqualTo("Ж😀"));
            Assert.That(SmppText.Decode(0x18, [0x00, 0x41], options), Is.EqualTo("A"));
            Assert.That(SmppText.Decode(0xE0, [0x00, 0x41], options), Is.EqualTo("A"));
        });
    }

    [TestCase(0x02)]
    [TestCase(0x04)]
    [TestCase(0xF4)]
    [TestCase(0xF5)]
    [TestCase(0x14)]
    [TestCase(0x0B)]
    [TestCase(0x05)]
    [TestCase(0x90)]
    public void Decode_BinaryOrUnknown_PreservesEveryOctetAsLatin1(int dataCoding)
    {
        byte[] data = [0x00, 0x7F, 0x80, 0xE9, 0xFF];
        string text = SmppText.Decode((byte)dataCoding, data, s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("\0\u007F\u0080é\u00FF"));
            Assert.That(Latin1.Encode(text), Is.EqualTo(data));
        });
    }

    [Test]
    public void Decode_Cyrillic_UsesIso8859Part5()
    {
        // ISO-8859-5: 0xB6 = Ж, 0xE3 = у, 0xDA = к.
        Assert.That(SmppText.Decode(0x06, [0xB6, 0xE3, 0xDA], s_unpacked), Is.EqualTo("Жук"));
    }

    [Test]
    public void Decode_Hebrew_UsesIso8859Part8()
    {
        // ISO-8859-8: 0xE0 = א (alef), 0xE1 = ב (bet).
        Assert.That(SmppText.Decode(0x07, [0xE0, 0xE1], s_unpacked), Is.EqualTo("\u05D0\u05D1"));
    }

    [Test]
    public void Decode_Ucs2OddLength_DoesNotThrow()
    {
        Assert.That(SmppText.Decode(0x08, [0x00, 0x41, 0x00], s_unpacked), Is.EqualTo("A"));
    }

    [Test]
    public void Decode_UnpackedWithUdh_SkipsHeader()
    {
        byte[] data = [0x05, 0x00, 0x03, 0x01, 0x02, 0x01, .. Gsm7.EncodeUnpacked("@part")];
        Assert.That(SmppText.Decode(0x00, data, s_unpacked, udhLength: 6), Is.EqualTo("@part"));
    }

    [Test]
    public void Decode_PackedWithUdh_UsesFillBits()
    {
        byte[] udh = [0x05, 0x00, 0x03, 0x01, 0x02, 0x01];
        byte[] data = [.. udh, .. SmppText.ToWireBytes(Gsm7.EncodeUnpacked("hello"), needsPacking: true, fillBits: 1)];
        Assert.That(SmppText.Decode(0x00, data, s_packed, udhLength: 6), Is.EqualTo("hello"));
    }

    [Test]
    public void Decode_UdhLongerThanData_Throws()
    {
        Assert.That(() => SmppText.Decode(0x00, [0x05, 0x00], s_unpacked, udhLength: 6),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Encode_PureGsm_IsDataCodingZeroUnpackedSeptets()
    {
        EncodedText encoded = SmppText.Encode("Hello @ world", s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x00));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Gsm7));
            Assert.That(encoded.Units, Is.EqualTo(13));
            Assert.That(encoded.NeedsPacking, Is.False);
            Assert.That(encoded.Bytes, Is.EqualTo(Gsm7.EncodeUnpacked("Hello @ world")));
            Assert.That(encoded.ToWireBytes(), Is.EqualTo(encoded.Bytes));
        });
    }

    [Test]
    public void Encode_GsmWithExtension_CountsTwoSeptets()
    {
        EncodedText encoded = SmppText.Encode("Price: 5€ [approx]", s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Gsm7));
            Assert.That(encoded.DataCoding, Is.EqualTo(0x00));
            Assert.That(encoded.Units, Is.EqualTo(21));
            Assert.That(encoded.Bytes, Has.Length.EqualTo(21));
            Assert.That(encoded.Bytes[8..10], Is.EqualTo(new byte[] { 0x1B, 0x65 }));
        });
    }

    [Test]
    public void Encode_CedillaSmall_EncodesAs09()
    {
        EncodedText encoded = SmppText.Encode("ç", s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Gsm7));
            Assert.That(encoded.Bytes, Is.EqualTo(new byte[] { 0x09 }));
        });
    }

    [Test]
    public void Encode_Cyrillic_IsUcs2()
    {
        EncodedText encoded = SmppText.Encode("Привет", s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x08));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Ucs2));
            Assert.That(encoded.Units, Is.EqualTo(6));
            Assert.That(Convert.ToHexString(encoded.Bytes), Is.EqualTo("041F04400438043204350442"));
        });
    }

    [Test]
    public void Encode_Emoji_IsUcs2WithSurrogatePair()
    {
        EncodedText encoded = SmppText.Encode("Hi 😀", s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x08));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Ucs2));
            Assert.That(encoded.Units, Is.EqualTo(5));
            Assert.That(Convert.ToHexString(encoded.Bytes), Is.EqualTo("004800690020D83DDE00"));
        });
    }

    [Test]
    public void Encode_PackingCarrier_ReturnsUnpackedSeptetsFlaggedForPacking()
    {
        EncodedText encoded = SmppText.Encode("hellohello", s_packed);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x00));
            Assert.That(encoded.NeedsPacking, Is.True);
            Assert.That(encoded.Bytes, Is.EqualTo(Gsm7.EncodeUnpacked("hellohello")));
            Assert.That(Convert.ToHexString(encoded.ToWireBytes()), Is.EqualTo("E8329BFD4697D9EC37"));
        });
    }

    [Test]
    public void ToWireBytes_PackedSevenSpareBits_PadsWithCarriageReturnAndDecodesBack()
    {
        byte[] wire = SmppText.ToWireBytes(Gsm7.EncodeUnpacked("1234567"), needsPacking: true);
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(wire), Is.EqualTo("31D98C56B3DD1A"));
            Assert.That(SmppText.Decode(0x00, wire, s_packed), Is.EqualTo("1234567"));
        });
    }

    [Test]
    public void ToWireBytes_PartOfSeptets_PacksWithFillBits()
    {
        byte[] septets = Gsm7.EncodeUnpacked("hellohello");
        int fillBits = Gsm7.FillBitsForUdh(6);
        byte[] destination = new byte[16];
        int written = SmppText.ToWireBytes(septets.AsSpan(0, 5), needsPacking: true, fillBits, destination);
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(SmppText.GetWireByteCount(5, needsPacking: true, fillBits)));
            Assert.That(Convert.ToHexString(destination, 0, written), Is.EqualTo("D06536FB0D"));
        });
    }

    [Test]
    public void ToWireBytes_NotPacking_CopiesPart()
    {
        byte[] part = [0x41, 0x00, 0x1B, 0x65];
        Assert.Multiple(() =>
        {
            Assert.That(SmppText.ToWireBytes(part, needsPacking: false, fillBits: 1), Is.EqualTo(part));
            Assert.That(SmppText.GetWireByteCount(4, needsPacking: false, fillBits: 1), Is.EqualTo(4));
        });
    }

    [Test]
    public void Encode_Latin1Carrier_RepresentableText_IsDataCodingZeroLatin1()
    {
        EncodedText encoded = SmppText.Encode("café", s_latin1);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x00));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Latin1));
            Assert.That(encoded.Bytes, Is.EqualTo(new byte[] { 0x63, 0x61, 0x66, 0xE9 }));
            Assert.That(encoded.Units, Is.EqualTo(4));
        });
    }

    [Test]
    public void Encode_Latin1CarrierWithEuro_IsUcs2()
    {
        EncodedText encoded = SmppText.Encode("5€", s_latin1);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x08));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Ucs2));
        });
    }

    [Test]
    public void Encode_AsciiCarrier_RepresentableText_IsDataCodingZeroAscii()
    {
        EncodedText encoded = SmppText.Encode("{json}", s_ascii);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x00));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Ascii));
            Assert.That(encoded.Bytes, Is.EqualTo("{json}"u8.ToArray()));
            Assert.That(encoded.Units, Is.EqualTo(6));
        });
    }

    [Test]
    public void Encode_AsciiCarrierWithAccent_IsUcs2()
    {
        Assert.That(SmppText.Encode("café", s_ascii).Kind, Is.EqualTo(TextKind.Ucs2));
    }

    [Test]
    public void Encode_ForceUcs2_IsDataCoding08EvenForGsmText()
    {
        EncodedText encoded = SmppText.Encode("Hi", s_unpacked, TextEncodingPreference.Ucs2);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x08));
            Assert.That(encoded.Bytes, Is.EqualTo(new byte[] { 0x00, 0x48, 0x00, 0x69 }));
        });
    }

    [Test]
    public void Encode_ForceLatin1_IsDataCoding03WithReplacement()
    {
        EncodedText encoded = SmppText.Encode("é€", s_unpacked, TextEncodingPreference.Latin1);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.DataCoding, Is.EqualTo(0x03));
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Latin1));
            Assert.That(encoded.Bytes, Is.EqualTo(new byte[] { 0xE9, 0x3F }));
            Assert.That(encoded.Units, Is.EqualTo(2));
        });
    }

    [Test]
    public void Encode_Empty_IsEmptyGsm()
    {
        EncodedText encoded = SmppText.Encode(string.Empty, s_unpacked);
        Assert.Multiple(() =>
        {
            Assert.That(encoded.Kind, Is.EqualTo(TextKind.Gsm7));
            Assert.That(encoded.Bytes, Is.Empty);
            Assert.That(encoded.Units, Is.Zero);
        });
    }

    [TestCase("Hello {world} €", TextKind.Gsm7)]
    [TestCase("Привет", TextKind.Ucs2)]
    [TestCase("👍", TextKind.Ucs2)]
    [TestCase("naïve", TextKind.Ucs2)]
    public void SelectEncoding_Text_PrefersGsm(string text, TextKind expected)
    {
        Assert.That(SmppText.SelectEncoding(text), Is.EqualTo(expected));
    }

    [TestCase(DefaultAlphabet.Gsm7Unpacked, "Hé@€ {x}")]
    [TestCase(DefaultAlphabet.Gsm7Packed, "Hé@€ {x}")]
    [TestCase(DefaultAlphabet.Gsm7Packed, "1234567")]
    [TestCase(DefaultAlphabet.Gsm7Packed, "@@@@@@@")]
    [TestCase(DefaultAlphabet.Latin1, "café")]
    [TestCase(DefaultAlphabet.Ascii, "plain")]
    [TestCase(DefaultAlphabet.Gsm7Unpacked, "Привет 😀")]
    public void EncodeThenDecode_EachCarrierDefault_RoundTrips(DefaultAlphabet alphabet, string text)
    {
        TextOptions options = Options(alphabet);
        EncodedText encoded = SmppText.Encode(text, options);
        Assert.That(SmppText.Decode(encoded.DataCoding, encoded.ToWireBytes(), options), Is.EqualTo(text));
    }
}
