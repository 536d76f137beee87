using RestcommSmppBridge.Smpp.Pdus;

namespace RestcommSmppBridge.Smpp.Session;

/// <summary>
/// One request in the window. Ends exactly once: response, timeout, failure or abandonment (style.md R6). The TCS runs
/// continuations asynchronously so a caller's code never runs on the read loop (style.md P3).
/// </summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<SmppResponse> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _written;
    private int _abandoned;

    public PendingRequest(SmppRequest request)
    {
        Request = request;
    }

    public SmppRequest Request { get; }

    public Task<SmppResponse> Task => _tcs.Task;

    /// <summary>Set by the writer loop once the PDU is in the pipe; from then on the outcome can be unknown.</summary>
    public bool Written => Volatile.Read(ref _written) != 0;

    /// <summary>Set when the caller gave up before the writer took the request: the writer skips it.</summary>
    public bool Abandoned => Volatile.Read(ref _abandoned) != 0;

    public long WrittenTimestamp { get; private set; }

    public void MarkWritten(long timestamp)
    {
        WrittenTimestamp = timestamp;
        Volatile.Write(ref _written, 1);
    }

    /// <summary>Marks the request abandoned if the writer has not taken it yet; true when that succeeded.</summary>
    public bool TryAbandon() => !Written && Interlocked.Exchange(ref _abandoned, 1) == 0;

    public bool TryComplete(SmppResponse response) => _tcs.TrySetResult(response);

    public bool TryFail(Exception exception) => _tcs.TrySetException(exception);
}
