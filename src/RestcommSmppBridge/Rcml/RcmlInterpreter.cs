using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Rcml;

/// <summary>
/// Runs the RCML interaction of one inbound message (restcomm.md §2.2–2.3): fetch the app's document (or its fallback),
/// run its verbs in order, follow Redirects and <c>action</c>s, and end, always, with an <see cref="RcmlOutcome"/>.
/// Restcomm's SMPP interpreter hangs on a bad first document or an empty one; here every failure is a notice and an end,
/// and a fetch limit ends loops. Thread-safe: all state of a run is local to <see cref="RunAsync"/>.
/// </summary>
public sealed partial class RcmlInterpreter
{
    private readonly IRcmlFetcher _fetcher;
    private readonly IRcmlReplySender _sender;
    private readonly RcmlParser _parser;
    private readonly int _maxFetches;
    private readonly ILogger<RcmlInterpreter> _logger;

    /// <summary>Creates the interpreter over the two seams (HTTP fetch, reply submission).</summary>
    public RcmlInterpreter(IRcmlFetcher fetcher, IRcmlReplySender sender, RcmlParser parser, IOptions<RcmlOptions> options,
        ILogger<RcmlInterpreter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _fetcher = fetcher;
        _sender = sender;
        _parser = parser;
        _maxFetches = options.Value.MaxFetchesPerMessage;
        _logger = logger;
    }

    /// <summary>
    /// Runs the interaction. Never throws for a fault of the app, the fetcher or the reply sender: those end in a
    /// <see cref="RcmlOutcomeState.Failed"/> outcome. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled; replies submitted before that stay submitted.
    /// </summary>
    public async Task<RcmlOutcome> RunAsync(RcmlContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interaction run = new(context, _logger);
        Log.InteractionStarted(_logger, context.Inbound.SmsSid, new RcmlUrl(context.Url));

        Document? document = await FetchFirstAsync(run, cancellationToken);
        if (document is null)
        {
            return run.Outcome();
        }

        int index = 0;
        while (index < document.Verbs.Count)
        {
            RcmlVerb verb = document.Verbs[index++];
            foreach (RcmlNotice notice in verb.Notices)
            {
                run.Notice(notice);
            }

            Document? next;
            switch (verb)
            {
                case SmsVerb sms:
                    (bool sent, Uri? action) = await SendAsync(run, document.Url, sms, cancellationToken);
                    if (!sent)
                    {
                        return run.Outcome();
                    }

                    if (action is null)
                    {
                        continue;
                    }

                    // restcomm.md §2.3: right after submitting (not after delivery), with SmsStatus=sending and the
                    // inbound SmsSid; the returned document replaces the rest of this one.
                    next = await FetchAsync(run, action, sms.Method, RcmlParameters.StatusSending, cancellationToken);
                    break;

                case RedirectVerb redirect:
                    if (redirect.Url.Length == 0)
                    {
                        // restcomm.md §2.3: an empty Redirect goes on with the next verb.
                        continue;
                    }

                    if (!TryResolve(document.Url, redirect.Url, out Uri? target))
                    {
                        run.Fail(new RcmlNotice(RcmlNoticeCodes.InvalidUrl, $"<Redirect> URL '{Shorten(redirect.Url)}' is not a valid http(s) URL."));
                        return run.Outcome();
                    }

                    next = await FetchAsync(run, target, redirect.Method, RcmlParameters.StatusReceived, cancellationToken);
                    break;

                default:
                    // UnsupportedVerb: its 14110 notice was raised above; Restcomm skips it too.
                    continue;
            }

            if (next is null)
            {
                // Only the first document has a fallback (restcomm.md §2.2); a failed Redirect or action ends the run.
                return run.Outcome();
            }

            document = next;
            index = 0;
        }

        return run.Outcome();
    }

    /// <summary>
    /// The encoding of a reply: UCS-2 when the inbound message came in UCS-2 (Restcomm's rule, restcomm.md §2.3), or
    /// when the text has a character outside the GSM 03.38 alphabet and its extension table (where Restcomm would send
    /// '?'); GSM otherwise.
    /// </summary>
    public static RcmlEncoding ChooseEncoding(RcmlEncoding inbound, string body) =>
        inbound == RcmlEncoding.Ucs2 || !Gsm7.CanEncode(body) ? RcmlEncoding.Ucs2 : RcmlEncoding.Gsm;

