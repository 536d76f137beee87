namespace RestcommSmppBridge.Rcml;

/// <summary>
/// Fetches one RCML document from an app. Implemented on the HTTP side (signing, timeouts, retries); the interpreter
/// only decides what to fetch and what the answer means.
/// </summary>
public interface IRcmlFetcher
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns the final answer, whatever its status. Throws
    /// <see cref="RcmlFetchException"/> when no answer could be had (connection, TLS, timeout, body too large), and
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<RcmlFetchResponse> FetchAsync(RcmlFetchRequest request, CancellationToken cancellationToken);
}

/// <summary>One request to an app.</summary>
/// <param name="Url">Absolute http(s) URL.</param>
/// <param name="Method">GET (parameters in the query string) or POST (form body, UTF-8).</param>
/// <param name="Parameters">The form parameters, in order (see <see cref="RcmlParameters.Build"/>).</param>
public sealed record RcmlFetchRequest(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>An app's answer.</summary>
/// <param name="StatusCode">The HTTP status of the final response (after the HTTP side followed 3xx redirects).</param>
/// <param name="ContentType">The Content-Type header, or null.</param>
/// <param name="Body">The body decoded to text (charset of the Content-Type, else UTF-8); empty when none.</param>
public sealed record RcmlFetchResponse(int StatusCode, string? ContentType, string Body);

/// <summary>No answer could be had from the app: the notice 11205 case (restcomm.md §2.2).</summary>
public sealed class RcmlFetchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RcmlFetchException()
    {
    }

    /// <summary>Creates the exception with a reason fit for a notice (no secrets, no body).</summary>
    public RcmlFetchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason fit for a notice and its cause.</summary>
    public RcmlFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
