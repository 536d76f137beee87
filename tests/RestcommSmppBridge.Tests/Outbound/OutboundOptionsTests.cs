using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Outbound;

[TestFixture]
public sealed class OutboundOptionsTests
{
    [Test]
    public void Validate_Defaults_Succeeds()
    {
        ValidateOptionsResult result = new OutboundOptionsValidator().Validate(null, new OutboundOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("PollInterval", "00:00:00", "Bridge:Outbound:PollInterval must be between")]
    [TestCase("MaxConcurrency", "0", "Bridge:Outbound:MaxConcurrency must be between 1 and 4096 (got 0).")]
    [TestCase("MaxAttempts", "101", "Bridge:Outbound:MaxAttempts must be between 1 and 100 (got 101).")]
    [TestCase("RetryBackoffMin", "00:10:00", "Bridge:Outbound:RetryBackoffMax (00:05:00) must not be shorter than RetryBackoffMin (00:10:00).")]
    [TestCase("UnknownOutcome", "Maybe", "Bridge:Outbound:UnknownOutcome must be Resubmit or Fail (got 'Maybe').")]
    [TestCase("UnknownOutcome", "1", "Bridge:Outbound:UnknownOutcome must be Resubmit or Fail (got '1').")]
    [TestCase("PendingReceiptTtl", "00:00:00", "Bridge:Outbound:PendingReceiptTtl must be between")]
    public void Validate_BadValue_OneClearMessage(string key, string value, string expected)
    {
        OutboundOptions options = Bind((key, value));

        ValidateOptionsResult result = new OutboundOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Has.Exactly(1).StartsWith(expected));
    }

    [TestCase("fail", UnknownOutcomePolicy.Fail)]
    [TestCase("Resubmit", UnknownOutcomePolicy.Resubmit)]
    public void UnknownOutcomePolicy_AnyCase_Parsed(string value, UnknownOutcomePolicy expected)
    {
        Assert.That(Bind(("UnknownOutcome", value)).UnknownOutcomePolicy, Is.EqualTo(expected));
    }

    [Test]
    public async Task AddOutbound_WithStoreCarriersAndWebhooks_ResolvesEverything()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Storage:Path"] = "db/bridge.db",
        }).Build();
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment());
        services.AddSingleton<ICarrierInboundHandler, Carriers.CarrierTestKit.AcceptingInboundHandler>();
        services.AddStorage(configuration);
        services.AddCarriers(configuration);
        services.AddWebhooks(configuration);
        services.AddOutbound(configuration);
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IDeliveryReceiptSink>(), Is.TypeOf<ReceiptProcessor>());
            Assert.That(provider.GetRequiredService<IRcmlReplySender>(), Is.TypeOf<OutboxReplySender>());
            Assert.That(provider.GetRequiredService<IOutboxStore>(), Is.Not.Null);
            Assert.That(provider.GetServices<IHostedService>().OfType<OutboxDispatcher>().Count(), Is.EqualTo(1));
            Assert.That(provider.GetServices<IHostedService>().OfType<StatusCallbackNotifier>().Count(), Is.EqualTo(1));
        });
    }

    private static OutboundOptions Bind(params (string Key, string Value)[] values)
    {
        Dictionary<string, string?> settings = [];
        foreach ((string key, string value) in values)
        {
            settings["Bridge:Outbound:" + key] = value;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return configuration.GetSection(OutboundOptions.SectionName).Get<OutboundOptions>()!;
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