    /// <summary>
    /// Resolves <paramref name="reference"/> (absolute, <c>/path</c>, <c>../path</c>, <c>path</c>) against the URL of
    /// the current document, as Restcomm does for Redirect and action (restcomm.md §2.3); only http(s) results count.
    /// </summary>
    public static bool TryResolve(Uri documentUrl, string reference, [NotNullWhen(true)] out Uri? resolved)
    {
        ArgumentNullException.ThrowIfNull(documentUrl);
        if (Uri.TryCreate(documentUrl, reference, out Uri? candidate)
            && candidate.IsAbsoluteUri
            && (candidate.Scheme == Uri.UriSchemeHttp || candidate.Scheme == Uri.UriSchemeHttps)
            && candidate.Host.Length > 0)
        {
            resolved = candidate;
            return true;
        }

        resolved = null;
        return false;
    }

    private async Task<Document?> FetchFirstAsync(Interaction run, CancellationToken cancellationToken)
    {
        RcmlContext context = run.Context;
        (Document? document, RcmlNotice? error) = await TryFetchAsync(run, context.Url, context.Method, RcmlParameters.StatusReceived,
            cancellationToken);
        if (document is not null)
        {
            return document;
        }

        // Bridge decision: any failure of the first document (status, network, content type, XML) tries the fallback
        // once. Restcomm stops on a bad content type, and with no fallback its SMPP interpreter hangs (restcomm.md §2.2).
        if (context.FallbackUrl is null)
        {
            run.Fail(error!);
            return null;
        }

        run.Notice(error!);
        Log.FallbackUsed(_logger, context.Inbound.SmsSid, new RcmlUrl(context.FallbackUrl));
        return await FetchAsync(run, context.FallbackUrl, context.FallbackMethod, RcmlParameters.StatusReceived, cancellationToken);
    }

    private async Task<Document?> FetchAsync(Interaction run, Uri url, HttpMethod method, string smsStatus, CancellationToken cancellationToken)
    {
        (Document? document, RcmlNotice? error) = await TryFetchAsync(run, url, method, smsStatus, cancellationToken);
        if (document is null)
        {
            run.Fail(error!);
        }

        return document;
    }

    private async Task<(Document? Document, RcmlNotice? Error)> TryFetchAsync(Interaction run, Uri url, HttpMethod method, string smsStatus,
        CancellationToken cancellationToken)
    {
        if (run.FetchCount >= _maxFetches)
        {
            return (null, new RcmlNotice(RcmlNoticeCodes.LoopLimitReached,
                $"Stopped before fetching {Display(url)}: {_maxFetches} RCML documents were already requested for this message (a Redirect or action loop?)."));
        }

        run.FetchCount++;
        string sid = run.Context.Inbound.SmsSid;
        RcmlFetchResponse response;
        try
        {
            RcmlFetchRequest request = new(url, method, RcmlParameters.Build(run.Context.Inbound, smsStatus));
            response = await _fetcher.FetchAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RcmlFetchException ex)
        {
            return (null, new RcmlNotice(RcmlNoticeCodes.HttpConnectionFailure, $"{method} {Display(url)} failed: {ex.Message}"));
        }
        catch (OperationCanceledException)
        {
            // A timeout of the HTTP side that surfaced as a cancellation rather than an RcmlFetchException.
            return (null, new RcmlNotice(RcmlNoticeCodes.HttpConnectionFailure, $"{method} {Display(url)} timed out."));
        }
        catch (Exception ex)
        {
            // A fault of the fetcher itself: logged with its stack for us, a plain notice for the app's owner.
            Log.FetcherFaulted(_logger, sid, new RcmlUrl(url), ex);
            return (null, new RcmlNotice(RcmlNoticeCodes.HttpConnectionFailure, $"{method} {Display(url)} failed inside the bridge."));
        }

        if (response.StatusCode != 200)
        {
            // restcomm.md §2.2: 200 exactly; 201 and 204 count as failures too.
            return (null, new RcmlNotice(RcmlNoticeCodes.HttpProtocolViolation,
                $"{method} {Display(url)} answered HTTP {response.StatusCode}; an RCML document needs 200."));
        }

        RcmlParseResult parsed = _parser.Parse(response.Body, response.ContentType);
        if (parsed.Error is not null)
        {
            return (null, parsed.Error with { Message = $"{Display(url)}: {parsed.Error.Message}" });
        }

        Log.DocumentFetched(_logger, sid, new RcmlUrl(url), parsed.Verbs.Count, run.FetchCount);
        return (new Document(url, parsed.Verbs), null);
    }

