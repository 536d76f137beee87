using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Text;

public sealed class DataCodingTests
{
    [TestCase(0x00, Alphabet.SmscDefault, MessageClass.None)]
    [TestCase(0x01, Alphabet.Ia5, MessageClass.None)]
    [TestCase(0x02, Alphabet.Binary, MessageClass.None)]
    [TestCase(0x03, Alphabet.Latin1, MessageClass.None)]
    [TestCase(0x04, Alphabet.Binary, MessageClass.None)]
    [TestCase(0x05, Alphabet.Jis, MessageClass.None)]
    [TestCase(0x06, Alphabet.Cyrillic, MessageClass.None)]
    [TestCase(0x07, Alphabet.Hebrew, MessageClass.None)]
    [TestCase(0x08, Alphabet.Ucs2, MessageClass.None)]
    [TestCase(0x09, Alphabet.Pictogram, MessageClass.None)]
    [TestCase(0x0A, Alphabet.MusicCodes, MessageClass.None)]
    [TestCase(0x0B, Alphabet.Reserved, MessageClass.None)]
    [TestCase(0x0C, Alphabet.Reserved, MessageClass.None)]
    [TestCase(0x0D, Alphabet.ExtendedKanji, MessageClass.None)]
    [TestCase(0x0E, Alphabet.KsC5601, MessageClass.None)]
    [TestCase(0x0F, Alphabet.Reserved, MessageClass.None)]
    [TestCase(0x10, Alphabet.Gsm7, MessageClass.Class0)]
    [TestCase(0x11, Alphabet.Gsm7, MessageClass.Class1)]
    [TestCase(0x12, Alphabet.Gsm7, MessageClass.Class2)]
    [TestCase(0x13, Alphabet.Gsm7, MessageClass.Class3)]
    [TestCase(0x14, Alphabet.Binary, MessageClass.Class0)]
    [TestCase(0x15, Alphabet.Binary, MessageClass.Class1)]
    [TestCase(0x18, Alphabet.Ucs2, MessageClass.Class0)]
    [TestCase(0x19, Alphabet.Ucs2, MessageClass.Class1)]
    [TestCase(0x1C, Alphabet.Reserved, MessageClass.Class0)]
    [TestCase(0x20, Alphabet.Binary, MessageClass.None)]
    [TestCase(0x38, Alphabet.Binary, MessageClass.Class0)]
    [TestCase(0x48, Alphabet.Ucs2, MessageClass.None)]
    [TestCase(0x80, Alphabet.Reserved, MessageClass.None)]
    [TestCase(0xBF, Alphabet.Reserved, MessageClass.None)]
    [TestCase(0xC0, Alphabet.Gsm7, MessageClass.None)]
    [TestCase(0xD8, Alphabet.Gsm7, MessageClass.None)]
    [TestCase(0xE0, Alphabet.Ucs2, MessageClass.None)]
    [TestCase(0xEF, Alphabet.Ucs2, MessageClass.None)]
    [TestCase(0xF0, Alphabet.Gsm7, MessageClass.Class0)]
    [TestCase(0xF1, Alphabet.Gsm7, MessageClass.Class1)]
    [TestCase(0xF3, Alphabet.Gsm7, MessageClass.Class3)]
    [TestCase(0xF4, Alphabet.Binary, MessageClass.Class0)]
    [TestCase(0xF5, Alphabet.Binary, MessageClass.Class1)]
    [TestCase(0xF6, Alphabet.Binary, MessageClass.Class2)]
    [TestCase(0xF7, Alphabet.Binary, MessageClass.Class3)]
    public void Classify_Octet_GivesAlphabetAndClass(int value, Alphabet alphabet, MessageClass messageClass)
    {
        var dataCoding = new DataCoding((byte)value);
        Assert.Multiple(() =>
        {
            Assert.That(dataCoding.Alphabet, Is.EqualTo(alphabet));
            Assert.That(dataCoding.MessageClass, Is.EqualTo(messageClass));
            Assert.That(dataCoding.IsFlash, Is.EqualTo(messageClass == MessageClass.Class0));
        });
    }

    [TestCase(0x10, true)]
    [TestCase(0x18, true)]
    [TestCase(0xF0, true)]
    [TestCase(0xF4, true)]
    [TestCase(0x00, false)]
    [TestCase(0x08, false)]
    [TestCase(0x11, false)]
    [TestCase(0xF1, false)]
    public void IsFlash_Octet_TrueOnlyForClass0(int value, bool expected)
    {
        Assert.That(new DataCoding((byte)value).IsFlash, Is.EqualTo(expected));
    }

    [TestCase(0x20, true)]
    [TestCase(0x3F, true)]
    [TestCase(0x60, true)]
    [TestCase(0x10, false)]
    [TestCase(0xF4, false)]
    public void IsCompressed_Octet_FollowsGeneralGroupBit5(int value, bool expected)
    {
        Assert.That(new DataCoding((byte)value).IsCompressed, Is.EqualTo(expected));
    }

    [TestCase(0xC0, true)]
    [TestCase(0xEF, true)]
    [TestCase(0xBF, false)]
    [TestCase(0xF0, false)]
    public void IsMessageWaiting_Octet_TrueForC0ToEF(int value, bool expected)
    {
        Assert.That(new DataCoding((byte)value).IsMessageWaiting, Is.EqualTo(expected));
    }

    [Test]
    public void Properties_SpecialValues_HaveExpectedOctets()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DataCoding.SmscDefault.Value, Is.EqualTo(0x00));
            Assert.That(DataCoding.Ia5.Value, Is.EqualTo(0x01));
            Assert.That(DataCoding.Latin1.Value, Is.EqualTo(0x03));
            Assert.That(DataCoding.Binary.Value, Is.EqualTo(0x04));
            Assert.That(DataCoding.Ucs2.Value, Is.EqualTo(0x08));
            Assert.That(((DataCoding)(byte)0x18).ToString(), Is.EqualTo("0x18 (Ucs2, Class0)"));
        });
    }
}
