using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Carriers;

/// <summary>A carrier's health at a glance, for health checks and metrics.</summary>
public enum CarrierStatus
{
    /// <summary><c>Enabled</c> is false: never bound nor routed to.</summary>
    Disabled,

    /// <summary>The supervisor has not started yet.</summary>
    NotStarted,

    /// <summary>No bind is bound (connecting, binding or backing off).</summary>
    Down,

    /// <summary>Some binds are bound, not all.</summary>
    Degraded,

    /// <summary>Every bind is bound.</summary>
    Up,

    /// <summary>No bind is bound and the carrier refused our credentials (0x0D/0x0E/0x0F); it is not retried.</summary>
    ConfigurationError,

    /// <summary>The supervisor has stopped.</summary>
    Stopped,
}

/// <summary>A snapshot of one carrier.</summary>
/// <param name="Name">The carrier's name.</param>
/// <param name="Enabled">Whether it is enabled in the configuration.</param>
/// <param name="BindType">The kind of its binds.</param>
/// <param name="Status">Its health at a glance.</param>
/// <param name="ConfiguredBinds">How many binds it should keep.</param>
/// <param name="BoundBinds">How many are bound now.</param>
/// <param name="Binds">Every bind: state, since when, last error, window depth, queue, throttle pause.</param>
/// <param name="ConfigurationError">Why the carrier cannot bind because of its settings, or null.</param>
public sealed record CarrierState(
    string Name,
    bool Enabled,
    BindType BindType,
    CarrierStatus Status,
    int ConfiguredBinds,
    int BoundBinds,
    IReadOnlyList<SmppBindStatus> Binds,
    string? ConfigurationError)
{
    /// <summary>
    /// An operator paused the carrier: the router passes it over for new submits while its binds stay up (receipts
    /// and MO keep flowing). The pause is stored and outlives a restart (the supervisor applies it again at start,
    /// before any bind).
    /// </summary>
    public bool Paused { get; init; }

    /// <summary>When the operator's pause began; null when the carrier is not paused.</summary>
    public DateTimeOffset? PausedAt { get; init; }
}
