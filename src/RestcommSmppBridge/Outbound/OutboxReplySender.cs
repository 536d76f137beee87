using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Outbound;

/// <summary>
/// The RCML reply seam: stores an <c>outbound-reply</c> message in the outbox (status queued, encoding and status
/// callback from the reply), wakes the dispatcher and returns the sid. Sending is the dispatcher's job.
/// </summary>
public sealed class OutboxReplySender : IRcmlReplySender
{
    private readonly IMessageStore _messages;
    private readonly IOutboxSignal _signal;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the sender.</summary>
    public OutboxReplySender(IMessageStore messages, IOutboxSignal signal, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _messages = messages;
        _signal = signal;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<string> SendAsync(RcmlReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!AddressPolicy.IsNumber(reply.To))
        {
            throw new RcmlReplyRejectedException("The reply's destination must be a number (digits with an optional leading '+').");
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        SmsMessage message = new()
        {
            Sid = Sids.NewMessageSid(),
            AccountSid = reply.AccountSid,
            From = reply.From,
            To = reply.To,
            Body = reply.Body,
            Status = MessageStatus.Queued,
            Direction = MessageDirection.OutboundReply,
            DateCreated = now,
            DateUpdated = now,
            StatusCallback = reply.StatusCallback?.AbsoluteUri,
            StatusCallbackMethod = reply.StatusCallback is null ? null : reply.StatusCallbackMethod.Method,
            Encoding = reply.Encoding == RcmlEncoding.Ucs2 ? "UCS2" : null,
        };
        await _messages.InsertAsync(message, cancellationToken);
        _signal.Poke();
        return message.Sid;
    }
}
