using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The admin endpoints, served next to <c>/health</c> and <c>/metrics</c> only when <c>Bridge:Operations:AdminToken</c>
/// is set: list the carriers and their binds, pause and resume a carrier, requeue the inbound webhooks that were given
/// up on, list, requeue and delete the status callbacks that failed for good (<see cref="AdminStatusCallbackEndpoints"/>). Every request needs <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise) and, unless
/// <c>AdminAllowRemote</c>, a loopback caller (403 otherwise). Answers are JSON.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>The prefix of every admin path.</summary>
    public const string Prefix = "/admin";

    /// <summary>
    /// Maps <c>GET /admin/carriers</c>, <c>GET /admin/carriers/{name}</c>, <c>POST /admin/carriers/{name}/pause</c>,
    /// <c>POST /admin/carriers/{name}/resume</c>, <c>POST /admin/webhooks/inbound/requeue</c>,
    /// <c>GET</c> and <c>DELETE /admin/callbacks/status/failed</c> and <c>POST /admin/callbacks/status/requeue</c> when an
    /// admin token is configured; maps nothing otherwise (the paths then answer 404 like any unknown path).
    /// </summary>
    public static IEndpointRouteBuilder MapBridgeAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        AdminOptions options = endpoints.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        ILogger logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints));
        if (string.IsNullOrEmpty(options.AdminToken))
        {
            return endpoints;
        }

        HostingLog.AdminEnabled(logger, Prefix, options.AdminAllowRemote);
        RouteGroupBuilder admin = endpoints.MapGroup(Prefix);
        admin.MapGet("/carriers", static (IServiceProvider services) =>
            Results.Json(new AdminCarrierList(ListCarriers(services)), AdminJsonContext.Default.AdminCarrierList));
        admin.MapGet("/carriers/{name}", static (string name, IServiceProvider services) => CarrierResult(services, name));
        admin.MapPost("/carriers/{name}/pause", static (string name, IServiceProvider services, CancellationToken cancellationToken) =>
            SetPausedAsync(services, name, paused: true, cancellationToken));
        admin.MapPost("/carriers/{name}/resume", static (string name, IServiceProvider services, CancellationToken cancellationToken) =>
            SetPausedAsync(services, name, paused: false, cancellationToken));
        admin.MapPost("/webhooks/inbound/requeue", static (IServiceProvider services, TimeProvider time, ILoggerFactory loggers,
            CancellationToken cancellationToken) => RequeueAsync(services, time, loggers, cancellationToken));
        AdminStatusCallbackEndpoints.Map(admin);
        admin.Guard(new AdminGate(options.AdminToken, options.AdminAllowRemote, logger).Admit).ExcludeFromDescription();
        return endpoints;
    }

    private static List<AdminCarrier> ListCarriers(IServiceProvider services)
    {
        if (services.GetService<ICarrierRegistry>() is not { } registry)
        {
            return [];
        }

        IReadOnlyList<CarrierState> states = registry.GetStates();
        List<AdminCarrier> carriers = new(states.Count);
        foreach (CarrierState state in states)
        {
            carriers.Add(ToCarrier(state, registry.Find(state.Name)));
        }

        return carriers;
    }

    private static IResult CarrierResult(IServiceProvider services, string name)
    {
        if (services.GetService<ICarrierRegistry>() is { } registry && Find(registry, name) is { } state)
        {
            return Results.Json(ToCarrier(state, registry.Find(state.Name)), AdminJsonContext.Default.AdminCarrier);
        }

        return UnknownCarrier(services, name);
    }

    /// <summary>
    /// Stores the pause (or its removal) and only then changes the carrier, so a 200 means it outlives a restart; a
    /// store failure answers 503 and changes nothing (the supervisor logs why).
    /// </summary>
    private static async Task<IResult> SetPausedAsync(IServiceProvider services, string name, bool paused,
        CancellationToken cancellationToken)
    {
        if (services.GetService<CarrierSupervisor>() is not { } supervisor)
        {
            return UnknownCarrier(services, name);
        }

        CarrierPauseOutcome outcome = await supervisor.SetPausedAsync(name, paused, cancellationToken).ConfigureAwait(false);
        string carrier = supervisor.Find(name)?.Name ?? name;
        return outcome switch
        {
            CarrierPauseOutcome.Applied => CarrierResult(services, name),
            CarrierPauseOutcome.NotStored => Results.Json(
                new AdminError(paused
                    ? $"the pause of carrier {carrier} could not be stored, so the carrier was not paused and still takes new submits; see the bridge log (CarrierPauseNotStored) and try again"
                    : $"the resume of carrier {carrier} could not be stored, so the carrier stays paused; see the bridge log (CarrierPauseNotStored) and try again"),
                AdminJsonContext.Default.AdminError,
                statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => UnknownCarrier(services, name),
        };
    }

    private static async Task<IResult> RequeueAsync(IServiceProvider services, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (services.GetService<IOperationsStore>() is not { } store)
        {
            return Results.Json(new AdminError("the store is not part of this host"), AdminJsonContext.Default.AdminError,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        int requeued = await store.RequeueFailedWebhooksAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        services.GetService<InboundWebhookQueue>()?.Requeued(requeued);
        ILogger logger = loggers.CreateLogger(typeof(AdminEndpoints));
        HostingLog.AdminWebhooksRequeued(logger, requeued);
        return Results.Json(new AdminRequeueResult(requeued), AdminJsonContext.Default.AdminRequeueResult);
    }

    private static CarrierState? Find(ICarrierRegistry registry, string name)
    {
        foreach (CarrierState state in registry.GetStates())
        {
            if (string.Equals(state.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return state;
            }
        }

        return null;
    }

    private static IResult UnknownCarrier(IServiceProvider services, string name)
    {
        List<string> known = [];
        if (services.GetService<ICarrierRegistry>() is { } registry)
        {
            foreach (CarrierProfile carrier in registry.Carriers)
            {
                known.Add(carrier.Name);
            }
        }

        // The name is the caller's own input; it is echoed only in the body, never logged.
        string list = known.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", known);
        return Results.Json(new AdminError($"unknown carrier {name} ({list})"), AdminJsonContext.Default.AdminError,
            statusCode: StatusCodes.Status404NotFound);
    }

    private static AdminCarrier ToCarrier(CarrierState state, CarrierProfile? profile)
    {
        List<BindHealth> binds = new(state.Binds.Count);
        foreach (SmppBindStatus bind in state.Binds)
        {
            binds.Add(new BindHealth(bind.Index, bind.State, bind.Since, bind.LastError, bind.WindowDepth, bind.Queued, bind.PausedUntil));
        }

        return new AdminCarrier(state.Name, state.Enabled, state.Paused, state.Status, state.BindType, state.ConfiguredBinds,
            state.BoundBinds, profile?.Client.Session.WindowSize, binds, state.ConfigurationError)
        {
            PausedAt = state.PausedAt,
        };
    }

    /// <summary>Loopback (unless allowed remote) and the bearer token, compared in constant time.</summary>
    internal sealed class AdminGate
    {
        private const string Scheme = "Bearer ";

        private readonly byte[] _expected;
        private readonly bool _allowRemote;
        private readonly ILogger _logger;

        public AdminGate(string token, bool allowRemote, ILogger logger)
        {
            // Hashes of equal length, so the comparison time says nothing about the token's length or prefix either.
            _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            _allowRemote = allowRemote;
            _logger = logger;
        }

        /// <summary>True to serve; otherwise the 403/401 answer is already set on <paramref name="context"/>.</summary>
        public bool Admit(HttpContext context)
        {
            if (!_allowRemote && !OperationsEndpoints.IsLocal(context.Connection))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return false;
            }

            if (IsAuthorized(context.Request.Headers.Authorization.ToString()))
            {
                return true;
            }

            HostingLog.AdminUnauthorized(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty,
                context.Connection.RemoteIpAddress?.ToString() ?? "local");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"restcomm-smpp-bridge admin\"";
            return false;
        }

        internal bool IsAuthorized(string header)
        {
            if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            ReadOnlySpan<char> presented = header.AsSpan(Scheme.Length).Trim();
            int length = Encoding.UTF8.GetByteCount(presented);
            byte[] bytes = new byte[length];
            Encoding.UTF8.GetBytes(presented, bytes);
            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), _expected);
        }
    }
}

