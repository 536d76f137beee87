using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// Hooks for what an <see cref="SmppClient"/> does to its binds: for health, alerts and tests. Every method has an
/// empty default, so implement only what you need. Calls come from the client's own tasks, never under a lock; keep
/// them quick. An exception thrown here is logged and otherwise ignored. Window depth, response times and throttle
/// counts are also metrics (<see cref="Diagnostics.SmppMetrics"/>).
/// </summary>
public interface ISmppClientObserver
{
    /// <summary>Bind <paramref name="bindIndex"/> is bound; <paramref name="peerSystemId"/> is the SMSC's system_id.</summary>
    void OnBound(int bindIndex, string peerSystemId)
    {
    }

    /// <summary>Bind <paramref name="bindIndex"/> lost or closed its session.</summary>
    void OnUnbound(int bindIndex, string reason)
    {
    }

    /// <summary>Bind <paramref name="bindIndex"/> will reconnect after <paramref name="delay"/> because of <paramref name="reason"/>.</summary>
    void OnReconnectScheduled(int bindIndex, TimeSpan delay, string reason)
    {
    }

    /// <summary>Bind <paramref name="bindIndex"/> got <paramref name="status"/> (0x58 or 0x14) and pauses for <paramref name="pause"/>.</summary>
    void OnThrottled(int bindIndex, CommandStatus status, TimeSpan pause)
    {
    }

    /// <summary>Bind <paramref name="bindIndex"/> was refused with 0x0D, 0x0E or 0x0F and stopped retrying: fix the settings.</summary>
    void OnConfigurationError(int bindIndex, CommandStatus status)
    {
    }
}
