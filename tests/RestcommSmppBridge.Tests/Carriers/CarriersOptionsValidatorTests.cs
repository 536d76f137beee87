using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;

namespace RestcommSmppBridge.Tests.Carriers;

[TestFixture]
[CancelAfter(10_000)]
public sealed class CarriersOptionsValidatorTests
{
    /// <summary>A complete, valid carrier at Bridge:Carriers:0 (and, for cross-carrier rules, one at :1).</summary>
    private static Dictionary<string, string?> ValidCarriers() => new()
    {
        ["Bridge:Carriers:0:Name"] = "alpha",
        ["Bridge:Carriers:0:Host"] = "smsc.example.net",
        ["Bridge:Carriers:0:SystemId"] = "bridge",
        ["Bridge:Carriers:0:Password"] = "secret",
        ["Bridge:Carriers:0:Routes:0:Prefix"] = "+44",
        ["Bridge:Carriers:0:Routes:0:Preference"] = "1",
        ["Bridge:Carriers:0:Routes:1:Prefix"] = "",
        ["Bridge:Carriers:1:Name"] = "beta",
        ["Bridge:Carriers:1:Host"] = "10.0.0.7",
        ["Bridge:Carriers:1:SystemId"] = "bridge2",
        ["Bridge:Carriers:1:Password"] = "pw",
        ["Bridge:Carriers:1:BindType"] = "receiver",
    };

    [Test]
    public void Validate_CompleteCarriers_Succeeds()
    {
        ValidateOptionsResult result = Validate(ValidCarriers());

        Assert.That(result.Failures, Is.Null.Or.Empty);
    }

