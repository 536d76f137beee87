namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// The outcome of <see cref="MessageSplitter"/>: the parts, or why there are none. A too-long text is a property of
/// the user's input, not a programming error, so it is reported here instead of thrown; the gateway turns it into a
/// 4xx answer.
/// </summary>
public sealed class SplitResult
{
    private SplitResult(IReadOnlyList<MessagePart> parts, SplitError error, string? errorMessage)
    {
        Parts = parts;
        Error = error;
        ErrorMessage = errorMessage;
    }

    /// <summary>True when <see cref="Parts"/> holds the message.</summary>
    public bool Succeeded => Error == SplitError.None;

    /// <summary>The parts in order (sequence 1 first); empty when the split failed.</summary>
    public IReadOnlyList<MessagePart> Parts { get; }

    /// <summary>Why the split failed, or <see cref="SplitError.None"/>.</summary>
    public SplitError Error { get; }

    /// <summary>A sentence for logs and API answers when the split failed, else null.</summary>
    public string? ErrorMessage { get; }

    internal static SplitResult Success(IReadOnlyList<MessagePart> parts) => new(parts, SplitError.None, null);

    internal static SplitResult Failure(SplitError error, string message) => new([], error, message);
}
