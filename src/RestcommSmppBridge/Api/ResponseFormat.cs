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

    /// <summary>
    /// The format for an answer given before a handler has parsed its route (errors of the pipeline, unknown routes):
    /// JSON when the path contains <c>.json</c> anywhere (Restcomm's AcceptFilter looks for it in the whole path) or
    /// the <c>Accept</c> header asks for it.
    /// </summary>
    public static ResponseFormat ForRequest(HttpRequest request) =>
        Select(request, request.Path.Value?.Contains(JsonSuffix, StringComparison.Ordinal) == true);

    /// <summary>Splits a <c>{Sid}</c> route value into the Sid and whether it carried the <c>.json</c> suffix.</summary>
    public static string StripJsonSuffix(string value, out bool jsonSuffix)
    {
        jsonSuffix = value.EndsWith(JsonSuffix, StringComparison.Ordinal);
        return jsonSuffix ? value[..^JsonSuffix.Length] : value;
    }
}
