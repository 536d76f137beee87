using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Rcml;

namespace RestcommSmppBridge.Tests.Rcml;

/// <summary>
/// The app side of the fetch seam: answers by absolute URL from a table, records every request. Unknown URLs answer
/// 404, so a wrong resolution shows up as a failed outcome rather than a hang.
/// </summary>
internal sealed class FakeRcmlFetcher : IRcmlFetcher
{
    private readonly Dictionary<string, Func<RcmlFetchRequest, RcmlFetchResponse>> _routes = new(StringComparer.Ordinal);

    public List<RcmlFetchRequest> Requests { get; } = [];

    public FakeRcmlFetcher Answer(string url, string document, string contentType = "text/xml") =>
        Route(url, _ => new RcmlFetchResponse(200, contentType, document));

    public FakeRcmlFetcher Status(string url, int statusCode) =>
        Route(url, _ => new RcmlFetchResponse(statusCode, "text/html", "<html>error</html>"));

    public FakeRcmlFetcher Throw(string url, Exception exception) => Route(url, _ => throw exception);

    public FakeRcmlFetcher Route(string url, Func<RcmlFetchRequest, RcmlFetchResponse> answer)
    {
        _routes[url] = answer;
        return this;
    }

    public Task<RcmlFetchResponse> FetchAsync(RcmlFetchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(request);
        return _routes.TryGetValue(request.Url.AbsoluteUri, out Func<RcmlFetchRequest, RcmlFetchResponse>? answer)
            ? Task.FromResult(answer(request))
            : Task.FromResult(new RcmlFetchResponse(404, "text/html", "not found"));
    }
}

/// <summary>The outbound side of the reply seam: records replies and hands out sids, or fails as told.</summary>
internal sealed class FakeRcmlReplySender : IRcmlReplySender
{
    public List<RcmlReply> Replies { get; } = [];

    public Exception? Failure { get; set; }

    public Task<string> SendAsync(RcmlReply reply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Failure is not null)
        {
            return Task.FromException<string>(Failure);
        }

        Replies.Add(reply);
        return Task.FromResult($"SM{Replies.Count:D32}");
    }
}

/// <summary>Keeps every log entry so tests can check that notices are logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId, formatter(state, exception)));
}
