namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>Helpers for <see cref="MessageState"/>: finality and the receipt <c>stat:</c> words (SMPP 3.4 Appendix B).</summary>
public static class MessageStateExtensions
{
    /// <summary>
    /// Tells whether a state ends the message's life at the SMSC, so a later receipt must not overwrite it.
    /// <see cref="MessageState.Scheduled"/> and <see cref="MessageState.Enroute"/> are always intermediate.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="acceptedIsFinal">
    /// Whether <see cref="MessageState.Accepted"/> is final. SMPP 3.4 §5.2.28 says it is (the default); pass
    /// <see langword="false"/> for carriers that, like Kannel, send ACCEPTD before the real outcome.
    /// </param>
    /// <returns><see langword="true"/> when the state is final.</returns>
    public static bool IsFinal(this MessageState state, bool acceptedIsFinal = true) => state switch
    {
        MessageState.Scheduled or MessageState.Enroute => false,
        MessageState.Accepted => acceptedIsFinal,
        _ => true,
    };

    /// <summary>
    /// Returns the 7-character receipt word of SMPP 3.4 Appendix B (<c>DELIVRD</c>, <c>UNDELIV</c>…); the
    /// SMPP 5.0 states, which have none there, use <c>SCHEDLD</c> and <c>SKIPPED</c>.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <returns>The receipt word.</returns>
    public static string ToStatWord(this MessageState state) => state switch
    {
        MessageState.Scheduled => "SCHEDLD",
        MessageState.Enroute => "ENROUTE",
        MessageState.Delivered => "DELIVRD",
        MessageState.Expired => "EXPIRED",
        MessageState.Deleted => "DELETED",
        MessageState.Undeliverable => "UNDELIV",
        MessageState.Accepted => "ACCEPTD",
        MessageState.Rejected => "REJECTD",
        MessageState.Skipped => "SKIPPED",
        _ => "UNKNOWN",
    };

    /// <summary>
    /// Maps a receipt <c>stat:</c> word to a state, case-insensitively. Accepts the Appendix B words, their full
    /// spellings (DELIVERED, UNDELIVERABLE, REJECTED…) and the field words ACKED, BUFFRED and BUFFERD, which
    /// carriers send while the message is still in transit and so map to <see cref="MessageState.Enroute"/>.
    /// Any other word maps to <see cref="MessageState.Unknown"/>.
    /// </summary>
    /// <param name="word">The word, surrounding white space ignored.</param>
    /// <returns>The state.</returns>
    public static MessageState FromStatWord(ReadOnlySpan<char> word)
    {
        word = word.Trim();
        if (Is(word, "DELIVRD") || Is(word, "DELIVERED"))
        {
            return MessageState.Delivered;
        }

        if (Is(word, "UNDELIV") || Is(word, "UNDELIVERABLE") || Is(word, "UNDELIVERED"))
        {
            return MessageState.Undeliverable;
        }

        if (Is(word, "EXPIRED"))
        {
            return MessageState.Expired;
        }

        if (Is(word, "DELETED"))
        {
            return MessageState.Deleted;
        }

        if (Is(word, "REJECTD") || Is(word, "REJECTED"))
        {
            return MessageState.Rejected;
        }

        if (Is(word, "ACCEPTD") || Is(word, "ACCEPTED"))
        {
            return MessageState.Accepted;
        }

        if (Is(word, "ENROUTE") || Is(word, "ACKED") || Is(word, "BUFFRED") || Is(word, "BUFFERD") || Is(word, "BUFFERED"))
        {
            return MessageState.Enroute;
        }

        if (Is(word, "SCHEDLD") || Is(word, "SCHEDULED"))
        {
            return MessageState.Scheduled;
        }

        if (Is(word, "SKIPPED"))
        {
            return MessageState.Skipped;
        }

        return MessageState.Unknown;
    }

    private static bool Is(ReadOnlySpan<char> word, string expected) =>
        word.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
