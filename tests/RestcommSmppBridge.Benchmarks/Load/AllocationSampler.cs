using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>--allocations</c>: which types a run allocates, sampled in-process from the runtime's GCAllocationTick events
/// (one event per roughly 100 KB allocated, naming the type of the object that crossed the mark). Cheap enough to
/// leave the throughput figures meaningful, precise enough to tell which objects each submit_sm costs.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly object _lock = new();
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start()
    {
        lock (_lock)
        {
            _bytesByType.Clear();
        }

        _recording = true;
    }

    /// <summary>Stops recording and returns the top types as lines "bytes per message  share  type".</summary>
    public string Stop(int messages, int top = 20)
    {
        _recording = false;
        List<KeyValuePair<string, long>> rows;
        lock (_lock)
        {
            rows = [.. _bytesByType];
        }

        rows.Sort((a, b) => b.Value.CompareTo(a.Value));
        long total = rows.Sum(r => r.Value);
        StringBuilder text = new();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"  sampled allocations: {total / (double)Math.Max(1, messages):N0} B per message");
        foreach (KeyValuePair<string, long> row in rows.Take(top))
        {
            text.AppendLine(c, $"  {row.Value / (double)Math.Max(1, messages),8:N1} B  {row.Value * 100.0 / Math.Max(1, total),5:0.0}%  {row.Key}");
        }

        return text.ToString();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEventId || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        string? type = null;
        long amount = 0;
        for (int i = 0; i < eventData.PayloadNames.Count; i++)
        {
            switch (eventData.PayloadNames[i])
            {
                case "TypeName":
                    type = eventData.Payload[i] as string;
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (type is null || amount == 0)
        {
            return;
        }

        lock (_lock)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }
}
