namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// A URL as logs may show it: scheme, host, port and path (<see cref="WebhookEncoding.Redact"/>), never the query
/// string or user info, which may carry secrets. Formatted only when the event is written.
/// </summary>
internal readonly struct LoggedUrl(Uri url)
{
    public override string ToString() => WebhookEncoding.Redact(url);
}

/// <summary>A failure as logs show it: <c>HTTP 503</c>, or the reason (<c>Timeout</c>, <c>Connect</c>, <c>TooLarge</c>).</summary>
internal readonly struct LoggedFailure(WebhookFailureReason reason, int? statusCode)
{
    public override string ToString() =>
        reason == WebhookFailureReason.HttpStatus && statusCode is { } status
            ? "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : reason.ToString();
}
