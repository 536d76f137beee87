using System.Diagnostics.CodeAnalysis;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// How one part of a long message sent with <see cref="SmppClient.SubmitPartsAsync"/> ended: its submit_sm_resp
/// (whatever its command_status), or the exception that part ended with. Exactly one of <see cref="Response"/> and
/// <see cref="Error"/> is set.
/// </summary>
/// <remarks>
/// The error is one a single <see cref="SmppClient.SubmitAsync"/> would have thrown for that part:
/// <see cref="SmppNotSentException"/> (never written, so it never reached the SMSC),
/// <see cref="SmppOutcomeUnknownException"/> (written, not answered; after a response timeout its
/// <see cref="SmppOutcomeUnknownException.LateResponse"/> may still bring the answer),
/// <see cref="Protocol.SmppProtocolException"/> (answered with a PDU that is no submit_sm_resp), or
/// <see cref="OperationCanceledException"/> (the caller's token fired before the part was answered: a part still
/// queued was never written, one already written may have reached the SMSC).
/// </remarks>
public sealed class SubmitPartResult
{
    /// <summary>A part the SMSC answered.</summary>
    /// <param name="response">The part's submit_sm_resp.</param>
    public SubmitPartResult(SubmitSmResp response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response;
    }

    /// <summary>A part that ended without an answer.</summary>
    /// <param name="error">What the part ended with.</param>
    public SubmitPartResult(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The part's submit_sm_resp (a generic_nack comes as one carrying its status), or null.</summary>
    public SubmitSmResp? Response { get; }

    /// <summary>The exception the part ended with when it was not answered, or null.</summary>
    public Exception? Error { get; }

    /// <summary>True when the SMSC answered the part (<see cref="Response"/> is set, whatever its status).</summary>
    [MemberNotNullWhen(true, nameof(Response))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsAnswered => Response is not null;
}
