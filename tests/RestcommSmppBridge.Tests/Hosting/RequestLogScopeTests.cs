using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Hosting;
using Serilog;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// <see cref="ApiOptions.RequestLogScope"/>: off by default, so ASP.NET Core starts no per-request log scope and no
/// Activity; on, it does as usual. Checked on a real Kestrel with Serilog configured as the daemon configures it.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class RequestLogScopeTests
{
    [TestCase(false, "no activity", false)]
    [TestCase(true, "activity", true)]
    public async Task Request_WithTheSetting_ActivityAndScopeOnlyWhenAsked(bool setting, string expected, bool hostingLoggerEnabled)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration[ApiOptions.SectionName + ":" + nameof(ApiOptions.RequestLogScope)] = setting ? "true" : "false";
        builder.Services.AddSerilog((services, configuration) => RequestLogScope.Apply(configuration.MinimumLevel.Warning(), builder.Configuration));
        await using WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapGet("/probe", () => Activity.Current is null ? "no activity" : "activity");
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using HttpClient client = new() { BaseAddress = new Uri(address) };
        string answer = await client.GetStringAsync("/probe");
        bool enabled = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLogScope.HostingDiagnosticsCategory)
            .IsEnabled(LogLevel.Critical);
        bool kestrelWarnings = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel")
            .IsEnabled(LogLevel.Warning);
        await app.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo(expected));
            Assert.That(enabled, Is.EqualTo(hostingLoggerEnabled), "ASP.NET Core starts the scope and the Activity while this is enabled");
            Assert.That(kestrelWarnings, Is.True, "every other logger keeps its level");
        });
    }
}