    [Test]
    public void Validate_NoCarriers_Succeeds()
    {
        ValidateOptionsResult result = Validate([]);

        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("Name", null, "Bridge:Carriers:0:Name is missing")]
    [TestCase("Name", "has space", "Bridge:Carriers:0:Name 'has space' must be 1 to 32 letters")]
    [TestCase("Name", "BETA", "Bridge:Carriers:1:Name 'beta' is already used by Bridge:Carriers:0; carrier names must be unique")]
    [TestCase("Host", null, "Bridge:Carriers:0:Host is missing")]
    [TestCase("Host", "smsc example", "Bridge:Carriers:0:Host 'smsc example' is not a host name or IP address")]
    [TestCase("Port", "0", "Bridge:Carriers:0:Port must be between 1 and 65535 (got 0)")]
    [TestCase("Port", "70000", "Bridge:Carriers:0:Port must be between 1 and 65535 (got 70000)")]
    [TestCase("SystemId", null, "Bridge:Carriers:0:SystemId is missing")]
    [TestCase("SystemId", "abcdefghijklmnop", "Bridge:Carriers:0:SystemId is 16 characters long; SMPP allows at most 15")]
    [TestCase("Password", null, "Bridge:Carriers:0:Password is missing; set it in the environment as Bridge__Carriers__0__Password")]
    [TestCase("Password", "123456789", "Bridge:Carriers:0:Password is 9 characters long; SMPP allows at most 8")]
    [TestCase("SystemType", "thirteenchars", "Bridge:Carriers:0:SystemType is 13 characters long; SMPP allows at most 12")]
    [TestCase("BindType", "Duplex", "Bridge:Carriers:0:BindType 'Duplex' is not one of Transmitter, Receiver, Transceiver")]
    [TestCase("Binds", "0", "Bridge:Carriers:0:Binds must be between 1 and 64 (got 0)")]
    [TestCase("WindowSize", "0", "Bridge:Carriers:0:WindowSize must be between 1 and 100000 (got 0)")]
    [TestCase("Tps", "-1", "Bridge:Carriers:0:Tps must be 0 (unlimited) or a positive number")]
    [TestCase("EnquireLinkInterval", "-00:00:01", "Bridge:Carriers:0:EnquireLinkInterval must be between")]
    [TestCase("ResponseTimeout", "00:00:00", "Bridge:Carriers:0:ResponseTimeout must be between")]
    [TestCase("LateResponseWindow", "-00:00:01", "Bridge:Carriers:0:LateResponseWindow must be between 00:00:00 (off) and 00:10:00 (got -00:00:01)")]
    [TestCase("LateResponseWindow", "00:10:01", "Bridge:Carriers:0:LateResponseWindow must be between 00:00:00 (off) and 00:10:00 (got 00:10:01)")]
    [TestCase("LateResponseWindow", "00:00:00", null)]
    [TestCase("LateResponseWindow", "00:01:00", null)]
    [TestCase("ConnectTimeout", "01:00:00", "Bridge:Carriers:0:ConnectTimeout must be between")]
    [TestCase("ReconnectMaxDelay", "00:00:00.5", "Bridge:Carriers:0:ReconnectMaxDelay (00:00:00.5000000) must not be shorter than ReconnectMinDelay")]
    [TestCase("ThrottleMinPause", "00:00:00", "Bridge:Carriers:0:ThrottleMinPause must be between 00:00:00.001 and 00:10:00 (got 00:00:00)")]
    [TestCase("ThrottleMaxPause", "00:10:01", "Bridge:Carriers:0:ThrottleMaxPause must be between 00:00:00.001 and 00:10:00 (got 00:10:01)")]
    [TestCase("ThrottleMaxPause", "00:00:00.5", "Bridge:Carriers:0:ThrottleMaxPause (00:00:00.5000000) must not be shorter than ThrottleMinPause (00:00:01)")]
    [TestCase("ThrottleMaxPause", "00:00:01", null)]
    [TestCase("MaxThrottleRetries", "-1", "Bridge:Carriers:0:MaxThrottleRetries must be between 0 and 1000")]
    [TestCase("SourceTon", "7", "Bridge:Carriers:0:SourceTon '7' must be 'auto' or a TON between 0 and 6")]
    [TestCase("SourceNpi", "international", "Bridge:Carriers:0:SourceNpi 'international' must be 'auto' or an NPI among")]
    [TestCase("DestTon", "-1", "Bridge:Carriers:0:DestTon '-1' must be 'auto'")]
    [TestCase("DestNpi", "2", "Bridge:Carriers:0:DestNpi '2' must be 'auto' or an NPI among 0, 1, 3, 4, 6, 8, 9, 10, 14, 18")]
    [TestCase("ShortCodeMaxDigits", "9", "Bridge:Carriers:0:ShortCodeMaxDigits must be between 0 (no short codes) and 8")]
    [TestCase("ShortCodeTon", "9", "Bridge:Carriers:0:ShortCodeTon must be a TON between 0 and 6")]
    [TestCase("ShortCodeNpi", "5", "Bridge:Carriers:0:ShortCodeNpi must be one of")]
    [TestCase("DataCodingZeroCharset", "Utf8", "Bridge:Carriers:0:DataCodingZeroCharset 'Utf8' is not one of Gsm7, Gsm7Packed, Latin1, Ascii")]
    [TestCase("LongMessageMode", "Udh", "Bridge:Carriers:0:LongMessageMode 'Udh' is not one of UdhConcat8, UdhConcat16, Sar, MessagePayload")]
    [TestCase("MessageIdFormat", "Hex", "Bridge:Carriers:0:MessageIdFormat 'Hex' is not one of CaseInsensitive, Decimal, Hexadecimal")]
    [TestCase("ReceiptTextIdFormat", "Octal", "Bridge:Carriers:0:ReceiptTextIdFormat 'Octal' is not one of")]
    [TestCase("ReceiptedMessageIdFormat", "x", "Bridge:Carriers:0:ReceiptedMessageIdFormat 'x' is not one of")]
    [TestCase("RegisteredDelivery", "32", "Bridge:Carriers:0:RegisteredDelivery must be between 0 and 31")]
    [TestCase("Routes:0:Prefix", "44-77", "Bridge:Carriers:0:Routes:0:Prefix '44-77' must be digits with an optional leading '+'")]
    [TestCase("Routes:0:Prefix", "123456789012345678901", "Bridge:Carriers:0:Routes:0:Prefix '123456789012345678901' must be digits")]
    [TestCase("Routes:1:Prefix", "44", "Bridge:Carriers:0:Routes:1:Prefix 44 repeats Bridge:Carriers:0:Routes:0")]
    [TestCase("Routes:0:Preference", "-5", "Bridge:Carriers:0:Routes:0:Preference must be between 0 and 65535 (got -5)")]
    [TestCase("BindType", "Receiver", "Bridge:Carriers:0:Routes is set but BindType is Receiver: a receiver bind cannot send")]
    [TestCase("InboundTemporaryErrorStatus", "0x14", null)]
    [TestCase("InboundTemporaryErrorStatus", "100", null)]
    [TestCase("InboundTemporaryErrorStatus", "0", "Bridge:Carriers:0:InboundTemporaryErrorStatus must be 0x64, 0x14, 0x58 or 0x08 (it is '0'); leave it empty to use Bridge:Inbound:TemporaryErrorStatus")]
    [TestCase("InboundTemporaryErrorStatus", "0x0B", "Bridge:Carriers:0:InboundTemporaryErrorStatus must be 0x64, 0x14, 0x58 or 0x08 (it is '0x0B')")]
    [TestCase("InboundTemporaryErrorStatus", "busy", "Bridge:Carriers:0:InboundTemporaryErrorStatus must be 0x64, 0x14, 0x58 or 0x08 (it is 'busy')")]
    [TestCase("InboundUnknownNumberStatus", "0", null)]
    [TestCase("InboundUnknownNumberStatus", "0x64", null)]
    [TestCase("InboundUnknownNumberStatus", "0x100", "Bridge:Carriers:0:InboundUnknownNumberStatus must be a command_status such as 0x0B, 0x64 or 0 (it is '0x100'); leave it empty to use Bridge:Inbound:UnknownNumberStatus")]
    [TestCase("InboundUnknownNumberStatus", "-1", "Bridge:Carriers:0:InboundUnknownNumberStatus must be a command_status such as 0x0B, 0x64 or 0 (it is '-1')")]
    [TestCase("InboundAddressFormat", "asreceived", null)]
    [TestCase("InboundAddressFormat", "E.164", "Bridge:Carriers:0:InboundAddressFormat 'E.164' is not one of E164, AsReceived")]
    [TestCase("Tls:Enabled", "true", null)]
    [TestCase("AddressRange", "^44[0-9]+$", null)]
    [TestCase("AddressRange", "1234567890123456789012345678901234567890", null)]
    [TestCase("AddressRange", "12345678901234567890123456789012345678901", "Bridge:Carriers:0:AddressRange is 41 characters long; SMPP allows at most 40 (SMPP 3.4 §4.1.1).")]
    [TestCase("AddressRange", "caf\u00e9", "Bridge:Carriers:0:AddressRange must be printable ASCII")]
    [TestCase("AddressRangeTon", "1", null)]
    [TestCase("AddressRangeTon", "7", "Bridge:Carriers:0:AddressRangeTon '7' must be a TON between 0 and 6 (SMPP 3.4 §5.2.5); empty means 0 (unknown).")]
    [TestCase("AddressRangeTon", "auto", "Bridge:Carriers:0:AddressRangeTon 'auto' must be a TON between 0 and 6")]
    [TestCase("AddressRangeNpi", "1", null)]
    [TestCase("AddressRangeNpi", "2", "Bridge:Carriers:0:AddressRangeNpi '2' must be an NPI among 0, 1, 3, 4, 6, 8, 9, 10, 14, 18 (SMPP 3.4 §5.2.6); empty means 0 (unknown).")]
    [TestCase("Tls:ClientCertificatePath", "/etc/bridge/client.pem", "Bridge:Carriers:0:Tls:ClientCertificatePath is set but Bridge:Carriers:0:Tls:Enabled is false; a client certificate is only sent over TLS.")]
    [TestCase("Tls:ClientCertificateKeyPath", "/etc/bridge/client.key", "Bridge:Carriers:0:Tls:ClientCertificateKeyPath is set without Bridge:Carriers:0:Tls:ClientCertificatePath")]
    [TestCase("Tls:ClientCertificatePassword", "pw", "Bridge:Carriers:0:Tls:ClientCertificatePassword is set without Bridge:Carriers:0:Tls:ClientCertificatePath")]
    [TestCase("Tls:ClientCertifcatePath", "/x", "Bridge:Carriers:0:Tls:ClientCertifcatePath is not a TLS setting (misspelt?)")]
    [TestCase("SytemId", "oops", "Bridge:Carriers:0:SytemId is not a carrier setting (misspelt?)")]
    [TestCase("Tls:Pinned", "AB", "Bridge:Carriers:0:Tls:Pinned is not a TLS setting (misspelt?)")]
    [TestCase("Routes:0:Prefx", "1", "Bridge:Carriers:0:Routes:0:Prefx is not a route setting (misspelt?)")]
    public void Validate_OneMistake_OneClearMessage(string key, string? value, string? expected)
    {
        Dictionary<string, string?> settings = ValidCarriers();
        settings[$"Bridge:Carriers:0:{key}"] = value;

        ValidateOptionsResult result = Validate(settings);

        if (expected is null)
        {
            Assert.That(result.Succeeded, Is.True, string.Join(" | ", result.Failures ?? []));
            return;
        }

        Assert.That(result.Failures?.ToArray(), Has.Length.EqualTo(1).And.One.StartsWith(expected));
    }

