using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Carriers;

/// <summary>Chooses the carriers for a destination and sends through them with failover.</summary>
public interface ICarrierRouter
{
    /// <summary>
    /// The candidates for <paramref name="destination"/> (digits with an optional '+'), best first: longest matching
    /// prefix, then lower preference, then name (ordinal). Only enabled carriers that can send appear, each once
    /// (with its longest matching route), bound or not. Empty when nothing matches or the destination is not a number.
    /// </summary>
    IReadOnlyList<CarrierRoute> Route(string destination);

    /// <summary>
    /// Sends one message to <paramref name="destination"/>: tries the candidates of <see cref="Route"/> in order,
    /// calling <paramref name="compose"/> for each one tried (encoding, splitting and TON/NPI are per carrier; return
    /// no parts when this carrier cannot carry the message). A carrier an operator paused, or with no bound bind, or whose binds closed
    /// before the message was written, or that refused with a temporary status after its own throttle retries, is
    /// passed over for the next. A permanent refusal ends the search (another carrier would refuse the same message),
    /// and so does an unknown outcome (another carrier could deliver it twice). Cancellation propagates as
    /// <see cref="OperationCanceledException"/>; what was already written stays written.
    /// </summary>
    Task<RoutedSubmit> SubmitAsync(string destination, Func<CarrierProfile, IReadOnlyList<SubmitSm>> compose,
        CancellationToken cancellationToken);

    /// <summary>
    /// Sends one message to <paramref name="destination"/> through carrier <paramref name="carrier"/> only (its name,
    /// case-insensitive), as <see cref="SubmitAsync"/> would if it were the only candidate: the missing parts of a
    /// long message must go where its other parts went, or the handset cannot join them. When the carrier is paused
    /// or has no bound bind the outcome is <see cref="RoutedSubmitOutcome.Unavailable"/> (nothing sent, no failover);
    /// when it no longer has a route for the destination (or can no longer send), <see cref="RoutedSubmitOutcome.NoRoute"/>.
    /// </summary>
    Task<RoutedSubmit> SubmitToAsync(string carrier, string destination, Func<CarrierProfile, IReadOnlyList<SubmitSm>> compose,
        CancellationToken cancellationToken);
}

/// <summary>
/// The prefix router over the supervisor's carriers. The route table is built once from the profiles (they are
/// immutable); whether a carrier is bound is asked at send time.
/// </summary>
public sealed partial class CarrierRouter : ICarrierRouter
{
    private static readonly Comparison<CarrierRoute> s_order = static (a, b) =>
    {
        int byLength = b.Prefix.Length.CompareTo(a.Prefix.Length);
        if (byLength != 0)
        {
            return byLength;
        }

        int byPreference = a.Preference.CompareTo(b.Preference);
        return byPreference != 0 ? byPreference : string.CompareOrdinal(a.Carrier.Name, b.Carrier.Name);
    };

    private readonly CarrierSupervisor _supervisor;
    private readonly CarrierProfile[] _routable;
    private readonly ILogger _logger;

    /// <summary>Routes over <paramref name="supervisor"/>'s carriers.</summary>
    public CarrierRouter(CarrierSupervisor supervisor, ILogger<CarrierRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        ArgumentNullException.ThrowIfNull(logger);
        _supervisor = supervisor;
        _logger = logger;
        List<CarrierProfile> routable = [];
        foreach (CarrierProfile carrier in supervisor.Carriers)
        {
            if (carrier.Enabled && carrier.CanSend && carrier.Routes.Count > 0)
            {
                routable.Add(carrier);
            }
        }

        _routable = [.. routable];
    }

    /// <inheritdoc />
    public IReadOnlyList<CarrierRoute> Route(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ReadOnlySpan<char> digits = destination.AsSpan().Trim();
        if (digits.Length > 0 && digits[0] == '+')
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return [];
        }

        List<CarrierRoute>? candidates = null;
        foreach (CarrierProfile carrier in _routable)
        {
            // The carrier's longest matching route; prefixes are unique per carrier, so there is one.
            CarrierRoutePrefix? best = null;
            foreach (CarrierRoutePrefix route in carrier.Routes)
            {
                if (digits.StartsWith(route.Prefix, StringComparison.Ordinal)
                    && (best is null || route.Prefix.Length > best.Prefix.Length))
                {
                    best = route;
                }
            }

            if (best is not null)
            {
                (candidates ??= []).Add(new CarrierRoute(carrier, best.Prefix, best.Preference));
            }
        }

        if (candidates is null)
        {
            return [];
        }

