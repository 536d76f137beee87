using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Rcml;

namespace RestcommSmppBridge.Tests.Rcml;

[TestFixture]
[CancelAfter(30_000)]
public sealed class RcmlInterpreterTests
{
    private const string AppUrl = "https://app.example/sms/first.xml";
    private const string FallbackUrl = "https://backup.example/sms.xml";
    private const string InboundSid = "SM0123456789abcdef0123456789abcdef";

    private FakeRcmlFetcher _fetcher = null!;
    private FakeRcmlReplySender _sender = null!;
    private ListLogger<RcmlInterpreter> _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _fetcher = new FakeRcmlFetcher();
        _sender = new FakeRcmlReplySender();
        _logger = new ListLogger<RcmlInterpreter>();
    }

    private RcmlInterpreter NewInterpreter(int maxFetches = 10)
    {
        IOptions<RcmlOptions> options = Options.Create(new RcmlOptions { MaxFetchesPerMessage = maxFetches });
        return new RcmlInterpreter(_fetcher, _sender, new RcmlParser(options), options, _logger);
    }

    private static RcmlContext NewContext(RcmlEncoding encoding = RcmlEncoding.Gsm, string? fallback = null) => new()
    {
        Inbound = new RcmlInboundMessage
        {
            SmsSid = InboundSid,
            AccountSid = "ACae6e420f425248d6a26948c17a9e2acf",
            From = "+15551230001",
            To = "+15559870002",
            Body = "hello bridge",
            Encoding = encoding,
            NumSegments = 2,
        },
        Url = new Uri(AppUrl),
        Method = HttpMethod.Post,
        FallbackUrl = fallback is null ? null : new Uri(fallback),
        FallbackMethod = HttpMethod.Get,
    };

    private static string Response(string verbs) => $"<Response>{verbs}</Response>";

    private static string Param(RcmlFetchRequest request, string name) =>
        request.Parameters.Single(p => p.Key == name).Value;

    [Test]
    public async Task RunAsync_SingleSms_RepliesToTheSenderFromTheInboundNumber()
    {
        _fetcher.Answer(AppUrl, Response("<Sms>Thanks!</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.Failure, Is.Null);
        Assert.That(outcome.FetchCount, Is.EqualTo(1));
        Assert.That(outcome.ReplySids, Has.Count.EqualTo(1));
        RcmlReply reply = _sender.Replies.Single();
        Assert.That(reply.To, Is.EqualTo("+15551230001"));
        Assert.That(reply.From, Is.EqualTo("+15559870002"));
        Assert.That(reply.Body, Is.EqualTo("Thanks!"));
        Assert.That(reply.Encoding, Is.EqualTo(RcmlEncoding.Gsm));
        Assert.That(reply.AccountSid, Is.EqualTo("ACae6e420f425248d6a26948c17a9e2acf"));
        Assert.That(reply.InboundSid, Is.EqualTo(InboundSid));
        Assert.That(reply.StatusCallback, Is.Null);
    }

    [Test]
    public async Task RunAsync_SmsWithToAndFrom_UsesThem()
    {
        _fetcher.Answer(AppUrl, Response("<Message to=\"+15550000009\" from=\"Shop\"><Body>Hi</Body></Message>"));

        await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(_sender.Replies.Single().To, Is.EqualTo("+15550000009"));
        Assert.That(_sender.Replies.Single().From, Is.EqualTo("Shop"));
    }

    [Test]
    public async Task RunAsync_InitialRequest_CarriesTheStandardParametersInOrder()
    {
        _fetcher.Answer(AppUrl, Response(""));

        await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        RcmlFetchRequest request = _fetcher.Requests.Single();
        Assert.That(request.Url.AbsoluteUri, Is.EqualTo(AppUrl));
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Parameters, Is.EqualTo(new KeyValuePair<string, string>[]
        {
            new("SmsSid", InboundSid),
            new("AccountSid", "ACae6e420f425248d6a26948c17a9e2acf"),
            new("From", "+15551230001"),
            new("To", "+15559870002"),
            new("Body", "hello bridge"),
            new("MessageSid", InboundSid),
            new("SmsMessageSid", InboundSid),
            new("SmsStatus", "received"),
            new("ApiVersion", "2012-04-24"),
            new("NumSegments", "2"),
            new("NumMedia", "0"),
        }));
    }

    [Test]
    public async Task RunAsync_EmptyResponse_CompletesWithoutReply()
    {
        _fetcher.Answer(AppUrl, "<Response/>");

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.ReplySids, Is.Empty);
        Assert.That(outcome.Notices, Is.Empty);
    }

    [Test]
    public async Task RunAsync_Ucs2Inbound_RepliesInUcs2EvenForGsmText()
    {
        _fetcher.Answer(AppUrl, Response("<Sms>plain ascii</Sms>"));

        await NewInterpreter().RunAsync(NewContext(RcmlEncoding.Ucs2), CancellationToken.None);

        Assert.That(_sender.Replies.Single().Encoding, Is.EqualTo(RcmlEncoding.Ucs2));
    }

    [TestCase("こんにちは", RcmlEncoding.Ucs2)]
    [TestCase("’quoted’", RcmlEncoding.Ucs2)]
    [TestCase("Prix: 5€ {ok}", RcmlEncoding.Gsm)]
    [TestCase("Grüße à Noël", RcmlEncoding.Ucs2)]
    [TestCase("Grüße", RcmlEncoding.Gsm)]
    public void ChooseEncoding_GsmInbound_UpgradesOnlyWhenTheTextNeedsIt(string body, RcmlEncoding expected)
    {
        Assert.That(RcmlInterpreter.ChooseEncoding(RcmlEncoding.Gsm, body), Is.EqualTo(expected));
    }

    [Test]
    public async Task RunAsync_SmsWithAction_FetchesTheActionAndItsDocumentReplacesTheRest()
    {
        _fetcher
            .Answer(AppUrl, Response("<Sms action=\"after.xml\" method=\"GET\">one</Sms><Sms>unreachable</Sms>"))
            .Answer("https://app.example/sms/after.xml", Response("<Sms>two</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(_sender.Replies.Select(r => r.Body), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(outcome.ReplySids, Has.Count.EqualTo(2));
        Assert.That(outcome.FetchCount, Is.EqualTo(2));
        RcmlFetchRequest action = _fetcher.Requests[1];
        Assert.That(action.Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(Param(action, "SmsStatus"), Is.EqualTo("sending"));
        Assert.That(Param(action, "SmsSid"), Is.EqualTo(InboundSid), "Restcomm sends the inbound sid, not the reply's");
    }

    [Test]
    public async Task RunAsync_SmsAction_DoublesAsStatusCallbackAsInRestcomm()
    {
        _fetcher
            .Answer(AppUrl, Response("<Sms action=\"/status\" method=\"GET\">one</Sms>"))
            .Answer("https://app.example/status", "<Response/>");

        await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        RcmlReply reply = _sender.Replies.Single();
        Assert.That(reply.StatusCallback?.AbsoluteUri, Is.EqualTo("https://app.example/status"));
        Assert.That(reply.StatusCallbackMethod, Is.EqualTo(HttpMethod.Get));
    }

    [Test]
    public async Task RunAsync_MessageAction_IsNotAStatusCallbackButStatusCallbackIs()
    {
        _fetcher
            .Answer(AppUrl, Response("<Message action=\"/next\">a</Message>"))
            .Answer("https://app.example/next", Response("<Message statusCallback=\"cb\" statusCallbackMethod=\"GET\">b</Message>"));

        await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(_sender.Replies[0].StatusCallback, Is.Null);
        Assert.That(_sender.Replies[1].StatusCallback?.AbsoluteUri, Is.EqualTo("https://app.example/cb"));
        Assert.That(_sender.Replies[1].StatusCallbackMethod, Is.EqualTo(HttpMethod.Get));
    }

    [TestCase("../next.xml", "https://app.example/next.xml")]
    [TestCase("/abs.xml", "https://app.example/abs.xml")]
    [TestCase("sibling.xml?x=1", "https://app.example/sms/sibling.xml?x=1")]
    [TestCase("https://other.example/x.xml", "https://other.example/x.xml")]
    [TestCase("//cdn.example/y.xml", "https://cdn.example/y.xml")]
    public async Task RunAsync_Redirect_ResolvesAgainstTheCurrentDocument(string reference, string expected)
    {
        _fetcher
            .Answer(AppUrl, Response($"<Redirect method=\"GET\">{reference}</Redirect><Sms>unreachable</Sms>"))
            .Answer(expected, Response("<Sms>redirected</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed), () => string.Join("; ", outcome.Notices));
        Assert.That(_fetcher.Requests[1].Url.AbsoluteUri, Is.EqualTo(expected));
        Assert.That(_fetcher.Requests[1].Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(Param(_fetcher.Requests[1], "SmsStatus"), Is.EqualTo("received"));
        Assert.That(_sender.Replies.Select(r => r.Body), Is.EqualTo(new[] { "redirected" }));
    }

    [Test]
    public async Task RunAsync_SecondRedirect_ResolvesAgainstTheRedirectedDocument()
    {
        _fetcher
            .Answer(AppUrl, Response("<Redirect>https://other.example/a/b.xml</Redirect>"))
            .Answer("https://other.example/a/b.xml", Response("<Redirect>c.xml</Redirect>"))
            .Answer("https://other.example/a/c.xml", Response("<Sms>end</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.FetchCount, Is.EqualTo(3));
    }

    [TestCase("ftp://files.example/x.xml")]
    [TestCase("file:///etc/passwd")]
    [TestCase("http://")]
    public async Task RunAsync_RedirectToANonHttpUrl_FailsWith11100(string reference)
    {
        _fetcher.Answer(AppUrl, Response($"<Redirect>{reference}</Redirect>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.InvalidUrl));
        Assert.That(_fetcher.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_EmptyRedirect_GoesOnWithTheNextVerb()
    {
        _fetcher.Answer(AppUrl, Response("<Redirect/><Sms>after</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(_sender.Replies.Single().Body, Is.EqualTo("after"));
        Assert.That(outcome.FetchCount, Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_RedirectLoop_StopsAtTheFetchLimit()
    {
        _fetcher.Answer(AppUrl, Response("<Sms>again</Sms><Redirect>first.xml</Redirect>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.LoopLimitReached));
        Assert.That(outcome.FetchCount, Is.EqualTo(10));
        Assert.That(_fetcher.Requests, Has.Count.EqualTo(10));
        Assert.That(outcome.ReplySids, Has.Count.EqualTo(10));
    }

    [Test]
    public async Task RunAsync_ActionLoop_StopsAtAConfiguredLimit()
    {
        _fetcher.Answer(AppUrl, Response("<Sms action=\"first.xml\">again</Sms>"));

        RcmlOutcome outcome = await NewInterpreter(maxFetches: 3).RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.LoopLimitReached));
        Assert.That(outcome.FetchCount, Is.EqualTo(3));
        Assert.That(_sender.Replies, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task RunAsync_ServerErrorWithoutFallback_FailsWith11206()
    {
        _fetcher.Status(AppUrl, 500);

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.HttpProtocolViolation));
        Assert.That(outcome.Failure?.Message, Does.Contain("500"));
        Assert.That(outcome.FetchCount, Is.EqualTo(1));
        Assert.That(_sender.Replies, Is.Empty);
    }

    [TestCase(500)]
    [TestCase(204)]
    [TestCase(201)]
    [TestCase(404)]
    public async Task RunAsync_Non200WithFallback_UsesTheFallbackOnce(int status)
    {
        _fetcher.Status(AppUrl, status).Answer(FallbackUrl, Response("<Sms>from the fallback</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(fallback: FallbackUrl), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.FetchCount, Is.EqualTo(2));
        Assert.That(outcome.Notices.Select(n => n.Code), Is.EqualTo(new[] { RcmlNoticeCodes.HttpProtocolViolation }));
        Assert.That(_fetcher.Requests[1].Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(_sender.Replies.Single().Body, Is.EqualTo("from the fallback"));
    }

    [Test]
    public async Task RunAsync_FetchException_UsesTheFallback()
    {
        _fetcher.Throw(AppUrl, new RcmlFetchException("connection refused")).Answer(FallbackUrl, Response("<Sms>ok</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(fallback: FallbackUrl), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.Notices.Single().Code, Is.EqualTo(RcmlNoticeCodes.HttpConnectionFailure));
        Assert.That(outcome.Notices.Single().Message, Does.Contain("connection refused"));
        Assert.That(_sender.Replies, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_FetcherTimeoutAsCancellation_IsAFailureNotAnException()
    {
        _fetcher.Throw(AppUrl, new TaskCanceledException("HttpClient.Timeout"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.HttpConnectionFailure));
        Assert.That(outcome.Failure?.Message, Does.Contain("timed out"));
    }

    [Test]
    public async Task RunAsync_FetcherBug_IsLoggedAndEndsTheInteraction()
    {
        _fetcher.Throw(AppUrl, new InvalidOperationException("bug"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.HttpConnectionFailure));
        Assert.That(_logger.Entries.Select(e => e.EventId.Id), Does.Contain(3107));
    }

    [Test]
    public async Task RunAsync_BadXmlFromTheFallback_FailsWithBothNotices()
    {
        _fetcher.Status(AppUrl, 503).Answer(FallbackUrl, "<Response><Sms>broken</Response>");

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(fallback: FallbackUrl), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Notices.Select(n => n.Code),
            Is.EqualTo(new[] { RcmlNoticeCodes.HttpProtocolViolation, RcmlNoticeCodes.DocumentParseFailure }));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.DocumentParseFailure));
        Assert.That(outcome.Failure?.Message, Does.StartWith("https://backup.example/sms.xml"));
        Assert.That(_sender.Replies, Is.Empty);
    }

    [Test]
    public async Task RunAsync_BadContentTypeWithFallback_UsesTheFallback()
    {
        _fetcher.Answer(AppUrl, "Thanks!", "text/plain").Answer(FallbackUrl, Response("<Sms>ok</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(fallback: FallbackUrl), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.Notices.Single().Code, Is.EqualTo(RcmlNoticeCodes.InvalidContentType));
    }

    [Test]
    public async Task RunAsync_RedirectFailure_DoesNotUseTheFallback()
    {
        _fetcher
            .Answer(AppUrl, Response("<Redirect>/gone</Redirect>"))
            .Answer(FallbackUrl, Response("<Sms>should not be sent</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(fallback: FallbackUrl), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Failure?.Message, Does.Contain("404"));
        Assert.That(_fetcher.Requests, Has.Count.EqualTo(2));
        Assert.That(_sender.Replies, Is.Empty);
    }

    [Test]
    public async Task RunAsync_ActionFailure_KeepsTheReplyAndFails()
    {
        _fetcher.Answer(AppUrl, Response("<Sms action=\"/broken\">one</Sms>")).Status("https://app.example/broken", 500);

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.ReplySids, Has.Count.EqualTo(1));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.HttpProtocolViolation));
    }

    [Test]
    public async Task RunAsync_InvalidActionUrl_SendsNothingAndFailsWith11100()
    {
        _fetcher.Answer(AppUrl, Response("<Sms action=\"mailto:someone@example.com\">one</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.InvalidUrl));
        Assert.That(_sender.Replies, Is.Empty);
    }

    [Test]
    public async Task RunAsync_UnsupportedVerb_IsSkippedWithALoggedNoticeAndTheSmsStillGoes()
    {
        _fetcher.Answer(AppUrl, Response("<Say>Hello</Say><Email to=\"a@example.com\" from=\"b@example.com\">x</Email><Sms>still sent</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(_sender.Replies.Single().Body, Is.EqualTo("still sent"));
        Assert.That(outcome.Notices.Select(n => n.Code), Is.EqualTo(new[] { RcmlNoticeCodes.InvalidVerb, RcmlNoticeCodes.InvalidVerb }));
        Assert.That(_logger.Entries.Count(e => e.EventId.Id == 3102 && e.Level == LogLevel.Warning), Is.EqualTo(2));
    }

    [Test]
    public async Task RunAsync_NoticesOfUnreachableVerbs_AreNotRaised()
    {
        _fetcher
            .Answer(AppUrl, Response("<Redirect>/next</Redirect><Sms method=\"PUT\">never</Sms><Dial>x</Dial>"))
            .Answer("https://app.example/next", "<Response/>");

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Completed));
        Assert.That(outcome.Notices, Is.Empty);
    }

    [TestCase("<Sms></Sms>")]
    [TestCase("<Sms>   </Sms>")]
    [TestCase("<Message><Media>https://img.example/a.png</Media></Message>")]
    public async Task RunAsync_EmptyBody_FailsWith14103AndSendsNothing(string verb)
    {
        _fetcher.Answer(AppUrl, Response(verb + "<Sms>unreachable</Sms>"));

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.InvalidBody));
        Assert.That(_sender.Replies, Is.Empty);
    }

    [Test]
    public async Task RunAsync_ReplySenderThrows_FailsWith13001InsteadOfThrowing()
    {
        _fetcher.Answer(AppUrl, Response("<Sms>one</Sms><Sms>two</Sms>"));
        _sender.Failure = new InvalidOperationException("outbox unavailable");

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.State, Is.EqualTo(RcmlOutcomeState.Failed));
        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.ReplySendFailure));
        Assert.That(outcome.Failure?.Message, Does.Not.Contain("outbox unavailable"));
        Assert.That(_logger.Entries.Select(e => e.EventId.Id), Does.Contain(3108));
    }

    [Test]
    public async Task RunAsync_ReplyRejected_FailsWithTheSendersNotice()
    {
        _fetcher.Answer(AppUrl, Response("<Sms from=\"not a number!\">one</Sms>"));
        _sender.Failure = new RcmlReplyRejectedException(RcmlNoticeCodes.InvalidFrom, "From 'not a number!' is not a valid sender.");

        RcmlOutcome outcome = await NewInterpreter().RunAsync(NewContext(), CancellationToken.None);

        Assert.That(outcome.Failure?.Code, Is.EqualTo(RcmlNoticeCodes.InvalidFrom));
    }

    [Test]
    public void RunAsync_Cancelled_Throws()
    {
        _fetcher.Answer(AppUrl, Response("<Sms>one</Sms>"));
        using CancellationTokenSource cancellation = new();
        cancellation.Cancel();

        Assert.That(async () => await NewInterpreter().RunAsync(NewContext(), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_sender.Replies, Is.Empty);
    }

    [Test]
    public void RunAsync_CancelledDuringTheSecondFetch_ThrowsAfterTheFirstReply()
    {
        using CancellationTokenSource cancellation = new();
        _fetcher
            .Answer(AppUrl, Response("<Sms action=\"/next\">one</Sms>"))
            .Route("https://app.example/next", _ =>
            {
                cancellation.Cancel();
                throw new OperationCanceledException(cancellation.Token);
            });

        Assert.That(async () => await NewInterpreter().RunAsync(NewContext(), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_sender.Replies, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_UrlWithCredentials_NeverShowsThemInNoticesOrLogs()
    {
        const string secretUrl = "https://user:s3cret@app.example/sms?token=t0ken";
        _fetcher.Status(secretUrl, 500);
        RcmlContext context = NewContext() with { Url = new Uri(secretUrl) };

        RcmlOutcome outcome = await NewInterpreter().RunAsync(context, CancellationToken.None);

        Assert.That(outcome.Failure?.Message, Does.Contain("https://app.example/sms"));
        Assert.That(outcome.Failure?.Message, Does.Not.Contain("s3cret").And.Not.Contain("t0ken"));
        Assert.That(_logger.Entries.Select(e => e.Message), Has.None.Contain("s3cret").And.None.Contain("t0ken"));
    }
}
