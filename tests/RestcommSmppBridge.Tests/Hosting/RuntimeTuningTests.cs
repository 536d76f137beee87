using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>The daemon's own runtime setting yields to the operator's environment.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RuntimeTuningTests
{
    private string? _saved;

    [SetUp]
    public void Save() => _saved = Environment.GetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions);

    [TearDown]
    public void Restore() => Environment.SetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions, _saved);

    [Test]
    public void Apply_VariableUnset_TurnsInlineCompletionsOn()
    {
        Environment.SetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions, null);

        RuntimeTuning.Apply();

        Assert.That(Environment.GetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions), Is.EqualTo("1"));
    }

    [Test]
    public void Apply_OperatorTurnedItOff_LeavesTheirValue()
    {
        Environment.SetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions, "0");

        RuntimeTuning.Apply();

        Assert.That(Environment.GetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions), Is.EqualTo("0"));
    }

    [TestCase("1", true)]
    [TestCase("0", false)]
    [TestCase(null, false)]
    public void ConfigureTransport_FollowsTheInlineCompletionsSwitch(string? value, bool inline)
    {
        SocketTransportOptions options = new();

        RuntimeTuning.ConfigureTransport(options, value);

        Assert.That(options.UnsafePreferInlineScheduling, Is.EqualTo(inline));
    }
}
