using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Tests.Carriers;

[TestFixture]
[CancelAfter(10_000)]
public sealed class CarrierProfileTests
{
    [Test]
    public void FromOptions_Defaults_FollowTheSpecification()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(new CarrierOptions
        {
            Name = " alpha ",
            Host = "smsc.example.net",
            SystemId = "bridge",
            Password = "secret",
        }, 3);

        Assert.Multiple(() =>
        {
            Assert.That(profile.Name, Is.EqualTo("alpha"));
            Assert.That(profile.Index, Is.EqualTo(3));
            Assert.That(profile.Client.Port, Is.EqualTo(2775));
            Assert.That(profile.Client.Tls, Is.Null);
            Assert.That(profile.Client.BindType, Is.EqualTo(BindType.Transceiver));
            Assert.That(profile.Client.Binds, Is.EqualTo(1));
            Assert.That(profile.Client.Session.WindowSize, Is.EqualTo(10));
            Assert.That(profile.Client.Session.EnquireLinkInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(profile.Client.Session.ResponseTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(profile.Client.Session.LateResponseWindow, Is.Null, "unset: the session uses ResponseTimeout");
            Assert.That(profile.Client.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(profile.Client.Tps, Is.Zero);
            Assert.That(profile.Client.ThrottleBackoff.Initial, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(profile.Client.ThrottleBackoff.Max, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(profile.Client.MaxThrottleRetries, Is.EqualTo(10));
            Assert.That(profile.Text.DefaultAlphabet, Is.EqualTo(DefaultAlphabet.Gsm7Unpacked));
            Assert.That(profile.Compose.LongMessageMode, Is.EqualTo(LongMessageMode.UdhConcat8));
            Assert.That(profile.MessageIds, Is.EqualTo(MessageIdMatchOptions.Default));
            Assert.That(profile.Source, Is.EqualTo(TonNpiSetting.Auto));
            Assert.That(profile.Destination, Is.EqualTo(TonNpiSetting.Auto));
            Assert.That(profile.AcceptedIsFinal, Is.True);
            Assert.That(profile.RegisteredDelivery, Is.EqualTo(1));
            Assert.That(profile.Routes, Is.Empty);
            Assert.That(profile.CanSend && profile.CanReceive, Is.True);
            Assert.That(profile.InboundTemporaryError, Is.Null, "Bridge:Inbound's applies");
            Assert.That(profile.InboundUnknownNumber, Is.Null, "Bridge:Inbound's applies");
            Assert.That(profile.InboundAddressFormat, Is.EqualTo(InboundAddressFormat.E164));
        });
    }

    [Test]
    public void FromOptions_InboundSettings_ParsedAsCommandStatusesAndFormat()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(new CarrierOptions
        {
            Name = "gamma",
            Host = "smsc.example.net",
            SystemId = "bridge",
            Password = "secret",
            InboundTemporaryErrorStatus = "0x14",
            InboundUnknownNumberStatus = "0",
            InboundAddressFormat = "AsReceived",
        }, 0);

        Assert.Multiple(() =>
        {
            Assert.That(profile.InboundTemporaryError, Is.EqualTo(CommandStatus.MessageQueueFull));
            Assert.That(profile.InboundUnknownNumber, Is.EqualTo(CommandStatus.Ok));
            Assert.That(profile.InboundAddressFormat, Is.EqualTo(InboundAddressFormat.AsReceived));
        });
    }

    [Test]
    public void FromOptions_EverySetting_MapsToTheLibrary()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(new CarrierOptions
        {
            Name = "beta",
            Host = "10.1.2.3",
            Port = 3550,
            Tls = new CarrierTlsOptions { Enabled = true, TargetHost = "smsc.beta", PinnedThumbprints = ["3B:2D:4B:52:9A:8A:30:D0:B3:A2:5D:D7:E4:6D:C1:2F:F1:00:9E:81"] },
            SystemId = "sys",
            Password = "pw",
            SystemType = "sms",
            BindType = "transmitter",
            Binds = 4,
            WindowSize = 50,
            Tps = 12.5,
            EnquireLinkInterval = TimeSpan.FromSeconds(20),
            ResponseTimeout = TimeSpan.FromSeconds(7),
            LateResponseWindow = TimeSpan.FromSeconds(4),
            ConnectTimeout = TimeSpan.FromSeconds(3),
            ReconnectMinDelay = TimeSpan.FromSeconds(2),
            ReconnectMaxDelay = TimeSpan.FromSeconds(90),
            ThrottleMinPause = TimeSpan.FromMilliseconds(250),
            ThrottleMaxPause = TimeSpan.FromSeconds(4),
            MaxThrottleRetries = 2,
            SourceTon = "5",
            SourceNpi = "0",
            DestTon = "auto",
            DestNpi = "1",
            ShortCodeMaxDigits = 5,
            ShortCodeTon = 0,
            ShortCodeNpi = 1,
            DataCodingZeroCharset = "latin1",
            LongMessageMode = "SAR",
            MessageIdFormat = "Hexadecimal",
            ReceiptTextIdFormat = "Decimal",
            AcceptedIsFinal = false,
            RegisteredDelivery = 0x11,
            Routes = [new CarrierRouteOptions { Prefix = "+49", Preference = 7 }],
        }, 0);

        Assert.Multiple(() =>
        {
            Assert.That(profile.Client.Port, Is.EqualTo(3550));
            Assert.That(profile.Client.Tls?.TargetHost, Is.EqualTo("smsc.beta"));
            Assert.That(profile.Client.Tls?.PinnedThumbprints, Is.EqualTo(new[] { "3B:2D:4B:52:9A:8A:30:D0:B3:A2:5D:D7:E4:6D:C1:2F:F1:00:9E:81" }));
            Assert.That(profile.Client.SystemType, Is.EqualTo("sms"));
            Assert.That(profile.Client.BindType, Is.EqualTo(BindType.Transmitter));
            Assert.That(profile.CanReceive, Is.False);
            Assert.That(profile.Client.Binds, Is.EqualTo(4));
            Assert.That(profile.Client.Session.WindowSize, Is.EqualTo(50));
            Assert.That(profile.Client.Tps, Is.EqualTo(12.5));
            Assert.That(profile.Client.Session.EnquireLinkInterval, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(profile.Client.Session.ResponseTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(profile.Client.Session.LateResponseWindow, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(profile.Client.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(profile.Client.Reconnect.Initial, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(profile.Client.Reconnect.Max, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(profile.Client.ThrottleBackoff.Initial, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(profile.Client.ThrottleBackoff.Max, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(profile.Client.ThrottleBackoff.Jitter, Is.EqualTo(BackoffJitter.None));
            Assert.That(profile.Client.MaxThrottleRetries, Is.EqualTo(2));
            Assert.That(profile.Source, Is.EqualTo(new TonNpiSetting
            {
                Ton = TypeOfNumber.Alphanumeric,
                Npi = NumberingPlan.Unknown,
                ShortCodeMaxDigits = 5,
                ShortCodeTon = TypeOfNumber.Unknown,
                ShortCodeNpi = NumberingPlan.Isdn,
            }));
            Assert.That(profile.Destination.Ton, Is.Null);
            Assert.That(profile.Destination.Npi, Is.EqualTo(NumberingPlan.Isdn));
            Assert.That(profile.Text.DefaultAlphabet, Is.EqualTo(DefaultAlphabet.Latin1));
            Assert.That(profile.Compose.LongMessageMode, Is.EqualTo(LongMessageMode.SarTlv));
            Assert.That(profile.MessageIds.SubmitResponseFormat, Is.EqualTo(MessageIdFormat.Hexadecimal));
            Assert.That(profile.MessageIds.ReceiptTextFormat, Is.EqualTo(MessageIdFormat.Decimal));
            Assert.That(profile.MessageIds.ReceiptedMessageIdFormat, Is.EqualTo(MessageIdFormat.Hexadecimal), "inherits MessageIdFormat");
            Assert.That(profile.AcceptedIsFinal, Is.False);
            Assert.That(profile.RegisteredDelivery, Is.EqualTo(0x11));
            Assert.That(profile.Routes, Is.EqualTo(new[] { new CarrierRoutePrefix("49", 7) }));
        });
    }

    [TestCase("Gsm7", DefaultAlphabet.Gsm7Unpacked)]
    [TestCase("GSM7PACKED", DefaultAlphabet.Gsm7Packed)]
    [TestCase("ascii", DefaultAlphabet.Ascii)]
    public void FromOptions_Charset_MapsToDefaultAlphabet(string charset, DefaultAlphabet expected)
    {
        CarrierProfile profile = CarrierProfile.FromOptions(
            new CarrierOptions { Name = "c", Host = "h", SystemId = "s", Password = "p", DataCodingZeroCharset = charset }, 0);

        Assert.That(profile.Text.DefaultAlphabet, Is.EqualTo(expected));
    }

    [Test]
    public void FromOptions_Invalid_ThrowsWithTheValidatorMessage()
    {
        Assert.That(() => CarrierProfile.FromOptions(new CarrierOptions { Name = "x", Host = "h", SystemId = "s" }, 2),
            Throws.ArgumentException.With.Message.Contain("Bridge:Carriers:2:Password is missing"));
    }

    [Test]
    public void ToString_Profile_NeverShowsThePassword()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(CarrierTestKit.Options("c", password: "s3cr3t"), 0);

        Assert.That(profile.ToString(), Does.Not.Contain("s3cr3t").And.Contain("***"));
    }

    [Test]
    public void TryCreateSubmitTemplate_NumbersAndAlphanumericSender_SetsAddressingAndReceipts()
    {
        CarrierProfile profile = CarrierProfile.FromOptions(CarrierTestKit.Options("c"), 0);

        bool ok = profile.TryCreateSubmitTemplate("ACME", "+447700900123", out SubmitSm? template, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True, error);
            Assert.That((template!.SourceAddrTon, template.SourceAddrNpi, template.SourceAddr),
                Is.EqualTo((TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "ACME")));
            Assert.That((template.DestAddrTon, template.DestAddrNpi, template.DestinationAddr),
                Is.EqualTo((TypeOfNumber.International, NumberingPlan.Isdn, "447700900123")));
            Assert.That(template.RegisteredDelivery, Is.EqualTo(1));
        });
    }

    [TestCase("ACME", "BANK", "destination: a destination must be a number (digits with an optional leading '+')")]
    [TestCase("TooLongSenderName", "447700900123", "source: an alphanumeric address has at most 11 characters, got 17")]
    [TestCase("+1", "+123456789012345678901", "destination: a number has at most 20 digits, got 21")]
    public void TryCreateSubmitTemplate_Unsendable_SaysWhichSide(string from, string to, string expected)
    {
        CarrierProfile profile = CarrierProfile.FromOptions(CarrierTestKit.Options("c"), 0);

        bool ok = profile.TryCreateSubmitTemplate(from, to, out _, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Is.EqualTo(expected));
        });
    }
}
