using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Client;

/// <summary>
/// One request waiting in, or sent from, a bind's ordered queue. The same instance (same PDU, same caller) is resent
/// after a throttling answer, so whatever the caller correlates with it stays valid (smpp.md P4).
/// </summary>
internal sealed class SendItem
{
    private readonly TaskCompletionSource<SmppResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;

    public SendItem(SmppRequest request, long ticket, CancellationToken cancellationToken)
    {
        Request = request;
        Ticket = ticket;
        CancellationToken = cancellationToken;
    }

    public SmppRequest Request { get; }

    /// <summary>Position in the bind's order: lower tickets are always sent (and resent) first.</summary>
    public long Ticket { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>How many times this request was resent after 0x58/0x14. Touched under the bind's lock only.</summary>
    public int ThrottleRetries { get; set; }

    /// <summary>The bind's throttle epoch when this request was last sent (a new epoch begins with each pause).</summary>
    public long Epoch { get; set; }

    /// <summary>True when this request was the first one sent in its epoch.</summary>
    public bool FirstInEpoch { get; set; }

    public Task<SmppResponse> Task => _completion.Task;

    public bool IsFinished => _completion.Task.IsCompleted;

    /// <summary>Lets the caller give up while the request still waits in the queue (never once it is written).</summary>
    public void RegisterCancellation()
    {
        if (CancellationToken.CanBeCanceled)
        {
            _registration = CancellationToken.Register(static state =>
            {
                var item = (SendItem)state!;
                item._completion.TrySetCanceled(item.CancellationToken);
            }, this);
        }
    }

    public void Succeed(SmppResponse response)
    {
        _registration.Dispose();
        _completion.TrySetResult(response);
    }

    public void Fail(Exception error)
    {
        _registration.Dispose();
        if (error is OperationCanceledException && CancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
        else
        {
            _completion.TrySetException(error);
        }
    }

    public static bool IsThrottling(CommandStatus status) =>
        status is CommandStatus.Throttled or CommandStatus.MessageQueueFull;
}
