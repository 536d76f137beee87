namespace RestcommSmppBridge.Api;

/// <summary>The representation a request asked for.</summary>
internal enum ResponseFormat
{
    /// <summary>XML under <c>&lt;RestcommResponse&gt;</c>: Restcomm's default.</summary>
    Xml,

    /// <summary>Pretty-printed JSON.</summary>
    Json,
}

/// <summary>Restcomm's AcceptFilter rules (restcomm.md §1.1).</summary>
internal static class ResponseFormats
{
    public const string JsonSuffix = ".json";

    /// <summary>
    /// A <c>.json</c> suffix forces JSON; otherwise an <c>Accept</c> header containing "json" gives JSON and anything
    /// else (or none) gives XML.
    /// </summary>
    public static ResponseFormat Select(HttpRequest request, bool jsonSuffix)
    {
        if (jsonSuffix)
        {
            return ResponseFormat.Json;
        }

        foreach (string? accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                return ResponseFormat.Json;
            }
        }

        return ResponseFormat.Xml;
    }

    /// <summary>Splits a <c>{Sid}</c> route value into the Sid and whether it carried the <c>.json</c> suffix.</summary>
    public static string StripJsonSuffix(string value, out bool jsonSuffix)
    {
        jsonSuffix = value.EndsWith(JsonSuffix, StringComparison.Ordinal);
        return jsonSuffix ? value[..^JsonSuffix.Length] : value;
    }
}