    [Test]
    public void Validate_DisabledCarrierWithoutPassword_Succeeds()
    {
        Dictionary<string, string?> settings = ValidCarriers();
        settings["Bridge:Carriers:0:Password"] = null;
        settings["Bridge:Carriers:0:Enabled"] = "false";

        ValidateOptionsResult result = Validate(settings);

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Validate_BadThumbprint_NamesTheEntry()
    {
        Dictionary<string, string?> settings = ValidCarriers();
        settings["Bridge:Carriers:0:Tls:Enabled"] = "true";
        settings["Bridge:Carriers:0:Tls:PinnedThumbprints:0"] = "AB:CD";

        ValidateOptionsResult result = Validate(settings);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "Bridge:Carriers:0:Tls:PinnedThumbprints:0 is not a SHA-1 thumbprint (40 hex digits, colons allowed).",
        }));
    }

    [Test]
    public void Validate_PasswordTooLong_NeverEchoesIt()
    {
        Dictionary<string, string?> settings = ValidCarriers();
        settings["Bridge:Carriers:0:Password"] = "hunter2hunter2";

        ValidateOptionsResult result = Validate(settings);

        Assert.That(result.FailureMessage, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void Validate_PasswordInAppsettingsFile_AsksForTheEnvironment()
    {
        string folder = Path.Combine(Path.GetTempPath(), "carriers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "appsettings.json");
            File.WriteAllText(file, """
                { "Bridge": { "Carriers": [ { "Name": "alpha", "Host": "smsc", "SystemId": "id", "Password": "inside" } ] } }
                """);
            IConfigurationRoot configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

            ValidateOptionsResult result = Validate(configuration);

            Assert.That(result.Failures, Is.EqualTo(new[]
            {
                "Bridge:Carriers:0:Password is written in appsettings.json; remove it there and set it in the environment as Bridge__Carriers__0__Password.",
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Validate_SeveralMistakes_OneMessageEach()
    {
        Dictionary<string, string?> settings = ValidCarriers();
        settings["Bridge:Carriers:0:Host"] = null;
        settings["Bridge:Carriers:0:Port"] = "0";
        settings["Bridge:Carriers:1:SystemId"] = null;

        ValidateOptionsResult result = Validate(settings);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "Bridge:Carriers:0:Host is missing; set the SMSC host name or IP address.",
            "Bridge:Carriers:0:Port must be between 1 and 65535 (got 0).",
            "Bridge:Carriers:1:SystemId is missing; set the system_id the carrier gave you.",
        }));
    }

    private static ValidateOptionsResult Validate(Dictionary<string, string?> settings) =>
        Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static ValidateOptionsResult Validate(IConfigurationRoot configuration)
    {
        var options = new CarriersOptions();
        configuration.GetSection(CarriersOptions.SectionName).Bind(options);
        return new CarriersOptionsValidator(configuration, TimeProvider.System).Validate(null, options);
    }
}
