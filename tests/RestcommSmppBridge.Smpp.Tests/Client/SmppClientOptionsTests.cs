using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Tests.Client;

public sealed class SmppClientOptionsTests
{
    private static readonly SmppClientOptions s_valid = new() { Host = "smsc.example", SystemId = "bridge", Password = "s3cr3t!" };

    [Test]
    public void Validate_MinimalSettings_Passes()
    {
        Assert.That(s_valid.Validate, Throws.Nothing);
    }

    [Test]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new SmppClientOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.Port, Is.EqualTo(2775));
            Assert.That(options.InterfaceVersion, Is.EqualTo(0x34));
            Assert.That(options.Binds, Is.EqualTo(1));
            Assert.That(options.BindType, Is.EqualTo(BindType.Transceiver));
            Assert.That(options.Tps, Is.Zero);
            Assert.That(options.AlreadyBoundBackoff, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.MaxThrottleRetries, Is.EqualTo(10));
            Assert.That(options.ThrottleBackoff.Max, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.Reconnect.Max, Is.EqualTo(TimeSpan.FromSeconds(60)));
        });
    }

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return new TestCaseData(s_valid with { Host = "" }, "Host");
        yield return new TestCaseData(s_valid with { Port = 0 }, "Port");
        yield return new TestCaseData(s_valid with { SystemId = "" }, "SystemId");
        yield return new TestCaseData(s_valid with { SystemId = "sixteen-chars-id" }, "SystemId");
        yield return new TestCaseData(s_valid with { Password = "ninechars" }, "Password");
        yield return new TestCaseData(s_valid with { SystemType = "thirteen-long" }, "SystemType");
        yield return new TestCaseData(s_valid with { AddressRange = new string('1', 41) }, "AddressRange");
        yield return new TestCaseData(s_valid with { Binds = 0 }, "Binds");
        yield return new TestCaseData(s_valid with { Tps = -1 }, "Tps");
        yield return new TestCaseData(s_valid with { Tps = double.PositiveInfinity }, "Tps");
        yield return new TestCaseData(s_valid with { TpsBurst = -1 }, "TpsBurst");
        yield return new TestCaseData(s_valid with { MaxThrottleRetries = -1 }, "MaxThrottleRetries");
        yield return new TestCaseData(s_valid with { ConnectTimeout = TimeSpan.Zero }, "ConnectTimeout");
        yield return new TestCaseData(s_valid with { AlreadyBoundBackoff = TimeSpan.FromSeconds(-1) }, "AlreadyBoundBackoff");
        yield return new TestCaseData(s_valid with { Reconnect = new BackoffOptions { Max = TimeSpan.FromMilliseconds(1) } }, "Reconnect.Max");
        yield return new TestCaseData(s_valid with { ThrottleBackoff = new BackoffOptions { Multiplier = 0 } }, "ThrottleBackoff.Multiplier");
        yield return new TestCaseData(s_valid with { Session = new SmppSessionOptions { WindowSize = 0 } }, "Session");
    }

    [TestCaseSource(nameof(BadSettings))]
    public void Validate_BadSetting_MessageNamesIt(SmppClientOptions options, string setting)
    {
        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("SmppClientOptions." + setting));
    }

    [Test]
    public void Validate_PasswordTooLong_MessageDoesNotShowIt()
    {
        SmppClientOptions options = s_valid with { Password = "hunter2hunter2" };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Not.Contains("hunter2"));
    }

    [Test]
    public void ToString_RedactsPassword()
    {
        string text = s_valid.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("s3cr3t!"));
            Assert.That(text, Does.Contain("Password = ***"));
            Assert.That(text, Does.Contain("SystemId = bridge"));
        });
    }

    [Test]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.That(() => new SmppClient(s_valid with { Binds = 65 }), Throws.ArgumentException.With.Message.Contains("Binds"));
    }
}
