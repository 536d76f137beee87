using System.Buffers;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// Makes webhooks: the request to a number's SMS URL (and its fallback) and status callbacks (restcomm.md 1.7, 2.1).
/// Each request is signed (<see cref="WebhookSigner"/>), bounded in time (a timeout per attempt and one in total) and
/// in size (<see cref="WebhookOptions.MaxResponseBytes"/>), and retried through a Polly pipeline on connection
/// failures, timeouts, 5xx, 408 and 429 (honouring <c>Retry-After</c>), never on other answers. Redirects are
/// followed by hand so that each hop keeps the method and parameters and gets its own signature.
/// <para>
/// A typed HttpClient: register it with <c>AddWebhooks</c>, which gives it a handler that does not follow
/// redirects itself, keeps no cookies and renews pooled connections (so a singleton may hold the client). Failures
/// come out as <see cref="WebhookException"/>; cancelling the token throws <see cref="OperationCanceledException"/>.
/// </para>
/// </summary>
public sealed partial class WebhookClient
{
    private static readonly ResiliencePropertyKey<AttemptState> s_stateKey = new("RestcommSmppBridge.Webhooks.State");
    private static readonly MediaTypeHeaderValue s_formContentType = MediaTypeHeaderValue.Parse(WebhookEncoding.FormContentType);
    private static readonly Func<WebhookResponse, bool> s_isSuccess = static response => response.StatusCode is >= 200 and <= 299;

    private readonly HttpClient _httpClient;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<AttemptResult> _retrying;
    private readonly ResiliencePipeline<AttemptResult> _singleAttempt;

    /// <summary>Creates the client (normally done by the HttpClient factory; see <c>AddWebhooks</c>).</summary>
    public WebhookClient(HttpClient httpClient, IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<WebhookClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _retrying = BuildRetryingPipeline();
        _singleAttempt = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = timeProvider }
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    /// <summary>The <c>User-Agent</c> of every webhook: <c>RestcommSmppBridge/&lt;version&gt;</c>.</summary>
    public static ProductInfoHeaderValue UserAgent { get; } = new("RestcommSmppBridge", ProductVersion());