/// <summary>The body of <c>GET /admin/carriers</c>.</summary>
internal sealed record AdminCarrierList(IReadOnlyList<AdminCarrier> Carriers);

/// <summary>One carrier in the admin answers.</summary>
/// <param name="Name">The carrier's name.</param>
/// <param name="Enabled">Enabled in the configuration.</param>
/// <param name="Paused">Paused by an operator (stored: it outlives a restart).</param>
/// <param name="Status">Its health at a glance.</param>
/// <param name="BindType">The kind of its binds.</param>
/// <param name="ConfiguredBinds">Binds it should keep.</param>
/// <param name="BoundBinds">Binds bound now.</param>
/// <param name="WindowSize">Requests each bind may have waiting for a response; <c>windowDepth</c> of a bind is the part in use.</param>
/// <param name="Binds">Every bind.</param>
/// <param name="ConfigurationError">Why it cannot bind because of its settings, or null.</param>
internal sealed record AdminCarrier(string Name, bool Enabled, bool Paused, CarrierStatus Status, BindType BindType, int ConfiguredBinds,
    int BoundBinds, int? WindowSize, IReadOnlyList<BindHealth> Binds, string? ConfigurationError)
{
    /// <summary>When the operator's pause began (<c>pausedAt</c>, UTC); absent when the carrier is not paused.</summary>
    public DateTimeOffset? PausedAt { get; init; }
}

/// <summary>The body of <c>POST /admin/webhooks/inbound/requeue</c>.</summary>
internal sealed record AdminRequeueResult(int Requeued);

/// <summary>A 4xx/5xx body of the admin endpoints.</summary>
internal sealed record AdminError(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminCarrierList))]
[JsonSerializable(typeof(AdminCarrier))]
[JsonSerializable(typeof(AdminRequeueResult))]
[JsonSerializable(typeof(AdminError))]
internal sealed partial class AdminJsonContext : JsonSerializerContext
{
}
