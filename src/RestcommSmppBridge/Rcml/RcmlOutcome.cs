namespace RestcommSmppBridge.Rcml;

/// <summary>How an RCML interaction ended.</summary>
public enum RcmlOutcomeState
{
    /// <summary>Every reachable verb ran (possibly none).</summary>
    Completed,

    /// <summary>The interaction stopped early; <see cref="RcmlOutcome.Failure"/> says why.</summary>
    Failed,
}

/// <summary>The result of <see cref="RcmlInterpreter.RunAsync"/>: what was sent and what went wrong.</summary>
public sealed record RcmlOutcome
{
    /// <summary>Completed or Failed.</summary>
    public required RcmlOutcomeState State { get; init; }

    /// <summary>The sids of the replies submitted, in order (also when the interaction failed later).</summary>
    public IReadOnlyList<string> ReplySids { get; init; } = [];

    /// <summary>Every notice raised, in order, the fatal one last.</summary>
    public IReadOnlyList<RcmlNotice> Notices { get; init; } = [];

    /// <summary>Documents requested (initial, fallback, Redirects, actions), counting failed requests.</summary>
    public int FetchCount { get; init; }

    /// <summary>The notice that ended a failed interaction; null when completed.</summary>
    public RcmlNotice? Failure { get; init; }
}
