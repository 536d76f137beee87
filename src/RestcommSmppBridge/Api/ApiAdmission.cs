namespace RestcommSmppBridge.Api;

/// <summary>
/// Whether the API still takes new outbound messages. The host calls <see cref="StopAcceptingSends"/> first thing on
/// shutdown (style.md R9), so <c>POST …/SMS/Messages</c> answers 503 while carriers drain instead of storing
/// messages nobody will send.
/// </summary>
public sealed class ApiAdmission
{
    private volatile bool _acceptingSends = true;

    /// <summary>True until <see cref="StopAcceptingSends"/> is called.</summary>
    public bool IsAcceptingSends => _acceptingSends;

    /// <summary>From now on, new sends are refused with 503 Service Unavailable. Reads keep working.</summary>
    public void StopAcceptingSends() => _acceptingSends = false;
}
