using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Rcml;

namespace RestcommSmppBridge.Tests.Rcml;

[TestFixture]
[CancelAfter(30_000)]
public sealed class RcmlOptionsTests
{
    [Test]
    public void Validate_Defaults_Succeed()
    {
        ValidateOptionsResult result = new RcmlOptionsValidator().Validate(null, new RcmlOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("MaxDocumentCharacters", "100", "MaxDocumentCharacters must be between 1024 and 1048576 (it is 100)")]
    [TestCase("MaxDocumentCharacters", "2000000", "MaxDocumentCharacters must be between")]
    [TestCase("MaxFetchesPerMessage", "0", "MaxFetchesPerMessage must be between 1 and 100 (it is 0)")]
    [TestCase("MaxFetchesPerMessage", "101", "MaxFetchesPerMessage must be between")]
    public void AddRcml_BadSetting_FailsWithOneClearMessage(string key, string value, string expected)
    {
        using ServiceProvider provider = BuildProvider(new Dictionary<string, string?> { [$"Bridge:Rcml:{key}"] = value });

        Assert.That(() => provider.GetRequiredService<IOptions<RcmlOptions>>().Value,
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contain($"Bridge:Rcml:{key}").And.Message.Contain(expected));
    }

    [Test]
    public void AddRcml_WithBothSeams_ResolvesTheInterpreterWithConfiguredLimits()
    {
        using ServiceProvider provider = BuildProvider(new Dictionary<string, string?> { ["Bridge:Rcml:MaxFetchesPerMessage"] = "4" });

        Assert.That(provider.GetRequiredService<RcmlInterpreter>(), Is.Not.Null);
        Assert.That(provider.GetRequiredService<IOptions<RcmlOptions>>().Value.MaxFetchesPerMessage, Is.EqualTo(4));
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        ServiceCollection services = new();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IRcmlFetcher, FakeRcmlFetcher>();
        services.AddSingleton<IRcmlReplySender, FakeRcmlReplySender>();
        services.AddRcml(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
