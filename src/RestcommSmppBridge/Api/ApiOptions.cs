using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Api;

/// <summary>Settings of the Restcomm-compatible REST API (<c>Bridge:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Api";

    /// <summary>Page size of <c>GET …/SMS/Messages</c> when the request has no <c>PageSize</c>. Default 50 (Restcomm's).</summary>
    public int DefaultPageSize { get; init; } = 50;

    /// <summary>
    /// Largest page a list answers; a larger <c>PageSize</c> is clamped to it. Default 1,000 (Restcomm has no maximum,
    /// which lets one request read the whole table).
    /// </summary>
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>Longest <c>Body</c> accepted by <c>POST …/SMS/Messages</c>, in Unicode characters (an emoji counts once). Default 1,600 (Twilio's).</summary>
    public int MaxBodyLength { get; init; } = 1600;

    /// <summary>
    /// Largest request body the API reads, in bytes; a larger one is answered 413 without being stored. Default
    /// 65,536 (64 KiB: a form with a 1,600-character body of 4-byte characters, percent-encoded, is about 20 KiB).
    /// Kestrel's own default, 30 MB, would let a client make the bridge buffer a huge form.
    /// </summary>
    public long MaxRequestBodySize { get; init; } = 64 * 1024;

    /// <summary>
    /// Whether ASP.NET Core opens its request log scope (RequestId, RequestPath, ConnectionId) and an Activity (TraceId,
    /// SpanId) for every request, so that those appear as properties of the log lines written while it runs. Default
    /// false: the bridge's own API lines name the method, path, account and message, and ASP.NET Core starts the scope
    /// and the Activity only while its hosting logger is enabled, at a cost of about 0.8 KiB of allocations per
    /// request, a sixth of an API send's (see <see cref="RestcommSmppBridge.Hosting.RequestLogScope"/>).
    /// </summary>
    public bool RequestLogScope { get; init; }
}

/// <summary>Checks <see cref="ApiOptions"/> at start, one message per mistake.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        List<string> failures = [];
        if (options.MaxPageSize < 1)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxPageSize must be at least 1 (it is {options.MaxPageSize}).");
        }

        if (options.DefaultPageSize < 1 || options.DefaultPageSize > options.MaxPageSize)
        {
            failures.Add($"{ApiOptions.SectionName}:DefaultPageSize must be between 1 and MaxPageSize ({options.MaxPageSize}); it is {options.DefaultPageSize}.");
        }

        if (options.MaxBodyLength < 1)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxBodyLength must be at least 1 (it is {options.MaxBodyLength}).");
        }

        if (options.MaxRequestBodySize < 1024)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxRequestBodySize must be at least 1024 bytes (it is {options.MaxRequestBodySize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
