using RestcommSmppBridge.Smpp.Pdus;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// The request was never written to the connection (session not bound, closing, or no window slot in time). Nothing
/// reached the peer, so it is safe to send it again, on this or another bind.
/// </summary>
public sealed class SmppNotSentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SmppNotSentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SmppNotSentException()
        : base("The SMPP request was not sent.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SmppNotSentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Why the outcome of a sent request is unknown.</summary>
public enum UnknownOutcomeReason
{
    /// <summary>No response arrived within the response timeout.</summary>
    ResponseTimeout,

    /// <summary>The connection was lost while the request was in flight.</summary>
    ConnectionLost,

    /// <summary>A response came back but could not be decoded, so whether the peer accepted is unknown.</summary>
    MalformedResponse,
}

/// <summary>
/// The request was written but no response came back: the peer may or may not have acted on it (SMPP has no way to
/// tell). A sender that retries must accept a possible duplicate (smpp.md P7). After a
/// <see cref="UnknownOutcomeReason.ResponseTimeout"/> the session keeps listening for the response for
/// <see cref="SmppSessionOptions.LateResponseWindow"/>: await <see cref="LateResponse"/> before retrying to learn
/// whether a slow peer answered after all.
/// </summary>
public sealed class SmppOutcomeUnknownException : Exception
{
    private static readonly Task<SmppResponse?> s_noLateResponse = Task.FromResult<SmppResponse?>(null);

    /// <summary>Creates the exception.</summary>
    public SmppOutcomeUnknownException(UnknownOutcomeReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception for a response timeout whose late response may still come.</summary>
    internal SmppOutcomeUnknownException(string message, Task<SmppResponse?> lateResponse)
        : base(message)
    {
        Reason = UnknownOutcomeReason.ResponseTimeout;
        LateResponse = lateResponse;
    }

    /// <summary>Creates the exception.</summary>
    public SmppOutcomeUnknownException()
        : this(UnknownOutcomeReason.ConnectionLost, "The outcome of the SMPP request is unknown.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SmppOutcomeUnknownException(string message)
        : this(UnknownOutcomeReason.ConnectionLost, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SmppOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = UnknownOutcomeReason.ConnectionLost;
    }

    /// <summary>Why the outcome is unknown.</summary>
    public UnknownOutcomeReason Reason { get; }

    /// <summary>
    /// Completes with the response when it arrives after the response timeout but within the session's
    /// <see cref="SmppSessionOptions.LateResponseWindow"/> (a generic_nack comes as it is; the caller maps it), or
    /// with null when the window passes, the session closes, the window is off, or the reason is not
    /// <see cref="UnknownOutcomeReason.ResponseTimeout"/> (already completed then). Never faults or cancels; nobody
    /// has to await it.
    /// </summary>
    public Task<SmppResponse?> LateResponse { get; } = s_noLateResponse;
}
