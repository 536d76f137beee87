namespace RestcommSmppBridge.Rcml;

/// <summary>
/// A URL as shown in logs and notices: scheme, host, port and path only. User info and the query string are dropped
/// because apps put credentials there (<c>https://user:token@host/sms?key=…</c>). Formatted only when a log line is
/// written.
/// </summary>
internal readonly record struct RcmlUrl(Uri Url)
{
    public override string ToString() =>
        Url.IsAbsoluteUri ? Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : Url.OriginalString;
}
