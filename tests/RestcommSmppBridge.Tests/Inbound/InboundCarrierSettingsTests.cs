using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Webhooks;

namespace RestcommSmppBridge.Tests.Inbound;

/// <summary>
/// Per-carrier inbound settings (architecture.md "Per-carrier truth"): the deliver_sm_resp for an unknown number and for
/// "cannot store now", and the form of MO addresses. Two carriers bound to one real simulator, the real pipeline,
/// store (SQLite file) and app on Kestrel; the same condition on each carrier gets that carrier's answer.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
[NonParallelizable]
public sealed class InboundCarrierSettingsTests
{
    private const string First = InboundTestHost.CarrierName;
    private const string Second = "carrier2";
    private const string Number = "+15551234567";
    private const string Subscriber = "+447700900001";

    private readonly AsyncDisposables _disposables = new();
    private string _folder = null!;
    private SmscSimulator _simulator = null!;
    private WebhookTestServer _app = null!;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = InboundTestHost.NewFolder();
        _simulator = InboundTestHost.StartSimulator(Second);
        _app = await WebhookTestServer.StartAsync();
        _app.On("/sms", WebhookTestServer.Status(200, "<Response><Sms>Thanks!</Sms></Response>"));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _disposables.DisposeAsync();
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task DeliverSm_UnknownNumberOnTwoCarriers_EachAnswersItsOwnStatus()
    {
        InboundTestHost host = await StartHostAsync(Carrier(First), Carrier(Second, unknownNumber: "0x64"));
        await host.AddNumberAsync(Number, _app.Url("/sms"));

        IReadOnlyList<CommandStatus> first = await InjectAsync(First, "15550000000", "Anyone?");
        IReadOnlyList<CommandStatus> second = await InjectAsync(Second, "15550000000", "Anyone?");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { CommandStatus.InvalidDestinationAddress }), "Bridge:Inbound:UnknownNumberStatus");
            Assert.That(second, Is.EqualTo(new[] { CommandStatus.ReceiverTemporaryAppError }), "the carrier's own setting");
            Assert.That(host.Count("sms_messages"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task DeliverSm_StoreUnavailableOnTwoCarriers_EachAnswersItsOwnTemporaryError()
    {
        InboundTestHost host = await StartHostAsync(Carrier(First), Carrier(Second, temporaryError: "0x14"),
            storeOverride: provider => new FailingInboundStore(new SqliteInboundStore(provider.GetRequiredService<SqliteDatabase>())));
        await host.AddNumberAsync(Number, _app.Url("/sms"));

        IReadOnlyList<CommandStatus> first = await InjectAsync(First, Number, "Keep me");
        IReadOnlyList<CommandStatus> second = await InjectAsync(Second, Number, "Keep me");
        IReadOnlyList<CommandStatus> secondLong = await InjectAsync(Second, Number, string.Concat(Enumerable.Repeat("Long and failing. ", 12)));

        // No receipt handling in this host: receipts get the temporary error too, each carrier its own.
        DeliverSm receipt = new()
        {
            SourceAddr = "447700900001",
            DestinationAddr = "15551234567",
            EsmClass = EsmClass.DeliveryReceipt,
            ShortMessage = "id:0A1B2C sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:"u8.ToArray(),
        };
        CommandStatus firstReceipt = (await (await _simulator.WaitForReceiverAsync(First, Token)).SendRequestAsync(receipt, Token)).CommandStatus;
        CommandStatus secondReceipt = (await (await _simulator.WaitForReceiverAsync(Second, Token)).SendRequestAsync(receipt, Token)).CommandStatus;

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { CommandStatus.ReceiverTemporaryAppError }), "Bridge:Inbound:TemporaryErrorStatus");
            Assert.That(second, Is.EqualTo(new[] { CommandStatus.MessageQueueFull }), "the carrier's own setting");
            Assert.That(secondLong, Has.Count.GreaterThan(1).And.All.EqualTo(CommandStatus.MessageQueueFull));
            Assert.That((firstReceipt, secondReceipt), Is.EqualTo((CommandStatus.ReceiverTemporaryAppError, CommandStatus.MessageQueueFull)));
            Assert.That(host.Count("sms_messages"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task DeliverSm_WebhookBacklogFullOnTwoCarriers_EachAnswersItsOwnTemporaryError()
    {
        // The app never answers, so the first message's webhook stays pending and fills a backlog of one.
        _app.On("/slow", WebhookTestServer.Hang());
        InboundTestHost host = await StartHostAsync(Carrier(First, temporaryError: "0x58"), Carrier(Second, temporaryError: "0x14"),
            settings: new Dictionary<string, string?>
            {
                ["Bridge:Inbound:MaxPendingWebhooks"] = "1",
                ["Bridge:Inbound:TemporaryErrorStatus"] = "0x08",
                ["Bridge:Webhooks:AttemptTimeout"] = "00:00:20",
                ["Bridge:Webhooks:TotalTimeout"] = "00:00:25",
            });
        await host.AddNumberAsync(Number, _app.Url("/slow"));

        IReadOnlyList<CommandStatus> accepted = await InjectAsync(First, Number, "Fills the backlog");
        await _app.FirstRequestAsync("/slow");
        IReadOnlyList<CommandStatus> first = await InjectAsync(First, Number, "No room");
        IReadOnlyList<CommandStatus> second = await InjectAsync(Second, Number, "No room");

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(new[] { CommandStatus.Ok }));
            Assert.That(first, Is.EqualTo(new[] { CommandStatus.Throttled }));
            Assert.That(second, Is.EqualTo(new[] { CommandStatus.MessageQueueFull }));
            Assert.That(host.Count("sms_messages"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DeliverSm_InternationalTon_E164CarrierAddsPlusAsReceivedCarrierKeepsDigits()
    {
        InboundTestHost host = await StartHostAsync(Carrier(First), Carrier(Second, addressFormat: "AsReceived"));
        (Account account, _) = await host.AddNumberAsync(Number, _app.Url("/sms"));

        // The simulator sends "+digits" as TON 1 (international) with the digits only, as SMSCs do.
        IReadOnlyList<CommandStatus> first = await InjectAsync(First, Subscriber, Number, "via the E164 carrier");
        IReadOnlyList<CommandStatus> second = await InjectAsync(Second, Subscriber, Number, "via the AsReceived carrier");
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (host.Replies!.Replies.Count < 2)
        {
            await timer.WaitForNextTickAsync(Token);
        }

        Dictionary<string, IReadOnlyDictionary<string, string>> forms = _app.RequestsTo("/sms")
            .Select(r => (IReadOnlyDictionary<string, string>)r.Form.ToDictionary(p => p.Key, p => p.Value))
            .ToDictionary(f => f["Body"]);
        IReadOnlyDictionary<string, string> e164 = forms["via the E164 carrier"];
        IReadOnlyDictionary<string, string> raw = forms["via the AsReceived carrier"];
        SmsMessage? storedE164 = await host.Messages.GetAsync(account.Sid, e164["SmsSid"], Token);
        SmsMessage? storedRaw = await host.Messages.GetAsync(account.Sid, raw["SmsSid"], Token);
        Assert.Multiple(() =>
        {
            Assert.That(first.Concat(second), Is.All.EqualTo(CommandStatus.Ok), "the number is found in both forms");
            Assert.That((storedE164!.From, storedE164.To), Is.EqualTo((Subscriber, Number)));
            Assert.That((e164["From"], e164["To"]), Is.EqualTo((Subscriber, Number)));
            Assert.That((storedRaw!.From, storedRaw.To), Is.EqualTo((Subscriber[1..], Number[1..])));
            Assert.That((raw["From"], raw["To"]), Is.EqualTo((Subscriber[1..], Number[1..])));
            Assert.That(host.Replies.Replies.Single(r => r.InboundSid == e164["SmsSid"]).To, Is.EqualTo(Subscriber),
                "the <Sms> reply goes back to the E.164 sender");
        });
    }

    [TestCase("447700900001", TypeOfNumber.International, InboundAddressFormat.E164, "+447700900001")]
    [TestCase("+447700900001", TypeOfNumber.International, InboundAddressFormat.E164, "+447700900001")]
    [TestCase("447700900001", TypeOfNumber.Unknown, InboundAddressFormat.E164, "447700900001")]
    [TestCase("07700900001", TypeOfNumber.National, InboundAddressFormat.E164, "07700900001")]
    [TestCase("12345", TypeOfNumber.NetworkSpecific, InboundAddressFormat.E164, "12345")]
    [TestCase("ACME", TypeOfNumber.Alphanumeric, InboundAddressFormat.E164, "ACME")]
    [TestCase("4477 009", TypeOfNumber.International, InboundAddressFormat.E164, "4477 009")]
    [TestCase("", TypeOfNumber.International, InboundAddressFormat.E164, "")]
    [TestCase("447700900001", TypeOfNumber.International, InboundAddressFormat.AsReceived, "447700900001")]
    public void Present_AddressAndTon_E164OnlyForInternationalDigits(string address, TypeOfNumber ton, InboundAddressFormat format,
        string expected)
    {
        Assert.That(InboundAddress.Present(address, ton, format), Is.EqualTo(expected));
    }

    /// <summary>A carrier bound to the simulator as <paramref name="name"/>, with the inbound settings given.</summary>
    private CarrierOptions Carrier(string name, string? temporaryError = null, string? unknownNumber = null, string? addressFormat = null) =>
        new()
        {
            Name = name,
            Host = "127.0.0.1",
            Port = _simulator.LocalEndPoint.Port,
            SystemId = name,
            Password = "pw1",
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            EnquireLinkInterval = TimeSpan.Zero,
            ResponseTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            InboundTemporaryErrorStatus = temporaryError,
            InboundUnknownNumberStatus = unknownNumber,
            InboundAddressFormat = addressFormat,
        };

    private async Task<InboundTestHost> StartHostAsync(CarrierOptions first, CarrierOptions second,
        Func<IServiceProvider, IInboundStore>? storeOverride = null, IDictionary<string, string?>? settings = null)
    {
        InboundTestHost host = await InboundTestHost.StartAsync(_folder, _simulator, Token, storeOverride: storeOverride, settings: settings,
            carriers: [first, second]);
        _disposables.Add(host);
        await _simulator.WaitForReceiverAsync(First, Token);
        await _simulator.WaitForReceiverAsync(Second, Token);
        return host;
    }

    private Task<IReadOnlyList<CommandStatus>> InjectAsync(string carrier, string to, string text) =>
        InjectAsync(carrier, "447700900001", to, text);

    private Task<IReadOnlyList<CommandStatus>> InjectAsync(string carrier, string from, string to, string text) =>
        _simulator.InjectMoAsync(from, to, text, MoOptions.Default with { SystemId = carrier }, Token);
}
