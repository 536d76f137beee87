using RestcommSmppBridge.Hosting;
using Serilog;

// Composition root only (style.md): each feature folder registers itself.
RuntimeTuning.Apply();
try
{
    WebApplicationBuilder builder = WebApplication.CreateBuilder(BridgeConfiguration.CreateOptions(args));
    builder.AddConfigFiles(args);
    builder.AddDemo();
    builder.Host.UseSystemd();
    builder.WebHost.UseSockets(RuntimeTuning.ConfigureTransport);
    builder.Services.AddSerilog((services, configuration) => RequestLogScope.Apply(configuration
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services), builder.Configuration));
    builder.Services.AddStorage(builder.Configuration);
    builder.Services.AddRestcommApi(builder.Configuration);
    builder.Services.AddHttpSecurity(builder.Configuration);
    builder.Services.AddCarriers(builder.Configuration);
    builder.Services.AddWebhooks(builder.Configuration);
    builder.Services.AddRcml(builder.Configuration);
    builder.Services.AddInbound(builder.Configuration);
    builder.Services.AddOutbound(builder.Configuration);
    builder.Services.AddOperations(builder.Configuration);

    WebApplication app = builder.Build();
    await app.ValidateConfigurationAsync().ConfigureAwait(false);
    app.Use(IoThreadHandoff.InvokeAsync);
    app.UseRestcommApiNotFound();
    app.MapRestcommApi();
    app.MapBridgeHealth();
    app.MapBridgeMetrics();
    app.MapBridgeAdmin();
    app.MapDemo();
    app.StopSendsOnShutdown();
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (Exception ex) when (StartupErrors.TryReport(ex, Console.Error))
{
    return StartupErrors.ConfigurationExitCode;
}

/// <summary>Entry point type, visible to the integration tests' host factory.</summary>
public partial class Program
{
}