    /// <summary>
    /// Makes the webhook, with retries. Returns a 2xx answer; anything else ends in <see cref="WebhookException"/>.
    /// This is the status-callback call: a callback is delivered when its URL answers 2xx.
    /// </summary>
    /// <exception cref="WebhookException">The webhook failed for good.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync(request, _retrying, s_isSuccess, fromFallback: false, cancellationToken);
    }

    /// <summary>
    /// Makes the webhook to <paramref name="primary"/> with retries; when it fails (no connection, timeout, too large,
    /// or an answer <paramref name="accept"/> refuses), makes one attempt at <paramref name="fallback"/>, if given
    /// (Restcomm's <c>SmsFallbackUrl</c>, restcomm.md 2.2). For RCML, pass a predicate accepting exactly 200.
    /// </summary>
    /// <param name="primary">The SMS URL request.</param>
    /// <param name="fallback">The fallback request, or null.</param>
    /// <param name="accept">Which answers count as success; null accepts every 2xx. Only 2xx answers carry a body.</param>
    /// <param name="cancellationToken">Cancels the whole exchange.</param>
    /// <returns>The accepted answer; <see cref="WebhookResponse.FromFallback"/> tells which URL gave it.</returns>
    /// <exception cref="WebhookException">Both failed (the fallback's failure is thrown), or the primary failed and there is no fallback.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<WebhookResponse> SendWithFallbackAsync(WebhookRequest primary, WebhookRequest? fallback,
        Func<WebhookResponse, bool>? accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(primary);
        accept ??= s_isSuccess;
        try
        {
            return await ExecuteAsync(primary, _retrying, accept, fromFallback: false, cancellationToken).ConfigureAwait(false);
        }
        catch (WebhookException failure) when (fallback is not null)
        {
            Log.FallbackUsed(_logger, primary.Method, new LoggedUrl(primary.Url), new LoggedFailure(failure.Reason, failure.StatusCode),
                fallback.Method, new LoggedUrl(fallback.Url));
            return await ExecuteAsync(fallback, _singleAttempt, accept, fromFallback: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The primary handler <c>AddWebhooks</c> gives the client: redirects are followed by the client itself (to keep
    /// POST and re-sign each hop), cookies are not kept between unrelated apps, pooled connections are renewed every
    /// two minutes so DNS changes are seen, and answers are not decompressed (the size limit counts wire bytes).
    /// </summary>
    internal static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    private static string ProductVersion()
    {
        string? version = typeof(WebhookClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return typeof(WebhookClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        // "1.2.3+commitsha": the build metadata is noise in a product token.
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }

    private static bool IsRetryableStatus(int statusCode) => statusCode is 408 or 429 or (>= 500 and <= 599);

    private static bool IsRedirect(int statusCode) => statusCode is 301 or 302 or 303 or 307 or 308;

    private ResiliencePipeline<AttemptResult> BuildRetryingPipeline()
    {
        // Outermost first: the total timeout bounds every attempt and every pause; each attempt has its own timeout.
        ResiliencePipelineBuilder<AttemptResult> builder = new() { TimeProvider = _timeProvider };
        builder.AddTimeout(_options.TotalTimeout);
        if (_options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BackoffInitial,
                MaxDelay = _options.BackoffMax,
                ShouldHandle = ShouldRetryAsync,
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = OnRetryAsync,
            });
        }

        builder.AddTimeout(_options.AttemptTimeout);
        return builder.Build();
    }

    private ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<AttemptResult> args)
    {
        if (args.Outcome.Exception is { } exception)
        {
            // HttpRequestException: refused, DNS, TLS, reset before the headers; IOException: broken while reading
            // the body; TimeoutRejectedException: this attempt's timeout. Anything else is not transient.
            return ValueTask.FromResult(exception is HttpRequestException or IOException or TimeoutRejectedException);
        }

        AttemptResult result = args.Outcome.Result!;
        if (result.TooLarge || !IsRetryableStatus(result.StatusCode))
        {
            return ValueTask.FromResult(false);
        }

        if (result.RetryAfter is { } retryAfter && args.Context.Properties.TryGetValue(s_stateKey, out AttemptState? state))
        {
            // A pause the total timeout cannot fit would only end in a timeout: give up now, with the server's status.
            TimeSpan remaining = _options.TotalTimeout - _timeProvider.GetElapsedTime(state.StartedAt);
            if (retryAfter >= remaining)
            {
                Log.RetryAfterBeyondBudget(_logger, new LoggedUrl(result.Url), result.StatusCode, retryAfter, remaining);
                return ValueTask.FromResult(false);
            }
        }

        return ValueTask.FromResult(true);
    }

    private ValueTask OnRetryAsync(OnRetryArguments<AttemptResult> args)
    {
        if (args.Context.Properties.TryGetValue(s_stateKey, out AttemptState? state))
        {
            (WebhookFailureReason reason, int? statusCode) = Classify(args.Outcome);
            WebhookMetrics.RetriedAttempts.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
            Log.AttemptFailed(_logger, state.Request.Method, new LoggedUrl(state.Request.Url),
                args.AttemptNumber + 1, new LoggedFailure(reason, statusCode), args.RetryDelay);
        }

        return ValueTask.CompletedTask;
    }

    private static (WebhookFailureReason Reason, int? StatusCode) Classify(Outcome<AttemptResult> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => (WebhookFailureReason.Timeout, null),
        { Exception: not null } => (WebhookFailureReason.Connect, null),
        { Result.TooLarge: true } => (WebhookFailureReason.TooLarge, outcome.Result.StatusCode),
        _ => (WebhookFailureReason.HttpStatus, outcome.Result?.StatusCode),
    };

    private async Task<WebhookResponse> ExecuteAsync(WebhookRequest request, ResiliencePipeline<AttemptResult> pipeline,
        Func<WebhookResponse, bool> accept, bool fromFallback, CancellationToken cancellationToken)
    {
        AttemptState state = new(request, _timeProvider.GetTimestamp());
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(s_stateKey, state);
        AttemptResult result;
        try
        {
            result = await pipeline.ExecuteAsync(static (context, self) => self.AttemptAsync(context), context, this).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException exception)
        {
            throw Fail(state, WebhookFailureReason.Timeout, null, exception, fromFallback);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's cancellation and not Polly's timeout: HttpClient.Timeout of a client built elsewhere.
            throw Fail(state, WebhookFailureReason.Timeout, null, exception, fromFallback);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw Fail(state, WebhookFailureReason.Connect, null, exception, fromFallback);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (result.TooLarge)
        {
            Log.ResponseTooLarge(_logger, new LoggedUrl(result.Url), _options.MaxResponseBytes);
            throw Fail(state, WebhookFailureReason.TooLarge, result.StatusCode, null, fromFallback);
        }

        WebhookResponse response = new(result.StatusCode, result.ContentType, result.Body, state.Attempts)
        {
            Url = result.Url,
            FromFallback = fromFallback,
        };
        if (!accept(response))
        {
            if (result.StatusCode is >= 200 and <= 299)
            {
                Log.AnswerNotAccepted(_logger, request.Method, new LoggedUrl(result.Url), result.StatusCode);
            }

            throw Fail(state, WebhookFailureReason.HttpStatus, result.StatusCode, null, fromFallback);
        }

        Log.Answered(_logger, request.Method, new LoggedUrl(result.Url), result.StatusCode, result.Body.Length, state.Attempts);
        WebhookMetrics.Answered.Add(1);
        return response;
    }

    private WebhookException Fail(AttemptState state, WebhookFailureReason reason, int? statusCode, Exception? cause, bool fromFallback)
    {
        Log.GaveUp(_logger, state.Request.Method, new LoggedUrl(state.Request.Url), state.Attempts, new LoggedFailure(reason, statusCode));
        WebhookMetrics.Failed.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
        return new WebhookException(reason, state.Request.Url, state.Attempts, statusCode, cause) { FromFallback = fromFallback };
    }

    // One attempt: the request and the redirects it leads to, all within this attempt's timeout (the context's token).
    private async ValueTask<AttemptResult> AttemptAsync(ResilienceContext context)
    {
        AttemptState state = context.Properties.GetValue(s_stateKey, null!);
        state.Attempts++;
        CancellationToken cancellationToken = context.CancellationToken;
        Uri target = state.Request.BuildTargetUrl();
        for (int redirects = 0; ; redirects++)
        {
            using HttpRequestMessage message = CreateMessage(state.Request, target);
            using HttpResponseMessage response = await _httpClient
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            int statusCode = (int)response.StatusCode;
            if (IsRedirect(statusCode) && FollowRedirect(target, response.Headers.Location, statusCode, redirects) is { } next)
            {
                target = next;
                continue;
            }

            TimeSpan? retryAfter = RetryAfterDelay(response.Headers.RetryAfter, _timeProvider.GetUtcNow());
            string? contentType = response.Content.Headers.ContentType?.ToString();
            if (statusCode is < 200 or > 299)
            {
                // Failures carry no body to the caller, so none is read (a retried 5xx may be large).
                return new AttemptResult(statusCode, contentType, ReadOnlyMemory<byte>.Empty, target, retryAfter, TooLarge: false);
            }

            ReadOnlyMemory<byte>? body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new AttemptResult(statusCode, contentType, body ?? ReadOnlyMemory<byte>.Empty, target, retryAfter, TooLarge: body is null);
        }
    }

    private static HttpRequestMessage CreateMessage(WebhookRequest request, Uri target)
    {
        HttpRequestMessage message;
        if (request.Method == WebhookMethod.Post)
        {
            ByteArrayContent content = new(Encoding.UTF8.GetBytes(WebhookEncoding.EncodeForm(request.Parameters)));
            content.Headers.ContentType = s_formContentType;
            message = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        }
        else
        {
            message = new HttpRequestMessage(HttpMethod.Get, target);
        }

        message.Headers.UserAgent.Add(UserAgent);
        if (WebhookSigner.Sign(request, target) is { } signature)
        {
            message.Headers.TryAddWithoutValidation(WebhookSigner.RestcommSignatureHeader, signature);
            message.Headers.TryAddWithoutValidation(WebhookSigner.TwilioSignatureHeader, signature);
        }

        return message;
    }

    // Restcomm follows 301/302/303/307 keeping the method and parameters (restcomm.md 2.1), unlike browsers and
    // HttpClient, which turn a redirected POST into a GET without a body. A POST goes to the new URL with the same
    // form; a GET goes to the Location as given (the server already put in it the query it wants). Each hop is
    // signed for its own URL, so the app that finally answers can check it. Never from https down to http.
    private Uri? FollowRedirect(Uri current, Uri? location, int statusCode, int redirectsSoFar)
    {
        string why;
        if (location is null)
        {
            why = "no Location header";
        }
        else if (redirectsSoFar >= _options.MaxRedirects)
        {
            why = $"more than {_options.MaxRedirects} redirect(s)";
        }
        else
        {
            Uri next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (!WebhookRequest.IsHttpUrl(next))
            {
                why = "the Location is not an http or https URL";
            }
            else if (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
            {
                why = "it would leave https for plain http";
            }
            else
            {
                Log.Redirected(_logger, new LoggedUrl(current), statusCode, new LoggedUrl(next));
                return WebhookEncoding.WireUrl(next);
            }
        }

        Log.RedirectNotFollowed(_logger, new LoggedUrl(current), statusCode, why);
        return null;
    }

    // Reads at most MaxResponseBytes; null when the body is larger (declared or actual), which is then not buffered.
    private async ValueTask<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        int limit = _options.MaxResponseBytes;
        long? declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return null;
        }

        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using MemoryStream body = new(declared is { } length ? (int)length : Math.Min(limit, 4096));
            byte[] chunk = ArrayPool<byte>.Shared.Rent(8192);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > limit)
                    {
                        return null;
                    }

                    body.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
        }
    }

    /// <summary>The pause a <c>Retry-After</c> header asks for (RFC 9110 §10.2.3): seconds, or a date relative to <paramref name="now"/>.</summary>
    internal static TimeSpan? RetryAfterDelay(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            TimeSpan wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private sealed class AttemptState(WebhookRequest request, long startedAt)
    {
        public WebhookRequest Request { get; } = request;

        public long StartedAt { get; } = startedAt;

        public int Attempts { get; set; }
    }

    private sealed record AttemptResult(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, Uri Url, TimeSpan? RetryAfter, bool TooLarge);
}
