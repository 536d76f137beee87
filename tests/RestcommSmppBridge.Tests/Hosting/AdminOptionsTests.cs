using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary><c>Bridge:Operations:AdminToken</c>: validated at start without ever echoing it, compared as a bearer token.</summary>
[TestFixture]
public sealed class AdminOptionsTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("0123456789abcdef")]
    [TestCase("a-much-longer-token-from-openssl-rand-hex-32")]
    public void Validate_UnsetOrLongEnough_Succeeds(string? token)
    {
        ValidateOptionsResult result = new AdminOptionsValidator().Validate(null, new AdminOptions { AdminToken = token });

        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("short-secret", "is 12 characters long; use at least 16")]
    [TestCase("0123456789 abcdef", "contains whitespace or a control character")]
    [TestCase("0123456789abcdef\n", "contains whitespace or a control character")]
    public void Validate_BadToken_OneLineNamingTheKeyNotTheValue(string token, string expected)
    {
        ValidateOptionsResult result = new AdminOptionsValidator().Validate(null, new AdminOptions { AdminToken = token });

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Exactly(1).Contains("Bridge:Operations:AdminToken").And.Contains(expected));
            Assert.That(result.FailureMessage, Does.Not.Contain(token.Trim()), "the secret is never echoed");
        });
    }

    [Test]
    public void AddOperations_ShortToken_FailsAtStartLikeEveryConfigurationError()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Bridge:Operations:AdminToken"] = "tiny" })
            .Build();
        ServiceCollection services = new();
        services.AddLogging();
        services.AddOperations(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException? error = Assert.Throws<OptionsValidationException>(() =>
            _ = provider.GetRequiredService<IOptions<AdminOptions>>().Value);
        using StringWriter stderr = new();

        Assert.Multiple(() =>
        {
            Assert.That(StartupErrors.TryReport(error!, stderr), Is.True);
            Assert.That(stderr.ToString(), Does.StartWith("configuration error: Bridge:Operations:AdminToken is 4 characters long"));
            Assert.That(stderr.ToString(), Does.Not.Contain("tiny"));
        });
    }

    [TestCase("Bearer 0123456789abcdef-token", true)]
    [TestCase("bearer 0123456789abcdef-token", true)]
    [TestCase("Bearer  0123456789abcdef-token ", true)]
    [TestCase("Bearer 0123456789abcdef-toke", false)]
    [TestCase("Bearer 0123456789abcdef-tokenX", false)]
    [TestCase("Basic 0123456789abcdef-token", false)]
    [TestCase("0123456789abcdef-token", false)]
    [TestCase("", false)]
    public void IsAuthorized_Header_OnlyTheBearerToken(string header, bool expected)
    {
        AdminEndpoints.AdminGate gate = new("0123456789abcdef-token", allowRemote: false, NullLogger.Instance);

        Assert.That(gate.IsAuthorized(header), Is.EqualTo(expected));
    }

    [Test]
    public void AddressInUseLine_KestrelMessage_NamesTheAddress()
    {
        IOException exception = new("Failed to bind to address http://127.0.0.1:8080: address already in use.",
            new Microsoft.AspNetCore.Connections.AddressInUseException("Address already in use"));
        using StringWriter stderr = new();

        bool reported = StartupErrors.TryReport(exception, stderr);

        Assert.Multiple(() =>
        {
            Assert.That(reported, Is.True);
            Assert.That(stderr.ToString(), Does.StartWith("Cannot listen on http://127.0.0.1:8080: address already in use"));
            Assert.That(stderr.ToString().TrimEnd(), Does.Not.Contain("\n"), "one line");
            Assert.That(StartupErrors.TryReport(new IOException("disk full"), TextWriter.Null), Is.False, "other I/O errors are not ours to hide");
        });
    }
}
