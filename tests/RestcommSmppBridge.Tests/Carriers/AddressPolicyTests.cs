using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Tests.Carriers;

[TestFixture]
[CancelAfter(10_000)]
public sealed class AddressPolicyTests
{
    [TestCase("+447700900123", TypeOfNumber.International, NumberingPlan.Isdn, "447700900123")]
    [TestCase(" +15551234567 ", TypeOfNumber.International, NumberingPlan.Isdn, "15551234567")]
    [TestCase("447700900123", TypeOfNumber.International, NumberingPlan.Isdn, "447700900123")]
    [TestCase("1234567", TypeOfNumber.International, NumberingPlan.Isdn, "1234567")]
    [TestCase("123456", TypeOfNumber.NetworkSpecific, NumberingPlan.Unknown, "123456")]
    [TestCase("12345", TypeOfNumber.NetworkSpecific, NumberingPlan.Unknown, "12345")]
    [TestCase("+12345", TypeOfNumber.International, NumberingPlan.Isdn, "12345")]
    [TestCase("ACME", TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "ACME")]
    [TestCase("Acme Bank 1", TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "Acme Bank 1")]
    [TestCase("12345678901234567890", TypeOfNumber.International, NumberingPlan.Isdn, "12345678901234567890")]
    public void TryApply_Auto_DetectsTonNpiAndStripsPlus(string address, TypeOfNumber ton, NumberingPlan npi, string text)
    {
        bool ok = AddressPolicy.TryApply(address, TonNpiSetting.Auto, out SmppAddress result, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True, error);
            Assert.That(result, Is.EqualTo(new SmppAddress(ton, npi, text)));
        });
    }

    [TestCase("", "the address is empty")]
    [TestCase("   ", "the address is empty")]
    [TestCase("+44abc", "a '+' must be followed by digits only")]
    [TestCase("+", "a '+' must be followed by digits only")]
    [TestCase("123456789012345678901", "a number has at most 20 digits, got 21")]
    [TestCase("+123456789012345678901", "a number has at most 20 digits, got 21")]
    [TestCase("AcmeBankLtd1", "an alphanumeric address has at most 11 characters, got 12")]
    [TestCase("Café", "an alphanumeric address must be printable ASCII")]
    public void TryApply_Unsendable_FailsWithReason(string address, string expected)
    {
        bool ok = AddressPolicy.TryApply(address, TonNpiSetting.Auto, out _, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Apply_Unsendable_ThrowsArgumentExceptionWithReason()
    {
        Assert.That(() => AddressPolicy.Apply("+x", TonNpiSetting.Auto),
            Throws.ArgumentException.With.Message.StartsWith("a '+' must be followed by digits only"));
    }

    [TestCase("+447700900123", TypeOfNumber.National, null, TypeOfNumber.National, NumberingPlan.Isdn, "447700900123")]
    [TestCase("12345", null, NumberingPlan.Isdn, TypeOfNumber.NetworkSpecific, NumberingPlan.Isdn, "12345")]
    [TestCase("ACME", TypeOfNumber.Unknown, NumberingPlan.Unknown, TypeOfNumber.Unknown, NumberingPlan.Unknown, "ACME")]
    public void TryApply_FixedTonOrNpi_ReplacesOnlyThatPart(string address, TypeOfNumber? fixedTon, NumberingPlan? fixedNpi,
        TypeOfNumber ton, NumberingPlan npi, string text)
    {
        var setting = new TonNpiSetting { Ton = fixedTon, Npi = fixedNpi };

        SmppAddress result = AddressPolicy.Apply(address, setting);

        Assert.That(result, Is.EqualTo(new SmppAddress(ton, npi, text)));
    }

    [TestCase(0, "12345", TypeOfNumber.International, NumberingPlan.Isdn)]
    [TestCase(4, "12345", TypeOfNumber.International, NumberingPlan.Isdn)]
    [TestCase(8, "12345678", TypeOfNumber.Unknown, NumberingPlan.Isdn)]
    public void TryApply_ShortCodeSettings_AreConfigurable(int maxDigits, string address, TypeOfNumber ton, NumberingPlan npi)
    {
        var setting = new TonNpiSetting
        {
            ShortCodeMaxDigits = maxDigits,
            ShortCodeTon = TypeOfNumber.Unknown,
            ShortCodeNpi = NumberingPlan.Isdn,
        };

        SmppAddress result = AddressPolicy.Apply(address, setting);

        Assert.That((result.Ton, result.Npi), Is.EqualTo((ton, npi)));
    }
}
