using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Hosting;

/// <summary>The shutdown order of style.md R9, as far as the parts that exist take part in it.</summary>
internal static class ShutdownExtensions
{
    /// <summary>First step on SIGTERM: the API stops taking new sends (503) before anything else drains.</summary>
    public static WebApplication StopSendsOnShutdown(this WebApplication app)
    {
        ApiAdmission admission = app.Services.GetRequiredService<ApiAdmission>();
        app.Lifetime.ApplicationStopping.Register(admission.StopAcceptingSends);
        return app;
    }
}
