using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Text;

public sealed class Ucs2Tests
{
    [TestCase("A", "0041")]
    [TestCase("Жук", "04160443043A")]
    [TestCase("€", "20AC")]
    [TestCase("😀", "D83DDE00")]
    [TestCase("a😀b", "0061D83DDE000062")]
    public void Encode_Text_IsUtf16BigEndian(string text, string expectedHex)
    {
        byte[] encoded = Ucs2.Encode(text);
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(encoded), Is.EqualTo(expectedHex));
            Assert.That(Ucs2.GetByteCount(text), Is.EqualTo(encoded.Length));
            Assert.That(Ucs2.Decode(encoded), Is.EqualTo(text));
        });
    }

    [Test]
    public void Decode_OddByteCount_IgnoresTrailingByte()
    {
        Assert.That(Ucs2.Decode([0x00, 0x48, 0x00, 0x69, 0x00]), Is.EqualTo("Hi"));
    }

    [Test]
    public void Decode_SingleByte_IsEmpty()
    {
        Assert.That(Ucs2.Decode([0x41]), Is.Empty);
    }

    [Test]
    public void Decode_LoneHighSurrogate_IsReplacementCharacter()
    {
        Assert.That(Ucs2.Decode([0xD8, 0x3D, 0x00, 0x41]), Is.EqualTo("\uFFFDA"));
    }

    [Test]
    public void Decode_LoneLowSurrogateAtEnd_IsReplacementCharacter()
    {
        Assert.That(Ucs2.Decode([0x00, 0x41, 0xDE, 0x00]), Is.EqualTo("A\uFFFD"));
    }

    [Test]
    public void Decode_ZeroCodeUnit_IsKept()
    {
        Assert.That(Ucs2.Decode([0x00, 0x41, 0x00, 0x00, 0x00, 0x42]), Is.EqualTo("A\0B"));
    }

    [Test]
    public void Encode_LoneSurrogate_WritesReplacementCharacter()
    {
        Assert.That(Convert.ToHexString(Ucs2.Encode("A\uD83D")), Is.EqualTo("0041FFFD"));
    }

    [Test]
    public void Encode_DestinationTooSmall_Throws()
    {
        Assert.That(() => Ucs2.Encode("AB", new byte[3]), Throws.ArgumentException);
    }
}
