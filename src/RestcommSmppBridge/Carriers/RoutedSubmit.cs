using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Carriers;

/// <summary>A candidate carrier for a destination: the carrier and the route of it that matched.</summary>
/// <param name="Carrier">The carrier.</param>
/// <param name="Prefix">The matching prefix (digits; empty for the default route).</param>
/// <param name="Preference">The matching route's preference.</param>
public sealed record CarrierRoute(CarrierProfile Carrier, string Prefix, int Preference);

/// <summary>How a routed submit ended.</summary>
public enum RoutedSubmitOutcome
{
    /// <summary>Every part was accepted (submit_sm_resp ESME_ROK) by <see cref="RoutedSubmit.Carrier"/>.</summary>
    Sent,

    /// <summary>The carrier refused with a permanent error; no other carrier was tried (it would refuse the same).</summary>
    Rejected,

    /// <summary>
    /// Some parts were accepted and another was refused: no failover, which would deliver the accepted parts twice.
    /// <see cref="RoutedSubmit.Responses"/> tells which.
    /// </summary>
    PartlyAccepted,

    /// <summary>
    /// Written to the carrier but not answered (timeout, connection lost): the SMSC may have taken it. Never failed
    /// over, which could deliver it twice (smpp.md P7); the caller decides (wait for a receipt, or give up with
    /// <see cref="CarrierErrorCodes.UnknownError"/>).
    /// </summary>
    Unknown,

    /// <summary>No enabled sending carrier has a route for the destination.</summary>
    NoRoute,

    /// <summary>
    /// Routes exist but no candidate took the message now: none bound, or each answered a temporary error after its
    /// retries. Nothing was accepted; the caller may try again later.
    /// </summary>
    Unavailable,
}

/// <summary>Why one candidate did not (or did) carry the message.</summary>
public enum CarrierAttemptResult
{
    /// <summary>Skipped: no bound bind.</summary>
    NotBound,

    /// <summary>Skipped: the compose callback gave no parts for this carrier.</summary>
    NotComposable,

    /// <summary>Queued but never written (the bind closed first); safe to fail over.</summary>
    NotSent,

    /// <summary>Refused with a temporary status (0x58, 0x14, 0x08, 0x64) after the client's own retries; failed over.</summary>
    TemporaryError,

    /// <summary>Refused with a permanent status.</summary>
    PermanentError,

    /// <summary>Some parts accepted, another refused.</summary>
    PartlyAccepted,

    /// <summary>Written but not answered.</summary>
    OutcomeUnknown,

    /// <summary>Accepted.</summary>
    Accepted,

    /// <summary>Skipped: an operator paused the carrier (admin endpoint); nothing was sent to it.</summary>
    Paused,
}

/// <summary>One candidate tried (or skipped) by <see cref="ICarrierRouter.SubmitAsync"/>.</summary>
/// <param name="Carrier">The carrier's name.</param>
/// <param name="Result">What happened.</param>
/// <param name="Status">The refusing command_status, if any.</param>
/// <param name="Detail">A human-readable detail, or null.</param>
public sealed record CarrierAttempt(string Carrier, CarrierAttemptResult Result, CommandStatus? Status, string? Detail);

/// <summary>The result of <see cref="ICarrierRouter.SubmitAsync"/>.</summary>
public sealed record RoutedSubmit
{
    /// <summary>How it ended.</summary>
    public required RoutedSubmitOutcome Outcome { get; init; }

    /// <summary>The carrier that last took the parts (Sent, Rejected, PartlyAccepted, Unknown); null otherwise.</summary>
    public CarrierProfile? Carrier { get; init; }

    /// <summary>The parts given to <see cref="Carrier"/>, in order (for storing the id correlation).</summary>
    public IReadOnlyList<SubmitSm> Parts { get; init; } = [];

    /// <summary>The responses, one per part in order, when every part was answered; empty otherwise.</summary>
    public IReadOnlyList<SubmitSmResp> Responses { get; init; } = [];

    /// <summary>
    /// For <see cref="RoutedSubmitOutcome.Unknown"/> when some parts were answered: one entry per part in order, its
    /// submit_sm_resp, or null for a part not answered or never written (so the caller knows which parts the SMSC
    /// accepted, ESME_ROK with a message id, and can send only the others again with the same concatenation
    /// reference). Empty when no part was answered, and for every other outcome.
    /// </summary>
    public IReadOnlyList<SubmitSmResp?> PartResponses { get; init; } = [];

    /// <summary>The refusing status (the first refused part's, or the last temporary one when Unavailable), or null.</summary>
    public CommandStatus? Status { get; init; }

    /// <summary>
    /// The Restcomm error code for a failure (<see cref="CarrierErrorCodes"/>): set for Rejected, PartlyAccepted,
    /// NoRoute and Unavailable (the code to store if the caller gives up); null for Sent and Unknown.
    /// </summary>
    public int? ErrorCode { get; init; }

    /// <summary>What went wrong, for logs and the message's record; null when sent.</summary>
    public string? Error { get; init; }

    /// <summary>Every candidate in the order tried, with what happened.</summary>
    public IReadOnlyList<CarrierAttempt> Attempts { get; init; } = [];

    /// <summary>
    /// For <see cref="RoutedSubmitOutcome.Unknown"/> when every unanswered part (of a one-part or a long message)
    /// timed out: completes with the outcome the answers give (Sent, Rejected, PartlyAccepted, or Unavailable for a
    /// temporary refusal, judged as timely answers would be) once the SMSC answers each of those parts within the
    /// carrier's <c>LateResponseWindow</c>, or with null when one of them gets no answer (window over, bind closed).
    /// Null when there is nothing to wait for (a part lost with its connection, or never written while others were).
    /// Never faults.
    /// </summary>
    public Task<RoutedSubmit?>? LateAnswer { get; init; }

    /// <summary>True when every part was accepted.</summary>
    public bool Succeeded => Outcome == RoutedSubmitOutcome.Sent;
}
