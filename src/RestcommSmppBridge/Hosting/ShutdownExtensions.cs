using Microsoft.Extensions.Options;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Hosting;

/// <summary>The shutdown order of style.md R9, as far as the parts that exist take part in it.</summary>
internal static class ShutdownExtensions
{
    /// <summary>First step on SIGTERM: the API stops taking new sends (503) before anything else drains.</summary>
    public static WebApplication StopSendsOnShutdown(this WebApplication app)
    {
        ApiAdmission admission = app.Services.GetRequiredService<ApiAdmission>();
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ShutdownExtensions).FullName!);
        TimeSpan bound = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        // ApplicationStopping fires before any hosted service stops, so sends are refused before the carriers unbind
        // (CarrierSupervisor.StopAsync) and the store flushes (SqliteStorageService.StoppedAsync, last).
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            admission.StopAcceptingSends();
            HostingLog.ShuttingDown(logger, bound);
        });
        return app;
    }
}
