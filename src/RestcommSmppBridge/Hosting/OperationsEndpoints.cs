using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// <c>GET /health/live</c>, <c>GET /health/ready</c> and <c>GET /metrics</c>: unauthenticated (probes and Prometheus
/// carry no account), loopback-only unless <c>AllowRemote</c> is set for them.
/// </summary>
public static class OperationsEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Maps the health probes. Live: 200 while the process serves HTTP. Ready: 200 once the store is migrated and the
    /// host has started (the same moment systemd gets READY=1), until shutdown begins, except for
    /// <see cref="StoreFailureHold"/> after a write the store could not commit (until one commits) or a read that failed
    /// for a reason of the file (until one succeeds); with
    /// <c>Bridge:Health:RequireCarrierBinds</c>, also every enabled carrier has a bound bind. Else 503. Both bodies are
    /// JSON listing each carrier's status and binds.
    /// </summary>
    public static IEndpointRouteBuilder MapBridgeHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        HealthOptions options = endpoints.ServiceProvider.GetRequiredService<IOptions<HealthOptions>>().Value;
        endpoints.MapGet(LivePath, static () => Results.Json(new HealthReport("live", null, null, null), HealthJsonContext.Default.HealthReport))
            .LocalOnlyUnless(options.AllowRemote)
            .ExcludeFromDescription();
        endpoints.MapGet(ReadyPath, static (IServiceProvider services, IHostApplicationLifetime lifetime, IOptions<HealthOptions> health) =>
            {
                HealthReport report = Ready(lifetime, services.GetService<ICarrierRegistry>(), health.Value,
                    services.GetService<IStoreHealth>(), services.GetRequiredService<TimeProvider>().GetUtcNow());
                return Results.Json(report, HealthJsonContext.Default.HealthReport,
                    statusCode: report.Problems is { Count: 0 } ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .LocalOnlyUnless(options.AllowRemote)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format) when <c>Bridge:Metrics:Enabled</c>.</summary>
    public static IEndpointRouteBuilder MapBridgeMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        MetricsOptions options = endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            endpoints.MapPrometheusScrapingEndpoint(MetricsPath).LocalOnlyUnless(options.AllowRemote);
        }

        return endpoints;
    }

    /// <summary>
    /// How long a store that could not commit a write (and has committed none since), or read (and has read nothing
    /// since), keeps the bridge not ready: long
    /// enough for a load balancer to see it, short enough that a bridge nobody sends to any more (so no write can show
    /// the store works again) is tried again.
    /// </summary>
    internal static readonly TimeSpan StoreFailureHold = TimeSpan.FromSeconds(30);

    /// <summary>The readiness verdict; a pure function of the lifetime, the carriers, the store's last failure, the options and the time.</summary>
    internal static HealthReport Ready(IHostApplicationLifetime lifetime, ICarrierRegistry? registry, HealthOptions options,
        IStoreHealth? storeHealth = null, DateTimeOffset now = default)
    {
        List<string> problems = [];

        // The store's migrations run in SqliteStorageService.StartingAsync, before any service starts; a failure there
        // aborts the start, so ApplicationStarted implies an open, migrated store. It closes after StoppedAsync.
        string store;
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            store = "closing";
            problems.Add("the bridge is shutting down");
        }
        else if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            store = "starting";
            problems.Add("the bridge is starting (store migrations, carriers)");
        }
        else if (storeHealth?.LastFailure is { } failure && now - failure.At < StoreFailureHold)
        {
            // Every write fails as 503 meanwhile (disk full, I/O error, file locked): take the bridge out of rotation.
            store = "failing";
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"the store could not commit a write {(now - failure.At).TotalSeconds:0} s ago and none since ({failure.Error})"));
        }
        else if (storeHealth?.LastReadFailure is { } readFailure && now - readFailure.At < StoreFailureHold)
        {
            // Reads answer 503 meanwhile (message history, the MO number lookup): out of rotation as for writes.
            store = "failing";
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"the store could not be read {(now - readFailure.At).TotalSeconds:0} s ago and no read succeeded since ({readFailure.Error})"));
        }
        else
        {
            store = "open";
        }

        IReadOnlyList<CarrierState> states = registry?.GetStates() ?? [];
        List<CarrierHealth> carriers = new(states.Count);
        foreach (CarrierState state in states)
        {
            List<BindHealth> binds = new(state.Binds.Count);
            foreach (SmppBindStatus bind in state.Binds)
            {
                binds.Add(new BindHealth(bind.Index, bind.State, bind.Since, bind.LastError, bind.WindowDepth, bind.Queued, bind.PausedUntil));
            }

            carriers.Add(new CarrierHealth(state.Name, state.Enabled, state.Status, state.ConfiguredBinds, state.BoundBinds, binds,
                state.ConfigurationError, state.Paused, state.PausedAt));
            if (options.RequireCarrierBinds && state.Enabled && state.BoundBinds == 0)
            {
                problems.Add($"carrier {state.Name} has no bound bind ({state.Status})");
            }
        }

        return new HealthReport(problems.Count == 0 ? "ready" : "not_ready", store, carriers, problems);
    }

    /// <summary>
    /// Answers 403 to callers that are not on this machine, unless <paramref name="allowRemote"/>. Wraps the endpoint's
    /// request delegate, so it works for minimal-API handlers and plain middleware endpoints (the Prometheus exporter).
    /// </summary>
    private static TBuilder LocalOnlyUnless<TBuilder>(this TBuilder builder, bool allowRemote)
        where TBuilder : IEndpointConventionBuilder
    {
        if (allowRemote)
        {
            return builder;
        }

        return builder.Guard(static context =>
        {
            if (IsLocal(context.Connection))
            {
                return true;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        });
    }

    /// <summary>
    /// Runs <paramref name="admit"/> before every endpoint of <paramref name="builder"/>: true serves the request, false
    /// ends it with the answer <paramref name="admit"/> set. Wraps the endpoint's request delegate, so it works for
    /// minimal-API handlers and plain middleware endpoints (the Prometheus exporter).
    /// </summary>
    internal static TBuilder Guard<TBuilder>(this TBuilder builder, Func<HttpContext, bool> admit)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            RequestDelegate? inner = endpoint.RequestDelegate;
            if (inner is not null)
            {
                endpoint.RequestDelegate = context => admit(context) ? inner(context) : Task.CompletedTask;
            }
        });
        return builder;
    }

    /// <summary>Loopback, or no remote address at all (Unix socket, named pipe).</summary>
    internal static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);
}