    // Submits one <Sms>/<Message> and returns its resolved action URL (or null); Sent is false when the interaction must
    // stop (the reason is already recorded).
    private async Task<(bool Sent, Uri? Action)> SendAsync(Interaction run, Uri documentUrl, SmsVerb sms, CancellationToken cancellationToken)
    {
        RcmlInboundMessage inbound = run.Context.Inbound;
        if (sms.Body.Length == 0)
        {
            run.Fail(new RcmlNotice(RcmlNoticeCodes.InvalidBody, $"<{sms.Name}> has no text; nothing was sent."));
            return (false, null);
        }

        // URLs are checked before the reply goes out, so a typo in action never leaves a reply without its follow-up.
        Uri? action = null;
        if (sms.Action is not null && !TryResolve(documentUrl, sms.Action, out action))
        {
            run.Fail(new RcmlNotice(RcmlNoticeCodes.InvalidUrl, $"<{sms.Name}> action '{Shorten(sms.Action)}' is not a valid http(s) URL; nothing was sent."));
            return (false, null);
        }

        Uri? statusCallback = null;
        HttpMethod statusCallbackMethod = sms.StatusCallbackMethod;
        if (sms.StatusCallback is not null)
        {
            if (!TryResolve(documentUrl, sms.StatusCallback, out statusCallback))
            {
                run.Fail(new RcmlNotice(RcmlNoticeCodes.InvalidUrl,
                    $"<{sms.Name}> statusCallback '{Shorten(sms.StatusCallback)}' is not a valid http(s) URL; nothing was sent."));
                return (false, null);
            }
        }
        else if (action is not null && sms.Name == "Sms")
        {
            // Restcomm's <Sms> has no statusCallback: its action URL also receives the reply's status callbacks
            // (restcomm.md §2.3). Twilio's <Message> keeps them apart, so only <Sms> does this.
            statusCallback = action;
            statusCallbackMethod = sms.Method;
        }

        RcmlEncoding encoding = ChooseEncoding(inbound.Encoding, sms.Body);
        RcmlReply reply = new(inbound.AccountSid, inbound.SmsSid, sms.From ?? inbound.To, sms.To ?? inbound.From, sms.Body, encoding,
            statusCallback, statusCallbackMethod);
        string replySid;
        try
        {
            replySid = await _sender.SendAsync(reply, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RcmlReplyRejectedException ex)
        {
            run.Fail(ex.Notice);
            return (false, null);
        }
        catch (Exception ex)
        {
            Log.ReplySenderFaulted(_logger, inbound.SmsSid, ex);
            run.Fail(new RcmlNotice(RcmlNoticeCodes.ReplySendFailure, $"The <{sms.Name}> reply could not be submitted (a fault inside the bridge)."));
            return (false, null);
        }

        run.ReplySids.Add(replySid);
        Log.ReplySubmitted(_logger, inbound.SmsSid, replySid, encoding);
        return (true, action);
    }

    private static string Display(Uri url) => new RcmlUrl(url).ToString();

    private static string Shorten(string value) => value.Length <= 120 ? value : string.Concat(value.AsSpan(0, 120), "…");

    private sealed record Document(Uri Url, IReadOnlyList<RcmlVerb> Verbs);

    // The mutable state of one run; never shared between runs.
    private sealed class Interaction(RcmlContext context, ILogger logger)
    {
        private readonly List<RcmlNotice> _notices = [];
        private RcmlNotice? _failure;

        public RcmlContext Context { get; } = context;

        public List<string> ReplySids { get; } = [];

        public int FetchCount { get; set; }

        public void Notice(RcmlNotice notice)
        {
            _notices.Add(notice);
            Log.NoticeRaised(logger, Context.Inbound.SmsSid, notice.Code, notice.Message);
        }

        public void Fail(RcmlNotice notice)
        {
            _notices.Add(notice);
            _failure = notice;
        }

        public RcmlOutcome Outcome()
        {
            string sid = Context.Inbound.SmsSid;
            if (_failure is null)
            {
                Log.InteractionCompleted(logger, sid, ReplySids.Count, FetchCount);
            }
            else
            {
                Log.InteractionFailed(logger, sid, _failure.Code, _failure.Message, ReplySids.Count, FetchCount);
            }

            return new RcmlOutcome
            {
                State = _failure is null ? RcmlOutcomeState.Completed : RcmlOutcomeState.Failed,
                ReplySids = ReplySids.ToArray(),
                Notices = _notices.ToArray(),
                FetchCount = FetchCount,
                Failure = _failure,
            };
        }
    }
}
