using System.Net;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Simulator;

/// <summary>The command line: parser, exit codes, a short real run.</summary>
[CancelAfter(20_000)]
public sealed class CommandLineTests
{
    [TestCase("--port", "70000")]
    [TestCase("--port")]
    [TestCase("--throttle", "1.5")]
    [TestCase("--duration", "0")]
    [TestCase("--duration", "100000")]
    [TestCase("--id-format", "base64")]
    [TestCase("--outcomes", "DELIVRD=x")]
    [TestCase("--outcomes", "ENROUTE=1")]
    [TestCase("--system-id", "test")]
    [TestCase("--password", "test")]
    [TestCase("--system-id", "a", "--password", "far-too-long")]
    [TestCase("--refuse-binds", "0")]
    [TestCase("--mo", "nocolons")]
    [TestCase("--host", "not-an-ip")]
    [TestCase("--bogus")]
    public void Parse_BadArguments_ErrorMessage(params string[] args)
    {
        CommandLineResult result = CommandLine.Parse(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.Settings, Is.Null);
            Assert.That(result.Error, Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public void Parse_FullCommandLine_MapsEveryOption()
    {
        CommandLineResult result = CommandLine.Parse(
        [
            "--host", "0.0.0.0", "--port", "2775", "--system-id", "test", "--password", "test", "--system-id", "b", "--password", "pw",
            "--max-binds", "2", "--id-format", "hex", "--id-width", "10", "--receipt-id-format", "decimal",
            "--receipt-delay", "1500", "--outcomes", "DELIVRD=90,UNDELIV=5,EXPIRED=5", "--enroute", "--receipt-before-resp",
            "--receipt-format", "tlv", "--throttle", "0.1", "--drop-after", "100", "--garbage-after", "200",
            "--response-delay", "20", "--refuse-binds", "0x0D", "--refuse-bind-count", "3", "--mo-rate", "5",
            "--mo", "447700900001:12345:hello: with colon", "--duration", "30", "--stats-interval", "2", "--seed", "9",
        ]);

        CommandLineSettings settings = result.Settings!;
        SimulatorOptions options = settings.Options;
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(options.EndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Any, 2775)));
            Assert.That(options.Credentials, Is.EquivalentTo(new Dictionary<string, string> { ["test"] = "test", ["b"] = "pw" }));
            Assert.That(options.MaxBindsPerSystemId, Is.EqualTo(2));
            Assert.That(options.MessageIds, Is.EqualTo(new MessageIdOptions { Style = MessageIdStyle.Hex, Width = 10 }));
            Assert.That(options.Receipts.IdFormat, Is.EqualTo(new MessageIdOptions { Style = MessageIdStyle.Decimal, Width = 10 }));
            Assert.That(options.Receipts.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
            Assert.That(options.Receipts.OutcomeWeights[MessageState.Undeliverable], Is.EqualTo(5));
            Assert.That(options.Receipts.IntermediateEnroute && options.Receipts.BeforeResponse, Is.True);
            Assert.That(options.Receipts.Format, Is.EqualTo(ReceiptFormat.Tlv));
            Assert.That(options.Faults.ThrottleFraction, Is.EqualTo(0.1));
            Assert.That(options.Faults.DropAfterPdus, Is.EqualTo(100));
            Assert.That(options.Faults.GarbageAfterPdus, Is.EqualTo(200));
            Assert.That(options.Faults.ResponseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(20)));
            Assert.That(options.Faults.RefuseBinds, Is.EqualTo(CommandStatus.BindFailed));
            Assert.That(options.Faults.RefuseBindCount, Is.EqualTo(3));
            Assert.That(options.MoGenerator.Rate, Is.EqualTo(5));
            Assert.That(options.RandomSeed, Is.EqualTo(9));
            Assert.That(settings.Mos, Is.EqualTo(new[] { new MoSpec("447700900001", "12345", "hello: with colon") }));
            Assert.That(settings.Duration, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(settings.StatsInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public void Parse_NoArguments_DefaultsWithBoundedDuration()
    {
        CommandLineSettings settings = CommandLine.Parse([]).Settings!;

        Assert.Multiple(() =>
        {
            Assert.That(settings.Duration, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(settings.Options.EndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 2775)));
            Assert.That(settings.Options.Credentials, Is.Null);
        });
    }

    [Test]
    public async Task RunAsync_BadArguments_Exit2WithUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await Program.RunAsync(["--throttle", "abc"], output, error, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain("--throttle: 'abc'").And.Contain("Usage:"));
            Assert.That(error.ToString(), Does.Not.Contain("   at "), "no stack trace");
            Assert.That(output.ToString(), Is.Empty);
        });
    }

    [Test]
    public async Task RunAsync_Help_Exit0WithUsage()
    {
        using var output = new StringWriter();

        int exit = await Program.RunAsync(["--help"], output, TextWriter.Null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(output.ToString(), Does.Contain("--duration"));
        });
    }

    [Test]
    public async Task RunAsync_DurationOneSecond_StopsByItselfWithExit0()
    {
        using var output = new StringWriter();

        int exit = await Program.RunAsync(["--port", "0", "--duration", "1", "--stats-interval", "0.5", "--mo-rate", "2"],
            output, TextWriter.Null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(output.ToString(), Does.Contain("listening on 127.0.0.1:").And.Contain("final: binds ok=0"));
        });
    }

    [Test]
    public async Task RunAsync_PortInUse_Exit1WithMessage()
    {
        await using var occupant = new SmscSimulator();
        occupant.Start();
        using var error = new StringWriter();

        int exit = await Program.RunAsync(["--port", occupant.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1"],
            TextWriter.Null, error, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("error: cannot listen"));
        });
    }
}
