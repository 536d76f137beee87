namespace RestcommSmppBridge.Webhooks;

/// <summary>The HTTP method of a webhook: Restcomm's <c>SmsMethod</c>, <c>SmsFallbackMethod</c> and status-callback method.</summary>
public enum WebhookMethod
{
    /// <summary><c>POST</c>: parameters in an <c>application/x-www-form-urlencoded</c> UTF-8 body (the default).</summary>
    Post,

    /// <summary><c>GET</c>: parameters appended to the URL's own query string.</summary>
    Get,
}

/// <summary>Parsing of the method strings stored with numbers and messages.</summary>
public static class WebhookMethods
{
    /// <summary>
    /// Reads <c>GET</c> or <c>POST</c> (any case, surrounding blanks ignored). Null or blank means POST, Restcomm's
    /// default. Anything else returns false with <paramref name="method"/> set to POST, so the caller can log its
    /// notice (Restcomm's 14104) and go on with POST as Restcomm does (restcomm.md 1.7).
    /// </summary>
    public static bool TryParse(string? value, out WebhookMethod method)
    {
        method = WebhookMethod.Post;
        ReadOnlySpan<char> text = value.AsSpan().Trim();
        if (text.IsEmpty || text.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            method = WebhookMethod.Get;
            return true;
        }

        return false;
    }

    /// <summary>The method's token on the wire, <c>GET</c> or <c>POST</c>.</summary>
    public static string ToWireValue(this WebhookMethod method) => method == WebhookMethod.Get ? "GET" : "POST";
}
