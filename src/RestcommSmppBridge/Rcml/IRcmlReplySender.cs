namespace RestcommSmppBridge.Rcml;

/// <summary>
/// Submits a reply decided by RCML: the outbound side stores an <c>outbound-reply</c> record and queues it, as the
/// REST API does (restcomm.md §2.3). Submitting does not wait for the carrier.
/// </summary>
public interface IRcmlReplySender
{
    /// <summary>
    /// Stores and queues <paramref name="reply"/> and returns the new message's sid. Throws
    /// <see cref="RcmlReplyRejectedException"/> when the reply itself is refused (bad address, body too long); any other
    /// exception is taken as a failure of the bridge and ends the interaction too.
    /// </summary>
    Task<string> SendAsync(RcmlReply reply, CancellationToken cancellationToken);
}

/// <summary>A reply to submit.</summary>
/// <param name="AccountSid">The account of the inbound message; owns the reply.</param>
/// <param name="InboundSid">The sid of the message being answered.</param>
/// <param name="From">The sender: the verb's <c>from</c>, else the inbound To.</param>
/// <param name="To">The destination: the verb's <c>to</c>, else the inbound From.</param>
/// <param name="Body">The text, never empty.</param>
/// <param name="Encoding">The encoding to send in (see <see cref="RcmlInterpreter.ChooseEncoding"/>).</param>
/// <param name="StatusCallback">Absolute URL for status callbacks (restcomm.md §1.7), or null.</param>
/// <param name="StatusCallbackMethod">GET or POST for <paramref name="StatusCallback"/>.</param>
public sealed record RcmlReply(string AccountSid, string InboundSid, string From, string To, string Body, RcmlEncoding Encoding,
    Uri? StatusCallback, HttpMethod StatusCallbackMethod);

/// <summary>The outbound side refused a reply; <see cref="Notice"/> says why (e.g. 14102 for a bad <c>from</c>).</summary>
public sealed class RcmlReplyRejectedException : Exception
{
    /// <summary>Creates the exception with notice 13001.</summary>
    public RcmlReplyRejectedException()
        : this("The reply was refused.")
    {
    }

    /// <summary>Creates the exception with notice 13001 and <paramref name="message"/>.</summary>
    public RcmlReplyRejectedException(string message)
        : this(RcmlNoticeCodes.ReplySendFailure, message)
    {
    }

    /// <summary>Creates the exception with notice 13001, <paramref name="message"/> and its cause.</summary>
    public RcmlReplyRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Notice = new RcmlNotice(RcmlNoticeCodes.ReplySendFailure, message);
    }

    /// <summary>Creates the exception with the given notice code and text.</summary>
    public RcmlReplyRejectedException(int code, string message)
        : base(message)
    {
        Notice = new RcmlNotice(code, message);
    }

    /// <summary>The notice the interaction ends with.</summary>
    public RcmlNotice Notice { get; }
}
