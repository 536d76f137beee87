using System.Diagnostics.Metrics;

namespace RestcommSmppBridge.Webhooks;

/// <summary>Webhook metrics on the meter <c>RestcommSmppBridge.Webhooks</c> (exported on /metrics).</summary>
public static class WebhookMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "RestcommSmppBridge.Webhooks";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Counter<long> RetriedAttempts =
        s_meter.CreateCounter<long>("webhook.attempts.retried", "{attempt}", "Attempts that failed and were retried");

    internal static readonly Counter<long> Answered =
        s_meter.CreateCounter<long>("webhook.answered", "{request}", "Webhooks answered and accepted");

    internal static readonly Counter<long> Failed =
        s_meter.CreateCounter<long>("webhook.failed", "{request}", "Webhooks given up, by reason");
}
