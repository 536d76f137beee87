using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Test]
    public void Defaults_AreValidAndMatchRestcommsResponseTimeout()
    {
        WebhookOptions defaults = new();

        Assert.That(new WebhookOptionsValidator().Validate(null, defaults).Succeeded, Is.True);
        Assert.That(defaults.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(defaults.TotalTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(defaults.MaxAttempts, Is.EqualTo(3));
        Assert.That(defaults.MaxResponseBytes, Is.EqualTo(65536));
    }

    [Test]
    public void Validate_EveryMistake_OneMessageEach()
    {
        WebhookOptions options = new()
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(5),
            TotalTimeout = TimeSpan.FromHours(2),
            MaxAttempts = 0,
            BackoffInitial = TimeSpan.FromMinutes(2),
            BackoffMax = TimeSpan.FromMinutes(20),
            MaxResponseBytes = 100,
            MaxRedirects = -1,
        };

        ValidateOptionsResult result = new WebhookOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "Bridge:Webhooks:AttemptTimeout must be between 00:00:00.020 and 00:05:00 (got 00:00:00.0050000).",
            "Bridge:Webhooks:TotalTimeout must be between 00:00:00.020 and 01:00:00 (got 02:00:00).",
            "Bridge:Webhooks:MaxAttempts must be between 1 and 10 (got 0).",
            "Bridge:Webhooks:BackoffInitial must be between 00:00:00 and 00:01:00 (got 00:02:00).",
            "Bridge:Webhooks:BackoffMax must be at most 00:10:00 (got 00:20:00).",
            "Bridge:Webhooks:MaxResponseBytes must be between 1024 and 16777216 (got 100).",
            "Bridge:Webhooks:MaxRedirects must be between 0 and 20 (got -1).",
        }));
    }

    [Test]
    public void Validate_AttemptLongerThanTotal_Refused()
    {
        ValidateOptionsResult result = new WebhookOptionsValidator().Validate(null,
            new WebhookOptions { AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(5) });

        Assert.That(result.Failures, Is.EqualTo(new[] { "Bridge:Webhooks:AttemptTimeout (00:00:10) must not be longer than TotalTimeout (00:00:05)." }));
    }

    [Test]
    public void Validate_BackoffMaxBelowInitial_Refused()
    {
        ValidateOptionsResult result = new WebhookOptionsValidator().Validate(null,
            new WebhookOptions { BackoffInitial = TimeSpan.FromSeconds(5), BackoffMax = TimeSpan.FromSeconds(1) });

        Assert.That(result.Failures, Is.EqualTo(new[] { "Bridge:Webhooks:BackoffMax (00:00:01) must not be shorter than BackoffInitial (00:00:05)." }));
    }

    [Test]
    public void AddWebhooks_BindsTheSectionAndResolvesTheClient()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Webhooks:AttemptTimeout"] = "00:00:02",
            ["Bridge:Webhooks:MaxAttempts"] = "5",
        }).Build();
        ServiceCollection services = new();
        services.AddLogging();
        services.AddWebhooks(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        WebhookOptions options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(options.MaxAttempts, Is.EqualTo(5));
        Assert.That(provider.GetRequiredService<WebhookClient>(), Is.Not.Null);
    }

    [Test]
    public void AddWebhooks_BadValue_FailsValidationWithItsMessage()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Webhooks:MaxAttempts"] = "0",
        }).Build();
        ServiceCollection services = new();
        services.AddWebhooks(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException? error = Assert.Throws<OptionsValidationException>(
            () => _ = provider.GetRequiredService<IOptions<WebhookOptions>>().Value);

        Assert.That(error!.Failures, Is.EqualTo(new[] { "Bridge:Webhooks:MaxAttempts must be between 1 and 10 (got 0)." }));
    }

    [Test]
    public void RetryAfterDelay_SecondsOrDate()
    {
        FakeTimeProvider time = new(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.That(WebhookClient.RetryAfterDelay(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), time.GetUtcNow()), Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(WebhookClient.RetryAfterDelay(new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(90)), time.GetUtcNow()), Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(WebhookClient.RetryAfterDelay(new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(-5)), time.GetUtcNow()), Is.EqualTo(TimeSpan.Zero));
        Assert.That(WebhookClient.RetryAfterDelay(null, time.GetUtcNow()), Is.Null);
    }
}
