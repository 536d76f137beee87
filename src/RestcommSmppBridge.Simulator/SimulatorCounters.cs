using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Simulator;

/// <summary>What the simulator did, counted thread-safely. Read a consistent-enough copy with <see cref="Snapshot"/>.</summary>
public sealed class SimulatorCounters
{
    private readonly ConcurrentDictionary<CommandStatus, long> _responses = new();
    private readonly ConcurrentDictionary<CommandStatus, long> _moAcks = new();
    private readonly ConcurrentDictionary<CommandStatus, long> _receiptAcks = new();
    private long _bindsAccepted;
    private long _bindsRefused;
    private long _submitsReceived;
    private long _accepted;
    private long _throttled;
    private long _receiptsSent;
    private long _receiptsPending;
    private long _receiptsDropped;
    private long _intermediateSent;
    private long _mosSent;
    private long _mosFailed;
    private long _drops;
    private long _garbage;

    /// <summary>Binds accepted.</summary>
    public long BindsAccepted => Interlocked.Read(ref _bindsAccepted);

    /// <summary>Binds refused (credentials, limit, injected refusal).</summary>
    public long BindsRefused => Interlocked.Read(ref _bindsRefused);

    /// <summary>submit_sm and data_sm received.</summary>
    public long SubmitsReceived => Interlocked.Read(ref _submitsReceived);

    /// <summary>submit_sm and data_sm accepted (answered 0 with a message id).</summary>
    public long SubmitsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Requests answered ESME_RTHROTTLED by the throttle fault.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Final receipts written and acknowledged (any status).</summary>
    public long ReceiptsSent => Interlocked.Read(ref _receiptsSent);

    /// <summary>ENROUTE notifications sent.</summary>
    public long IntermediateReceiptsSent => Interlocked.Read(ref _intermediateSent);

    /// <summary>Receipts waiting for a receiver now.</summary>
    public long ReceiptsPending => Interlocked.Read(ref _receiptsPending);

    /// <summary>Receipts given up (queue full, or refused permanently by the ESME).</summary>
    public long ReceiptsDropped => Interlocked.Read(ref _receiptsDropped);

    /// <summary>MO deliver_sm PDUs sent (each part counts).</summary>
    public long MosSent => Interlocked.Read(ref _mosSent);

    /// <summary>MO deliver_sm PDUs that got no response (not sent, timeout, connection lost).</summary>
    public long MosFailed => Interlocked.Read(ref _mosFailed);

    /// <summary>Connections dropped by the drop fault.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    /// <summary>Garbage writes by the garbage fault.</summary>
    public long GarbageSent => Interlocked.Read(ref _garbage);

    /// <summary>submit_sm/data_sm responses sent, by command_status.</summary>
    public IReadOnlyDictionary<CommandStatus, long> ResponsesByStatus => new Dictionary<CommandStatus, long>(_responses);

    /// <summary>MO deliver_sm_resp received, by command_status.</summary>
    public IReadOnlyDictionary<CommandStatus, long> MoAcksByStatus => new Dictionary<CommandStatus, long>(_moAcks);

    /// <summary>Receipt deliver_sm_resp received, by command_status.</summary>
    public IReadOnlyDictionary<CommandStatus, long> ReceiptAcksByStatus => new Dictionary<CommandStatus, long>(_receiptAcks);

    /// <summary>One line for logs and the command line.</summary>
    public string Snapshot()
    {
        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture,
            $"binds ok={BindsAccepted} refused={BindsRefused} | submits in={SubmitsReceived} ok={SubmitsAccepted} throttled={Throttled} resp=[{Format(_responses)}]");
        text.Append(CultureInfo.InvariantCulture,
            $" | receipts sent={ReceiptsSent} enroute={IntermediateReceiptsSent} pending={ReceiptsPending} dropped={ReceiptsDropped} acks=[{Format(_receiptAcks)}]");
        text.Append(CultureInfo.InvariantCulture,
            $" | mo sent={MosSent} failed={MosFailed} acks=[{Format(_moAcks)}] | faults drops={Drops} garbage={GarbageSent}");
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Snapshot();

    internal void BindAccepted() => Interlocked.Increment(ref _bindsAccepted);

    internal void BindRefused() => Interlocked.Increment(ref _bindsRefused);

    internal void SubmitReceived() => Interlocked.Increment(ref _submitsReceived);

    internal void Accepted() => Interlocked.Increment(ref _accepted);

    internal void Throttle() => Interlocked.Increment(ref _throttled);

    internal void Response(CommandStatus status) => _responses.AddOrUpdate(status, 1, static (_, n) => n + 1);

    internal void ReceiptAck(CommandStatus status)
    {
        Interlocked.Increment(ref _receiptsSent);
        _receiptAcks.AddOrUpdate(status, 1, static (_, n) => n + 1);
    }

    internal void IntermediateSent() => Interlocked.Increment(ref _intermediateSent);

    internal void ReceiptPending(int delta) => Interlocked.Add(ref _receiptsPending, delta);

    internal void ReceiptDropped() => Interlocked.Increment(ref _receiptsDropped);

    internal void MoAck(CommandStatus status)
    {
        Interlocked.Increment(ref _mosSent);
        _moAcks.AddOrUpdate(status, 1, static (_, n) => n + 1);
    }

    internal void MoFailed()
    {
        Interlocked.Increment(ref _mosSent);
        Interlocked.Increment(ref _mosFailed);
    }

    internal void Drop() => Interlocked.Increment(ref _drops);

    internal void GarbageWritten() => Interlocked.Increment(ref _garbage);

    private static string Format(ConcurrentDictionary<CommandStatus, long> counts)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<CommandStatus, long> pair in counts.OrderBy(p => p.Key))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(CultureInfo.InvariantCulture, $"0x{(uint)pair.Key:X2}={pair.Value}");
        }

        return text.ToString();
    }
}
