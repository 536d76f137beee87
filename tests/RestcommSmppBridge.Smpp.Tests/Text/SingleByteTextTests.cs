using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Text;

public sealed class SingleByteTextTests
{
    [Test]
    public void Latin1_EAcute_IsE9()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Latin1.Encode("é"), Is.EqualTo(new byte[] { 0xE9 }));
            Assert.That(Latin1.Decode([0xE9]), Is.EqualTo("é"));
        });
    }

    [Test]
    public void Latin1_AllOctets_RoundTripOneToOne()
    {
        byte[] all = new byte[256];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (byte)i;
        }

        string text = Latin1.Decode(all);
        Assert.Multiple(() =>
        {
            Assert.That(text, Has.Length.EqualTo(256));
            Assert.That(Latin1.CanEncode(text), Is.True);
            Assert.That(Latin1.Encode(text), Is.EqualTo(all));
        });
    }

    [TestCase("café", true)]
    [TestCase("€5", false)]
    [TestCase("Жук", false)]
    [TestCase("", true)]
    public void Latin1_CanEncode_ReportsLossless(string text, bool expected)
    {
        Assert.That(Latin1.CanEncode(text), Is.EqualTo(expected));
    }

    [Test]
    public void Latin1_Unmappable_BecomesQuestionMark()
    {
        Assert.That(Latin1.Encode("a€b"), Is.EqualTo("a?b"u8.ToArray()));
    }

    [Test]
    public void Latin1_SurrogatePair_BecomesOneQuestionMark()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Latin1.GetByteCount("a😀b"), Is.EqualTo(3));
            Assert.That(Latin1.Encode("a😀b"), Is.EqualTo("a?b"u8.ToArray()));
        });
    }

    [TestCase("Hello, world!", true)]
    [TestCase("café", false)]
    public void Ia5_CanEncode_ReportsLossless(string text, bool expected)
    {
        Assert.That(Ia5.CanEncode(text), Is.EqualTo(expected));
    }

    [Test]
    public void Ia5_Unmappable_BecomesQuestionMark()
    {
        Assert.That(Ia5.Encode("café"), Is.EqualTo("caf?"u8.ToArray()));
    }

    [Test]
    public void Ia5_DecodeAscii_IsText()
    {
        Assert.That(Ia5.Decode("Hi {there}"u8), Is.EqualTo("Hi {there}"));
    }

    [Test]
    public void Ia5_DecodeHighBitOctet_ReadsItAsLatin1()
    {
        Assert.That(Ia5.Decode([0x63, 0x61, 0x66, 0xE9]), Is.EqualTo("café"));
    }

    [Test]
    public void Encode_DestinationTooSmall_Throws()
    {
        Assert.That(() => Ia5.Encode("abc", new byte[2]), Throws.ArgumentException);
    }
}
