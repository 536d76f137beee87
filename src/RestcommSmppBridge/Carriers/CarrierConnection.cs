using System.Globalization;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// One carrier inside the supervisor: its profile, its <see cref="SmppClient"/> (null when disabled or when the
/// library refused the settings), the bridge between the client's request handler and
/// <see cref="ICarrierInboundHandler"/>, and the observer that logs what its binds do.
/// </summary>
internal sealed class CarrierConnection : ISmppRequestHandler, ISmppClientObserver
{
    private readonly ICarrierInboundHandler _inbound;
    private readonly ILogger _logger;
    private readonly Func<bool> _stopping;
    private readonly Action _changed;

    // UTC ticks when an operator paused the carrier, 0 while it is not paused: one field, so the flag and its time
    // are read and written together.
    private long _pausedAtTicks;

    public CarrierConnection(CarrierProfile profile, ICarrierInboundHandler inbound, TimeProvider time, ILogger logger,
        ILogger clientLogger, Func<bool> stopping, Action changed)
    {
        Profile = profile;
        _inbound = inbound;
        _logger = logger;
        _stopping = stopping;
        _changed = changed;
        if (!profile.Enabled)
        {
            return;
        }

        try
        {
            Client = new SmppClient(profile.Client, this, this, time, clientLogger);
        }
        catch (ArgumentException ex)
        {
            // The validator checks every setting the library checks, so this is a safety net: one carrier with
            // settings the library refuses must not stop the others.
            CreateError = ex.Message;
        }
    }

    public CarrierProfile Profile { get; }

    public SmppClient? Client { get; }

    /// <summary>Why no client could be created, or null.</summary>
    public string? CreateError { get; }

    public int BoundCount => Client?.BoundCount ?? 0;

    /// <summary>Set by an operator: the router passes the carrier over; the binds stay as they are.</summary>
    public bool Paused => Volatile.Read(ref _pausedAtTicks) != 0;

    /// <summary>When the operator's pause began, or null when the carrier is not paused.</summary>
    public DateTimeOffset? PausedAt => PausedAtOf(Volatile.Read(ref _pausedAtTicks));

    /// <summary>Pauses the carrier since <paramref name="since"/>, or resumes it (null).</summary>
    public void SetPaused(DateTimeOffset? since)
    {
        Volatile.Write(ref _pausedAtTicks, since?.UtcTicks ?? 0);
        _changed();
    }

    /// <summary>Why the carrier cannot bind because of its settings (library refusal or bind refused), or null.</summary>
    public string? ConfigurationError
    {
        get
        {
            if (CreateError is not null)
            {
                return CreateError;
            }

            if (Client?.ConfigurationError is not { } status)
            {
                return null;
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"the SMSC refused the bind with {status.ToSpecName()} (0x{(uint)status:X2}): check {CarriersOptions.CarriersKey}:{Profile.Index}:SystemId, SystemType and the password (Bridge__Carriers__{Profile.Index}__Password)");
        }
    }

    public CarrierState Snapshot(bool started, bool stopped)
    {
        CarrierProfile p = Profile;
        DateTimeOffset? pausedAt = PausedAt;
        if (Client is null)
        {
            return new CarrierState(p.Name, p.Enabled, p.BindType,
                p.Enabled ? CarrierStatus.ConfigurationError : CarrierStatus.Disabled, p.Client.Binds, 0, [], CreateError)
            {
                Paused = pausedAt is not null,
                PausedAt = pausedAt,
            };
        }

        IReadOnlyList<SmppBindStatus> binds = Client.Binds;
        int bound = 0;
        foreach (SmppBindStatus bind in binds)
        {
            if (bind.State == SmppBindState.Bound)
            {
                bound++;
            }
        }

        string? error = ConfigurationError;
        CarrierStatus status = !started ? CarrierStatus.NotStarted
            : stopped ? CarrierStatus.Stopped
            : bound == binds.Count ? CarrierStatus.Up
            : bound > 0 ? CarrierStatus.Degraded
            : error is not null ? CarrierStatus.ConfigurationError
            : CarrierStatus.Down;
        return new CarrierState(p.Name, p.Enabled, p.BindType, status, binds.Count, bound, binds, error)
        {
            Paused = pausedAt is not null,
            PausedAt = pausedAt,
        };
    }

    ValueTask<SmppResponse?> ISmppRequestHandler.HandleAsync(SmppSession session, SmppRequest request,
        CancellationToken cancellationToken) =>
        _inbound.HandleAsync(Profile, request, cancellationToken);

    ValueTask<CommandStatus> ISmppRequestHandler.AuthenticateAsync(SmppSession session, BindRequest bind,
        CancellationToken cancellationToken) =>
        // Only the SMSC side decides binds; an ESME is never asked (ISmppRequestHandler docs).
        ValueTask.FromResult(CommandStatus.BindFailed);

    void ISmppClientObserver.OnBound(int bindIndex, string peerSystemId)
    {
        CarrierSupervisor.Log.Bound(_logger, Profile.Name, bindIndex, Profile.BindType, peerSystemId);
        _changed();
    }

    void ISmppClientObserver.OnUnbound(int bindIndex, string reason)
    {
        if (_stopping())
        {
            CarrierSupervisor.Log.UnboundOnStop(_logger, Profile.Name, bindIndex, reason);
        }
        else
        {
            CarrierSupervisor.Log.Unbound(_logger, Profile.Name, bindIndex, reason);
        }

        _changed();
    }

    void ISmppClientObserver.OnReconnectScheduled(int bindIndex, TimeSpan delay, string reason)
    {
        CarrierSupervisor.Log.ReconnectScheduled(_logger, Profile.Name, bindIndex, delay, reason);
        _changed();
    }

    void ISmppClientObserver.OnThrottled(int bindIndex, CommandStatus status, TimeSpan pause) =>
        // The client already logs the pause (with its own event id); the state changed (PausedUntil), so wake waiters.
        _changed();

    void ISmppClientObserver.OnConfigurationError(int bindIndex, CommandStatus status)
    {
        CarrierSupervisor.Log.BindRefused(_logger, Profile.Name, bindIndex, status.ToSpecName(), (uint)status, Profile.Index);
        _changed();
    }

    private static DateTimeOffset? PausedAtOf(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
