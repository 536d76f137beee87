namespace RestcommSmppBridge.Rcml;

/// <summary>
/// What <see cref="RcmlParser.Parse"/> found: the verbs in order, or the notice that made the whole document unusable.
/// </summary>
public sealed record RcmlParseResult
{
    /// <summary>The verbs in document order; empty for <c>&lt;Response/&gt;</c>, an empty body, or a failure.</summary>
    public IReadOnlyList<RcmlVerb> Verbs { get; init; } = [];

    /// <summary>Why the document cannot be used (12100 or 12300), or null when it parsed.</summary>
    public RcmlNotice? Error { get; init; }

    /// <summary>True when the document parsed (it may still hold no verbs).</summary>
    public bool Succeeded => Error is null;

    /// <summary>A failed result.</summary>
    public static RcmlParseResult Failed(int code, string message) => new() { Error = new RcmlNotice(code, message) };
}
