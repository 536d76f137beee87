using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// <see cref="IRcmlFetcher"/> on the <see cref="WebhookClient"/> for one interaction: every request is signed with the
/// account's auth token, retried by the client on transport failures, 5xx, 408 and 429, and its final answer handed to
/// the interpreter whatever its status (the interpreter decides on 200 and the fallback). Remembers whether the last
/// request failed in a way worth another run later (no answer, or a 5xx/408/429 after the client's retries).
/// </summary>
internal sealed class WebhookFetcher : IRcmlFetcher
{
    private static readonly Func<WebhookResponse, bool> s_acceptAnyAnswer = static _ => true;

    private readonly WebhookClient _client;
    private readonly string? _authToken;

    public WebhookFetcher(WebhookClient client, string? authToken)
    {
        _client = client;
        _authToken = authToken;
    }

    /// <summary>True when the last request got no answer or a server-side error: running the interaction again may succeed.</summary>
    public bool LastFetchTransient { get; private set; }

    public async Task<RcmlFetchResponse> FetchAsync(RcmlFetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        WebhookMethod method = request.Method == HttpMethod.Get ? WebhookMethod.Get : WebhookMethod.Post;
        WebhookRequest webhook = new(request.Url, method, request.Parameters, _authToken);
        try
        {
            // SendWithFallbackAsync without a fallback and accepting every answer: the client's retries still apply
            // to 5xx/408/429, and the last answer reaches the interpreter, which tries the number's fallback itself.
            WebhookResponse response = await _client.SendWithFallbackAsync(webhook, null, s_acceptAnyAnswer, cancellationToken).ConfigureAwait(false);
            LastFetchTransient = response.StatusCode is 408 or 429 or (>= 500 and <= 599);
            return new RcmlFetchResponse(response.StatusCode, response.ContentType, response.GetBodyText());
        }
        catch (WebhookException ex)
        {
            LastFetchTransient = ex.Reason is WebhookFailureReason.Timeout or WebhookFailureReason.Connect;
            throw new RcmlFetchException(ex.Message, ex);
        }
    }
}
