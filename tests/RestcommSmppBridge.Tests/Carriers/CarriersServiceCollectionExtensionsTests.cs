using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Hosting;
using RestcommSmppBridge.Tests.Storage;

namespace RestcommSmppBridge.Tests.Carriers;

[TestFixture]
[CancelAfter(20_000)]
public sealed class CarriersServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddCarriers_BadCarrier_HostRefusesToStartWithClearLines()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["Bridge:Carriers:0:Name"] = "alpha",
            ["Bridge:Carriers:0:Host"] = "127.0.0.1",
            ["Bridge:Carriers:0:SystemId"] = "sixteen-chars-id",
            ["Bridge:Carriers:0:Port"] = "0",
        });

        OptionsValidationException? error = null;
        try
        {
            await host.StartAsync(TestContext.CurrentContext.CancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            error = ex;
        }

        var report = new StringWriter();
        Assert.That(error, Is.Not.Null);
        Assert.That(StartupErrors.TryReport(error!, report), Is.True);
        Assert.That(report.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "configuration error: Bridge:Carriers:0:Port must be between 1 and 65535 (got 0).",
            "configuration error: Bridge:Carriers:0:SystemId is 16 characters long; SMPP allows at most 15 (SMPP 3.4 §4.1.1).",
            "configuration error: Bridge:Carriers:0:Password is missing; set it in the environment as Bridge__Carriers__0__Password (never in appsettings.json).",
        }));
    }

    [Test]
    public async Task AddCarriers_ValidConfiguration_RegistersSupervisorRegistryRouterAndHostedService()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["Bridge:Carriers:0:Name"] = "alpha",
            ["Bridge:Carriers:0:Host"] = "127.0.0.1",
            ["Bridge:Carriers:0:Port"] = CarrierSupervisorTests.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge:Carriers:0:SystemId"] = "alpha",
            ["Bridge:Carriers:0:Password"] = "pw",
            ["Bridge:Carriers:0:Routes:0:Prefix"] = "+44",
        });

        await host.StartAsync(TestContext.CurrentContext.CancellationToken);
        CarrierSupervisor supervisor = host.Services.GetRequiredService<CarrierSupervisor>();
        ICarrierRegistry registry = host.Services.GetRequiredService<ICarrierRegistry>();
        ICarrierRouter router = host.Services.GetRequiredService<ICarrierRouter>();
        IEnumerable<IHostedService> hosted = host.Services.GetServices<IHostedService>();

        Assert.Multiple(() =>
        {
            Assert.That(registry, Is.SameAs(supervisor));
            Assert.That(hosted, Has.One.SameAs(supervisor));
            Assert.That(registry.Find("ALPHA")?.Routes, Is.EqualTo(new[] { new CarrierRoutePrefix("44", 100) }));
            Assert.That(router.Route("+447700900123").Select(r => r.Carrier.Name), Is.EqualTo(new[] { "alpha" }));
            Assert.That(registry.GetStates().Single().Status, Is.EqualTo(CarrierStatus.Down), "started, still connecting");
        });
        await host.StopAsync(TestContext.CurrentContext.CancellationToken);
        Assert.That(registry.GetStates().Single().Status, Is.EqualTo(CarrierStatus.Stopped));
    }

    [Test]
    public async Task AddCarriers_WithStorage_SupervisorStoresThePauseAndTheNextHostStartsPaused()
    {
        CancellationToken token = TestContext.CurrentContext.CancellationToken;
        string folder = TestStore.NewFolder();
        Dictionary<string, string?> settings = new()
        {
            ["Bridge:Storage:Path"] = "bridge.db",
            ["Bridge:Carriers:0:Name"] = "alpha",
            ["Bridge:Carriers:0:Host"] = "127.0.0.1",
            ["Bridge:Carriers:0:Port"] = CarrierSupervisorTests.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge:Carriers:0:SystemId"] = "alpha",
            ["Bridge:Carriers:0:Password"] = "pw",
        };
        try
        {
            CarrierPauseOutcome outcome;
            using (IHost first = BuildHost(settings, folder))
            {
                await first.StartAsync(token);
                outcome = await first.Services.GetRequiredService<CarrierSupervisor>().SetPausedAsync("alpha", paused: true, token);
                await first.StopAsync(token);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using IHost second = BuildHost(settings, folder);
            await second.StartAsync(token);
            bool paused = second.Services.GetRequiredService<CarrierSupervisor>().IsPaused("alpha");
            await second.StopAsync(token);

            Assert.Multiple(() =>
            {
                Assert.That(outcome, Is.EqualTo(CarrierPauseOutcome.Applied), "the store registered by AddStorage reaches the supervisor");
                Assert.That(paused, Is.True);
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AddCarriers_WithoutInboundHandler_SupervisorCannotBeResolved()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCarriers(new ConfigurationBuilder().Build());
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<CarrierSupervisor>(),
            Throws.InvalidOperationException.With.Message.Contain(nameof(ICarrierInboundHandler)));
    }

    /// <summary>The carriers as Program.cs registers them; with the store too when <paramref name="storeFolder"/> is given (its content root).</summary>
    private static IHost BuildHost(Dictionary<string, string?> settings, string? storeFolder = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = storeFolder });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (storeFolder is not null)
        {
            builder.Services.AddStorage(builder.Configuration);
        }

        builder.Services.AddSingleton<ICarrierInboundHandler, CarrierTestKit.AcceptingInboundHandler>();
        builder.Services.AddCarriers(builder.Configuration);
        return builder.Build();
    }
}
