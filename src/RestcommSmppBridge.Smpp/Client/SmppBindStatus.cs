namespace RestcommSmppBridge.Smpp.Client;

/// <summary>Where one bind of an <see cref="SmppClient"/> is in its life.</summary>
public enum SmppBindState
{
    /// <summary>The client has not been started.</summary>
    Idle,

    /// <summary>Opening the TCP (and TLS) connection.</summary>
    Connecting,

    /// <summary>Connected; the bind request is out.</summary>
    Binding,

    /// <summary>Bound: can carry traffic.</summary>
    Bound,

    /// <summary>Waiting before the next reconnect (see <see cref="SmppBindStatus.LastError"/>).</summary>
    BackingOff,

    /// <summary>Closing gracefully (unbind) because the client stops.</summary>
    Unbinding,

    /// <summary>Stopped with the client.</summary>
    Stopped,

    /// <summary>
    /// The SMSC refused the bind with ESME_RBINDFAIL, ESME_RINVPASWD or ESME_RINVSYSID (0x0D/0x0E/0x0F): the settings
    /// are wrong, so this bind does not retry (no hammering the SMSC with bad credentials) until the client is
    /// recreated.
    /// </summary>
    ConfigurationError,
}

/// <summary>The state of an <see cref="SmppClient"/> as a whole.</summary>
public enum SmppClientState
{
    /// <summary>Created, not started.</summary>
    Created,

    /// <summary>Started: binds connect, reconnect and carry traffic.</summary>
    Running,

    /// <summary>Stopping: binds unbind; no new sends.</summary>
    Stopping,

    /// <summary>Stopped; a client is not restarted (create a new one).</summary>
    Stopped,
}

/// <summary>A snapshot of one bind, for health checks and status pages.</summary>
/// <param name="Index">The bind's index, 0..Binds-1.</param>
/// <param name="State">Its state.</param>
/// <param name="Since">When it entered that state (from the client's <see cref="TimeProvider"/>).</param>
/// <param name="LastError">The last connect, bind or session failure, or null.</param>
/// <param name="WindowDepth">Requests written or queued in the session and waiting for a response.</param>
/// <param name="Queued">Requests waiting in the bind's ordered queue (rate limit, throttle pause or full window).</param>
/// <param name="PausedUntil">End of the bind-wide throttle pause, or null when not paused.</param>
public sealed record SmppBindStatus(
    int Index,
    SmppBindState State,
    DateTimeOffset Since,
    string? LastError,
    int WindowDepth,
    int Queued,
    DateTimeOffset? PausedUntil);
