using System.Security.Cryptography;
using System.Text;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.EndToEnd;

/// <summary>
/// Issue 5, MO to reply through the real daemon: the simulator sends a deliver_sm, the bridge calls the RCML app, runs
/// the documents it answers (Redirect, Sms with action, a Redirect loop) and the replies reach the simulator as
/// submit_sm, with the right text, encoding and parts; each reply's receipt ends it delivered.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RcmlEndToEndTests
{
    private const string Carrier = "mno";
    private const string ChainNumber = "+15550101";
    private const string LoopNumber = "+15550102";
    private const string GsmNumber = "+15550103";
    private const string Ucs2Number = "+15550104";

    private BridgeRig _rig = null!;

    private SmscSimulator Simulator => _rig.Simulator(Carrier);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _rig = await BridgeRig.StartAsync(
            [new RigCarrier(Carrier, new SimulatorOptions(), [("", 1)])],
            [
                new RigNumber(ChainNumber, "/chain/start"),
                new RigNumber(LoopNumber, "/loop"),
                new RigNumber(GsmNumber, "/gsm"),
                new RigNumber(Ucs2Number, "/ucs2"),
            ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _rig.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task Mo_RedirectThenSmsActionThenSms_BothRepliesSubmittedInOrderAndDelivered()
    {
        const string Sender = "+447700900201";
        // Relative URLs: "next" and "action" resolve against the URL of the document that names them.
        _rig.App.On("/chain/start", Xml("<Response><Redirect>next</Redirect></Response>"));
        _rig.App.On("/chain/next", Xml("<Response><Sms action=\"action\">first reply</Sms></Response>"));
        _rig.App.On("/chain/action", Xml("<Response><Sms>second reply</Sms></Response>"));

        IReadOnlyList<CommandStatus> acks = await Simulator.InjectMoAsync(Sender, ChainNumber, "start the chain");
        Assert.That(acks, Is.EqualTo(new[] { CommandStatus.Ok }));

        bool replied = await BridgeRig.EventuallyAsync(() => RepliesTo(Sender).Count >= 2, TimeSpan.FromSeconds(15));
        Assert.That(replied, Is.True, "replies at the simulator: " + RepliesTo(Sender).Count + "\n" + _rig.Daemon.Output);
        IReadOnlyList<SimulatedMessage> replies = RepliesTo(Sender);

        RecordedRequest start = _rig.App.RequestsTo("/chain/start").Single();
        RecordedRequest next = _rig.App.RequestsTo("/chain/next").Single();
        RecordedRequest action = _rig.App.RequestsTo("/chain/action")[0];
        string inboundSid = BridgeRig.Field(start, "SmsSid")!;
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Text), Is.EqualTo(new[] { "first reply", "second reply" }), "in the order the documents gave them");
            Assert.That(replies.Select(r => r.DataCoding), Is.All.EqualTo((byte)0));
            Assert.That(BridgeRig.Field(start, "Body"), Is.EqualTo("start the chain"));
            // The simulator writes international numbers without '+' (TON 1); the carrier's default
            // InboundAddressFormat (E164) gives them to the app in E.164 form.
            Assert.That(BridgeRig.Field(start, "From"), Is.EqualTo("+" + Digits(Sender)));
            Assert.That(BridgeRig.Field(start, "To"), Is.EqualTo("+" + Digits(ChainNumber)));
            Assert.That(BridgeRig.Field(start, "SmsStatus"), Is.EqualTo("received"));
            Assert.That(SignatureValid(start), Is.True, "X-Twilio-Signature checks with the account's token");
            Assert.That(start.Header("X-Restcomm-Signature"), Is.EqualTo(start.Header("X-Twilio-Signature")));
            Assert.That(BridgeRig.Field(next, "SmsSid"), Is.EqualTo(inboundSid), "a Redirect carries the inbound sid");
            Assert.That(SignatureValid(next), Is.True);
            Assert.That(BridgeRig.Field(action, "SmsSid"), Is.EqualTo(inboundSid), "so does the action request");
            Assert.That(BridgeRig.Field(action, "SmsStatus"), Is.EqualTo("sending"));
        });

        // Both replies end delivered; the action URL also gets the first reply's status callbacks (Restcomm behaviour).
        Dictionary<string, RigMessage> messages = [];
        bool delivered = await BridgeRig.EventuallyAsync(async () =>
        {
            messages = await _rig.ListAsync();
            return messages.Values.Count(m => m.Direction == "outbound-reply" && Digits(m.To) == Digits(Sender) && m.Status == "delivered") == 2;
        }, TimeSpan.FromSeconds(15));
        Assert.That(delivered, Is.True, string.Join("\n", messages.Values));
        string firstReplySid = messages.Values.Single(m => Digits(m.To) == Digits(Sender) && m.Body == "first reply").Sid;
        bool callback = await BridgeRig.EventuallyAsync(
            () => _rig.CallbackStatuses(firstReplySid, "/chain/action").Contains("delivered"), TimeSpan.FromSeconds(10));
        Assert.That(callback, Is.True, "the action URL doubles as the reply's status callback");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Mo_RedirectLoop_EndsAtFetchLimitWithNoticeAndWebhookMarkedFailed()
    {
        const string Sender = "+447700900202";
        _rig.App.On("/loop", Xml("<Response><Redirect>loop</Redirect></Response>"));

        IReadOnlyList<CommandStatus> acks = await Simulator.InjectMoAsync(Sender, LoopNumber, "loop forever");
        Assert.That(acks, Is.EqualTo(new[] { CommandStatus.Ok }));

        await _rig.App.FirstRequestAsync("/loop");
        string inboundSid = BridgeRig.Field(_rig.App.RequestsTo("/loop")[0], "SmsSid")!;
        bool ended = await BridgeRig.EventuallyAsync(() => WebhookState(inboundSid) != "pending", TimeSpan.FromSeconds(15));

        Assert.That(ended, Is.True, _rig.Daemon.Output);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookState(inboundSid), Is.EqualTo("failed"));
            Assert.That(_rig.Query<string>("SELECT outcome FROM inbound_webhooks WHERE message_sid = $sid", ("$sid", inboundSid)),
                Does.Contain("14107"));
            // Bridge:Rcml:MaxFetchesPerMessage (10) counts the first document and every Redirect.
            Assert.That(_rig.App.RequestsTo("/loop"), Has.Count.EqualTo(10));
            Assert.That(_rig.Daemon.Output, Does.Contain($"RCML for inbound {inboundSid} failed with notice 14107"));
            Assert.That(RepliesTo(Sender), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Mo_LongGsmWithEuro_OneWebhookAndLongGsmReplyInPartsDelivered()
    {
        const string Sender = "+447700900203";
        // € [ ] { } are in the extension table (2 septets each): 239 septets in, 209 out, 2 parts of 153 each way. RCML
        // trims element text, so neither ends in a space.
        string text = string.Join(' ', Enumerable.Repeat("Price 5€ [promo]", 12));
        string reply = string.Join(' ', Enumerable.Repeat("Thanks, 10€ {off}", 10));
        _rig.App.On("/gsm", Xml($"<Response><Sms>{reply}</Sms></Response>"));

        IReadOnlyList<CommandStatus> acks = await Simulator.InjectMoAsync(Sender, GsmNumber, text,
            MoOptions.Default with { Encoding = MoEncoding.Gsm7 });
        Assert.That(acks, Is.EqualTo(new[] { CommandStatus.Ok, CommandStatus.Ok }));

        SimulatedMessage sent = await WaitReplyAsync(Sender);
        RecordedRequest webhook = _rig.App.RequestsTo("/gsm").Single();
        Assert.Multiple(() =>
        {
            Assert.That(BridgeRig.Field(webhook, "Body"), Is.EqualTo(text), "reassembled, € decoded");
            Assert.That(BridgeRig.Field(webhook, "NumSegments"), Is.EqualTo("2"));
            Assert.That(SignatureValid(webhook), Is.True);
            Assert.That(sent.Text, Is.EqualTo(reply));
            Assert.That(sent.DataCoding, Is.Zero, "GSM 03.38: € is in the extension table");
            Assert.That(sent.Parts, Is.EqualTo(2));
            Assert.That(sent.Concatenation, Is.EqualTo(ConcatenationKind.Udh8));
        });
        await AssertReplyDeliveredAsync(Sender, reply, segments: 2);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Mo_LongUcs2WithEmoji_OneWebhookAndLongUcs2ReplyInPartsDelivered()
    {
        const string Sender = "+447700900204";
        // 111 and 107 UTF-16 units: 2 parts of at most 67 each way, the emoji's surrogate pairs never split.
        string text = string.Join(' ', Enumerable.Repeat("Привет 👋 мир", 8));
        string reply = string.Join(' ', Enumerable.Repeat("Ответ 😀", 12));
        _rig.App.On("/ucs2", Xml($"<Response><Sms>{reply}</Sms></Response>"));

        IReadOnlyList<CommandStatus> acks = await Simulator.InjectMoAsync(Sender, Ucs2Number, text,
            MoOptions.Default with { Encoding = MoEncoding.Ucs2 });
        Assert.That(acks, Is.EqualTo(new[] { CommandStatus.Ok, CommandStatus.Ok }));

        SimulatedMessage sent = await WaitReplyAsync(Sender);
        RecordedRequest webhook = _rig.App.RequestsTo("/ucs2").Single();
        Assert.Multiple(() =>
        {
            Assert.That(BridgeRig.Field(webhook, "Body"), Is.EqualTo(text), "reassembled, the surrogate pair whole");
            Assert.That(BridgeRig.Field(webhook, "NumSegments"), Is.EqualTo("2"));
            Assert.That(SignatureValid(webhook), Is.True);
            Assert.That(sent.Text, Is.EqualTo(reply), "no emoji split across parts");
            Assert.That(sent.DataCoding, Is.EqualTo((byte)8));
            Assert.That(sent.Parts, Is.EqualTo(2));
        });
        await AssertReplyDeliveredAsync(Sender, reply, segments: 2);
    }

    private static Func<Microsoft.AspNetCore.Http.HttpContext, Task> Xml(string document) => WebhookTestServer.Status(200, document);

    private List<SimulatedMessage> RepliesTo(string destination) =>
        [.. Simulator.Messages().Where(m => Digits(m.Destination) == Digits(destination))];

    private static string Digits(string number) => number.TrimStart('+');

    private async Task<SimulatedMessage> WaitReplyAsync(string sender)
    {
        bool replied = await BridgeRig.EventuallyAsync(() => RepliesTo(sender).Count > 0, TimeSpan.FromSeconds(15));
        Assert.That(replied, Is.True, "no whole reply reached the simulator:\n" + _rig.Daemon.Output);
        return RepliesTo(sender).Single();
    }

    private async Task AssertReplyDeliveredAsync(string sender, string body, int segments)
    {
        RigMessage? reply = null;
        bool delivered = await BridgeRig.EventuallyAsync(async () =>
        {
            reply = (await _rig.ListAsync()).Values.SingleOrDefault(m => m.Direction == "outbound-reply" && Digits(m.To) == Digits(sender));
            return reply?.Status == "delivered";
        }, TimeSpan.FromSeconds(15));
        Assert.That(delivered, Is.True, $"the reply is {reply?.Status}");
        Assert.Multiple(() =>
        {
            Assert.That(reply!.Body, Is.EqualTo(body));
            Assert.That(reply.NumSegments, Is.EqualTo(segments));
        });
    }

    private string WebhookState(string inboundSid) =>
        _rig.Query<string>("SELECT state FROM inbound_webhooks WHERE message_sid = $sid", ("$sid", inboundSid));

    /// <summary>
    /// The check an application does (Twilio's RequestValidator): HMAC-SHA1, keyed with the auth token, of the URL
    /// followed by each POST parameter's name and value sorted by name; Base64.
    /// </summary>
    private static bool SignatureValid(RecordedRequest request)
    {
        StringBuilder data = new(request.EncodedUrl);
        foreach (KeyValuePair<string, string> field in request.Form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(field.Key).Append(field.Value);
        }

#pragma warning disable CA5350 // SHA-1 is what Twilio's scheme fixes, and what receivers check
        byte[] mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(BridgeRig.Account.Token), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return request.Header("X-Twilio-Signature") == Convert.ToBase64String(mac);
    }
}
