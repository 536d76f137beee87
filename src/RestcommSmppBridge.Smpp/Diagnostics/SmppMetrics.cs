using System.Diagnostics.Metrics;

namespace RestcommSmppBridge.Smpp.Diagnostics;

/// <summary>
/// Metrics of the SMPP library on the meter <c>RestcommSmppBridge.Smpp</c>; every measurement is tagged with the
/// session name. Collect them with OpenTelemetry, dotnet-counters or a <see cref="MeterListener"/>.
/// </summary>
public static class SmppMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "RestcommSmppBridge.Smpp";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Counter<long> PdusSent = s_meter.CreateCounter<long>("smpp.pdus.sent", "{pdu}", "PDUs written");

    internal static readonly Counter<long> PdusReceived = s_meter.CreateCounter<long>("smpp.pdus.received", "{pdu}", "PDUs read");

    internal static readonly UpDownCounter<long> WindowDepth =
        s_meter.CreateUpDownCounter<long>("smpp.window.depth", "{request}", "Requests waiting for a response");

    internal static readonly Histogram<double> ResponseTime =
        s_meter.CreateHistogram<double>("smpp.response.time", "ms", "Time from writing a request to its response");

    internal static readonly Counter<long> Responses =
        s_meter.CreateCounter<long>("smpp.responses", "{response}", "Responses received, by command_status (ESME_ROK, ESME_RTHROTTLED, ...)");

    internal static readonly Counter<long> Throttled =
        s_meter.CreateCounter<long>("smpp.throttled", "{response}", "Responses with ESME_RTHROTTLED or ESME_RMSGQFUL");

    internal static readonly Counter<long> UnknownOutcomes =
        s_meter.CreateCounter<long>("smpp.requests.unknown_outcome", "{request}", "Requests that timed out or were in flight when the connection was lost");

    internal static readonly Counter<long> LateResponses =
        s_meter.CreateCounter<long>("smpp.responses.late", "{response}", "Responses that came after their request's response timeout but within the late-response window, and were handed to the caller");

    internal static readonly Counter<long> UnmatchedResponses =
        s_meter.CreateCounter<long>("smpp.responses.unmatched", "{response}", "Responses dropped because no request waits for them (later than the late-response window, duplicated, or never asked)");

    internal static readonly UpDownCounter<long> BoundSessions =
        s_meter.CreateUpDownCounter<long>("smpp.sessions.bound", "{session}", "Sessions in a bound state");

    internal static readonly Counter<long> ThrottlePauses =
        s_meter.CreateCounter<long>("smpp.client.throttle_pauses", "{pause}", "Bind-wide pauses after ESME_RTHROTTLED or ESME_RMSGQFUL");

    internal static readonly Counter<long> RateLimitWaits =
        s_meter.CreateCounter<long>("smpp.client.rate_limit_waits", "{wait}", "Times a PDU waited for a token of its bind's TPS limit");

    internal static readonly Counter<long> Reconnects =
        s_meter.CreateCounter<long>("smpp.client.reconnects", "{attempt}", "Reconnects scheduled after a failed connect, a refused bind or a lost session");
}
