namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// A URL as logs may show it: scheme, host, port and path (<see cref="WebhookEncoding.Redact"/>), never the query
/// string or user info, which may carry secrets. Formatted only when the event is written.
/// </summary>
internal readonly struct LoggedUrl(Uri url)
{
    public override string ToString() => WebhookEncoding.Redact(url);
}