        candidates.Sort(s_order);
        return candidates;
    }

    /// <inheritdoc />
    public Task<RoutedSubmit> SubmitAsync(string destination, Func<CarrierProfile, IReadOnlyList<SubmitSm>> compose,
        CancellationToken cancellationToken) =>
        SubmitCoreAsync(null, destination, compose, cancellationToken);

    /// <inheritdoc />
    public Task<RoutedSubmit> SubmitToAsync(string carrier, string destination, Func<CarrierProfile, IReadOnlyList<SubmitSm>> compose,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(carrier);
        return SubmitCoreAsync(carrier, destination, compose, cancellationToken);
    }

    /// <summary>The search of <see cref="SubmitAsync"/>, over the one candidate named <paramref name="only"/> when given.</summary>
    private async Task<RoutedSubmit> SubmitCoreAsync(string? only, string destination, Func<CarrierProfile, IReadOnlyList<SubmitSm>> compose,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(compose);
        IReadOnlyList<CarrierRoute> candidates = Route(destination);
        if (only is not null)
        {
            candidates = OnlyCarrier(candidates, only);
        }

        if (candidates.Count == 0)
        {
            Log.NoRoute(_logger, Mask(destination));
            return new RoutedSubmit
            {
                Outcome = RoutedSubmitOutcome.NoRoute,
                ErrorCode = CarrierErrorCodes.UnreachableCarrier,
                Error = "no carrier has a route for the destination",
            };
        }

        List<CarrierAttempt> attempts = new(candidates.Count);
        CommandStatus? lastTemporary = null;
        foreach (CarrierRoute candidate in candidates)
        {
            CarrierProfile carrier = candidate.Carrier;
            if (_supervisor.IsPaused(carrier.Name))
            {
                attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.Paused, null, "paused by an operator"));
                Log.PassedOver(_logger, carrier.Name, "paused by an operator");
                continue;
            }

            if (!_supervisor.IsBound(carrier.Name))
            {
                attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.NotBound, null, "no bound bind"));
                Log.PassedOver(_logger, carrier.Name, "no bound bind");
                continue;
            }

            IReadOnlyList<SubmitSm> parts = compose(carrier);
            if (parts is null || parts.Count == 0)
            {
                attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.NotComposable, null, "the message could not be composed for this carrier"));
                Log.PassedOver(_logger, carrier.Name, "the message could not be composed for it");
                continue;
            }

            CarrierSendResult sent = await _supervisor.SendAsync(carrier, parts, cancellationToken).ConfigureAwait(false);
            switch (sent.Kind)
            {
                case CarrierSendKind.NotSent:
                    attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.NotSent, null, sent.Error));
                    Log.PassedOver(_logger, carrier.Name, sent.Error ?? "not sent");
                    continue;

                case CarrierSendKind.Unknown:
                    attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.OutcomeUnknown, null, sent.Error));
                    Log.OutcomeUnknown(_logger, carrier.Name, sent.Error ?? "no response");
                    return new RoutedSubmit
                    {
                        Outcome = RoutedSubmitOutcome.Unknown,
                        Carrier = carrier,
                        Parts = parts,
                        PartResponses = sent.PartResponses ?? [],
                        Error = sent.Error,
                        Attempts = attempts,
                        LateAnswer = sent.LateResponse is { } late ? JudgeLateAsync(carrier, parts, late, [.. attempts]) : null,
                    };
            }

            if (Judge(carrier, parts, sent.Responses, attempts) is { } done)
            {
                return done;
            }

            lastTemporary = attempts[^1].Status;
        }

        bool throttled = lastTemporary is CommandStatus.Throttled or CommandStatus.MessageQueueFull;
        Log.Unavailable(_logger, Mask(destination), attempts.Count);
        return new RoutedSubmit
        {
            Outcome = RoutedSubmitOutcome.Unavailable,
            Status = lastTemporary,
            ErrorCode = throttled ? CarrierErrorCodes.QueueOverflow : CarrierErrorCodes.UnreachableCarrier,
            Error = lastTemporary is { } status
                ? $"no carrier took the message now; the last answered {status.ToSpecName()}"
                : "no carrier for the destination is bound and not paused",
            Attempts = attempts,
        };
    }

    /// <summary>
    /// The outcome of the late submit_sm_resps (with the parts answered in time: one response per part), judged as
    /// timely ones; no failover any more (the caller holds the message): a temporary refusal of every part is
    /// <see cref="RoutedSubmitOutcome.Unavailable"/> for the caller to retry later. Null when a part got no answer.
    /// <paramref name="attempts"/> ends with this carrier's unknown-outcome entry, which the answers replace.
    /// </summary>
    private async Task<RoutedSubmit?> JudgeLateAsync(CarrierProfile carrier, IReadOnlyList<SubmitSm> parts,
        Task<IReadOnlyList<SubmitSmResp>?> lateResponses, List<CarrierAttempt> attempts)
    {
        IReadOnlyList<SubmitSmResp>? responses = await lateResponses.ConfigureAwait(false);
        if (responses is null)
        {
            return null;
        }

        attempts.RemoveAt(attempts.Count - 1);
        if (Judge(carrier, parts, responses, attempts) is { } done)
        {
            return done;
        }

        // Judge passes over only when no part was accepted and the first refusal is temporary: that one is reported.
        CommandStatus status = responses[0].CommandStatus;
        bool throttled = status is CommandStatus.Throttled or CommandStatus.MessageQueueFull;
        return new RoutedSubmit
        {
            Outcome = RoutedSubmitOutcome.Unavailable,
            Status = status,
            ErrorCode = throttled ? CarrierErrorCodes.QueueOverflow : CarrierErrorCodes.UnreachableCarrier,
            Error = $"{carrier.Name} answered {status.ToSpecName()} after the response timeout",
            Attempts = attempts,
        };
    }

    /// <summary>The result when the answers end the search; null to fail over (a temporary refusal of every part).</summary>
    private RoutedSubmit? Judge(CarrierProfile carrier, IReadOnlyList<SubmitSm> parts, IReadOnlyList<SubmitSmResp> responses,
        List<CarrierAttempt> attempts)
    {
        int accepted = 0;
        SubmitSmResp? refused = null;
        int refusedIndex = -1;
        for (int i = 0; i < responses.Count; i++)
        {
            if (responses[i].CommandStatus == CommandStatus.Ok)
            {
                accepted++;
            }
            else if (refused is null)
            {
                refused = responses[i];
                refusedIndex = i;
            }
        }

        if (refused is null)
        {
            attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.Accepted, CommandStatus.Ok, null));
            return new RoutedSubmit
            {
                Outcome = RoutedSubmitOutcome.Sent,
                Carrier = carrier,
                Parts = parts,
                Responses = responses,
                Attempts = attempts,
            };
        }

        CommandStatus status = refused.CommandStatus;
        string name = status.ToSpecName();
        if (accepted > 0)
        {
            string detail = $"part {refusedIndex + 1} of {responses.Count} refused with {name} after {accepted} part(s) were accepted";
            attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.PartlyAccepted, status, detail));
            Log.Refused(_logger, carrier.Name, name, (uint)status, detail);
            return new RoutedSubmit
            {
                Outcome = RoutedSubmitOutcome.PartlyAccepted,
                Carrier = carrier,
                Parts = parts,
                Responses = responses,
                Status = status,
                ErrorCode = CarrierErrorCodes.FromCommandStatus(status),
                Error = detail,
                Attempts = attempts,
            };
        }

        if (status.IsTemporary())
        {
            attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.TemporaryError, status, $"refused with {name}"));
            Log.TemporaryRefusal(_logger, carrier.Name, name, (uint)status);
            return null;
        }

        string reason = $"refused with {name} (0x{(uint)status:X2})";
        attempts.Add(new CarrierAttempt(carrier.Name, CarrierAttemptResult.PermanentError, status, reason));
        Log.Refused(_logger, carrier.Name, name, (uint)status, "permanent error, no failover");
        return new RoutedSubmit
        {
            Outcome = RoutedSubmitOutcome.Rejected,
            Carrier = carrier,
            Parts = parts,
            Responses = responses,
            Status = status,
            ErrorCode = CarrierErrorCodes.FromCommandStatus(status),
            Error = reason,
            Attempts = attempts,
        };
    }

    /// <summary>The candidate of carrier <paramref name="name"/> alone, or none.</summary>
    private static IReadOnlyList<CarrierRoute> OnlyCarrier(IReadOnlyList<CarrierRoute> candidates, string name)
    {
        foreach (CarrierRoute candidate in candidates)
        {
            if (string.Equals(candidate.Carrier.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return [candidate];
            }
        }

        return [];
    }

    /// <summary>Enough of a number to see its country and network in a log line, not whose it is.</summary>
    internal static string Mask(string number)
    {
        const int Shown = 5;
        string text = number.Trim();
        return text.Length <= Shown ? new string('*', text.Length) : string.Concat(text.AsSpan(0, Shown), new string('*', text.Length - Shown));
    }
}
