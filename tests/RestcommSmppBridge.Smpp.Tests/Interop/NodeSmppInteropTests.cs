using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Tests.Interop;

/// <summary>
/// Interop with an SMPP implementation we did not write: node's <c>smpp</c> package (Interop/node, installed by
/// <c>npm ci</c>; <c>.ci/run</c> does it in CI). Our <see cref="SmppClient"/> binds to node's server, and node's
/// client binds to our <see cref="SmscSimulator"/>. Loopback only; every wait has a timeout and the node process is
/// killed when the test ends.
/// </summary>
[CancelAfter(60_000)]
public sealed class NodeSmppInteropTests
{
    private const string SystemId = "test";
    private const string Password = "secret";
    private const string Source = "15550001111";

    /// <summary>Longest wait for any one event; the whole exchange takes well under a second on loopback.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private static CancellationToken TestToken => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task SmppClient_NodeSmsc_SubmitsAnsweredAndEchoesDelivered()
    {
        await using NodeProcess smsc = NodeProcess.Start("smsc.js", SystemId, Password, "30");
        int port = (await smsc.WaitForAsync("listening", s_timeout, TestToken)).GetProperty("port").GetInt32();
        var handler = new DeliverRecorder();
        await using var client = new SmppClient(ClientOptions(port, Password), handler);

        await client.StartAsync(TestToken);
        Assert.That(await client.WaitForBindAsync(s_timeout, TestToken), Is.True, "bound to node's SMSC");
        JsonElement bind = await smsc.WaitForAsync("bind", s_timeout, TestToken);

        // What node must see, one entry per submit_sm in sending order: destination, data_coding, esm_class, text.
        var expected = new List<(string Destination, int DataCoding, int EsmClass, string Text)>();
        var responses = new List<SubmitSmResp>();
        var references = new ConcatReferenceAllocator(ConcatReferenceAllocator.DefaultBucketCount, seed: 7);
        string[] gsm =
        [
            "Hello from .NET",
            // Every octet value node must map back through its own GSM 03.38 table, including 0x00 ('@').
            "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ ¤¡ÄÖÑÜ§¿äöñüà",
            // The extension table (ESC 0x1B + char, GSM 03.38 §6.2.1.1): two septets each.
            "Ext: {x} [y] ~ | \\ ^ 5€",
        ];
        for (int i = 0; i < gsm.Length; i++)
        {
            string destination = "1555000200" + i.ToString(CultureInfo.InvariantCulture);
            SubmitSm single = Single(gsm[i], destination, references);
            responses.Add(await client.SubmitAsync(single, TestToken));
            expected.Add((destination, 0x00, 0x00, gsm[i]));
        }

        const string Unicode = "Привет, мир! 你好 😀";
        SubmitSm ucs2 = Single(Unicode, "15550002003", references);
        responses.Add(await client.SubmitAsync(ucs2, TestToken));
        expected.Add(("15550002003", 0x08, 0x00, Unicode));

        // 152 plain septets, then '€': a split after 153 septets would cut its escape pair in two, so the first part
        // must end before it (GSM 03.38 §6.2.1.1; smpp.md §10).
        string head = string.Concat(Enumerable.Repeat("0123456789", 15)) + "ab";
        string longText = head + "€ is the first character of the second part.";
        ComposedMessage composed = MessageComposer.Compose(longText, Template("15550002004"), ComposeOptions.Default, references);
        Assert.That(composed.Parts, Has.Count.EqualTo(2), composed.Error);
        responses.AddRange(await client.SubmitManyAsync(composed.Parts, TestToken));
        byte reference = composed.Parts[0].ShortMessage.Span[3];

        int total = expected.Count + 2;
        IReadOnlyList<DeliverSm> echoes = await handler.TakeAsync(total, s_timeout, TestToken);
        await smsc.WaitForAsync("deliver_sm_resp", s_timeout, TestToken, occurrence: total);
        // Our session sends enquire_link after 500 ms without traffic; node's answer keeps the bind up.
        await smsc.WaitForAsync("enquire_link", s_timeout, TestToken);
        IReadOnlyList<JsonElement> submits = smsc.Events("submit_sm");
        bool stillBound = client.BoundCount == 1;

        await client.StopAsync(TestToken);
        await smsc.WaitForAsync("unbind", s_timeout, TestToken);

        Assert.Multiple(() =>
        {
            Assert.That(bind.GetProperty("command").GetString(), Is.EqualTo("bind_transceiver"));
            Assert.That(bind.GetProperty("system_id").GetString(), Is.EqualTo(SystemId));
            Assert.That(bind.GetProperty("interface_version").GetInt32(), Is.EqualTo(0x34));
            Assert.That(client.Binds[0].State, Is.EqualTo(SmppBindState.Stopped), "closed by StopAsync");
            Assert.That(client.State, Is.EqualTo(SmppClientState.Stopped));
            Assert.That(stillBound, Is.True, "bound after node answered enquire_link");

            // node numbers its ids in arrival order; our client sent them in call order on one bind.
            Assert.That(responses, Has.Count.EqualTo(total));
            for (int i = 0; i < responses.Count; i++)
            {
                Assert.That(responses[i].CommandStatus, Is.EqualTo(CommandStatus.Ok), $"submit_sm_resp {i}");
                Assert.That(responses[i].MessageId, Is.EqualTo(NodeId(i + 1)), $"submit_sm_resp {i}");
            }

            Assert.That(submits, Has.Count.EqualTo(total), "submit_sm seen by node");
            for (int i = 0; i < expected.Count; i++)
            {
                JsonElement submit = submits[i];
                Assert.That(submit.GetProperty("message_id").GetString(), Is.EqualTo(NodeId(i + 1)));
                Assert.That(submit.GetProperty("source_addr").GetString(), Is.EqualTo(Source), $"submit {i}");
                Assert.That(submit.GetProperty("destination_addr").GetString(), Is.EqualTo(expected[i].Destination), $"submit {i}");
                Assert.That(submit.GetProperty("data_coding").GetInt32(), Is.EqualTo(expected[i].DataCoding), $"submit {i}");
                Assert.That(submit.GetProperty("esm_class").GetInt32(), Is.EqualTo(expected[i].EsmClass), $"submit {i}");
                Assert.That(submit.GetProperty("message").GetString(), Is.EqualTo(expected[i].Text), $"submit {i} as node decoded it");
                Assert.That(submit.GetProperty("udh").GetArrayLength(), Is.Zero, $"submit {i}");
            }

            // The two parts of the long message: UDHI set, one concatenation IE each (00 03 ref total seq, GSM 03.40
            // §9.2.3.24.1), texts that node joins back into the original.
            string[] partTexts = new string[2];
            for (int part = 0; part < 2; part++)
            {
                JsonElement submit = submits[expected.Count + part];
                string udh = string.Create(CultureInfo.InvariantCulture, $"0003{reference:x2}02{part + 1:x2}");
                Assert.That(submit.GetProperty("destination_addr").GetString(), Is.EqualTo("15550002004"));
                Assert.That(submit.GetProperty("data_coding").GetInt32(), Is.Zero, $"part {part + 1}");
                Assert.That(submit.GetProperty("esm_class").GetInt32(), Is.EqualTo(EsmClass.UdhIndicator), $"part {part + 1}");
                Assert.That(submit.GetProperty("udh").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { udh }),
                    $"part {part + 1}");
                partTexts[part] = submit.GetProperty("message").GetString()!;
            }

            Assert.That(partTexts[0], Is.EqualTo(head), "part 1 ends before the escape pair");
            Assert.That(partTexts[0] + partTexts[1], Is.EqualTo(longText));

            // node echoed every part back as an MO, GSM 03.38 (0x00) or UCS-2 (0x08) in kind; we decode it with the
            // default settings (unpacked GSM for data_coding 0).
            var echoTexts = new List<string>();
            foreach (DeliverSm echo in echoes)
            {
                Assert.That(echo.EsmClass, Is.Zero, "an MO, not a receipt");
                Assert.That(echo.DestinationAddr, Is.EqualTo(Source));
                Assert.That(echo.DataCoding, Is.EqualTo(0x00).Or.EqualTo(0x08));
                echoTexts.Add(SmppText.Decode(echo.DataCoding, echo.ShortMessage.Span, TextOptions.Default));
            }

            var expectedEchoes = new List<string>();
            foreach ((_, _, _, string text) in expected)
            {
                expectedEchoes.Add("echo:" + text);
            }

            expectedEchoes.Add("echo:" + partTexts[0]);
            expectedEchoes.Add("echo:" + partTexts[1]);
            // Our dispatcher may run handlers concurrently, so arrival order at the handler is not guaranteed.
            Assert.That(echoTexts, Is.EquivalentTo(expectedEchoes));
            Assert.That(smsc.Events("deliver_sm_resp").Select(e => e.GetProperty("command_status").GetInt32()),
                Is.All.Zero, "our deliver_sm_resp statuses");
        });
    }

    [Test]
    public async Task NodeEsme_Simulator_SubmitsAnsweredAndReceiptsCorrelate()
    {
        await using SmscSimulator simulator = StartSimulator();
        int port = simulator.LocalEndPoint.Port;
        await using NodeProcess esme = NodeProcess.Start("esme.js", Port(port), SystemId, Password, "3", "30");

        JsonElement bindResp = await esme.WaitForAsync("bind_resp", s_timeout, TestToken);
        Assert.That(bindResp.GetProperty("command_status").GetInt32(), Is.Zero, "node's bind to our simulator");
        await esme.WaitForAsync("submit_sm_resp", s_timeout, TestToken, occurrence: 3);
        await esme.WaitForAsync("deliver_sm", s_timeout, TestToken, occurrence: 3);
        await esme.WaitForAsync("unbound", s_timeout, TestToken);
        int exitCode = await esme.WaitForExitAsync(s_timeout, TestToken);

        IReadOnlyList<JsonElement> submitResps = esme.Events("submit_sm_resp");
        IReadOnlyList<JsonElement> receipts = esme.Events("deliver_sm");
        IReadOnlyList<AcceptedMessage> accepted = simulator.Accepted.Snapshot();
        var ids = new List<string>();
        foreach (JsonElement resp in submitResps)
        {
            ids.Add(resp.GetProperty("message_id").GetString()!);
        }

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(bindResp.GetProperty("system_id").GetString(), Is.EqualTo(simulator.Options.SystemId));
            Assert.That(submitResps.Select(r => r.GetProperty("command_status").GetInt32()), Is.EqualTo(new[] { 0, 0, 0 }));
            Assert.That(ids, Is.Unique);
            foreach (string id in ids)
            {
                Assert.That(simulator.Accepted.Find(id), Is.Not.Null, $"simulator knows id {id}");
            }

            Assert.That(accepted.Select(m => m.Text), Is.EquivalentTo(new[] { "hello 0", "hello 1", "hello 2" }));
            Assert.That(accepted.Select(m => m.SystemId), Is.All.EqualTo(SystemId));
            Assert.That(accepted.Select(m => m.RegisteredDelivery), Is.All.EqualTo(RegisteredDelivery.FinalReceipt));
            // node labels its GSM 03.38 encoder 0x01 (IA5 in SMPP 3.4 §5.2.19); plain ASCII reads the same either way.
            Assert.That(accepted.Select(m => m.DataCoding), Is.All.EqualTo(0x01));

            Assert.That(receipts, Has.Count.EqualTo(3));
            var receiptedIds = new List<string>();
            foreach (JsonElement receipt in receipts)
            {
                string id = receipt.GetProperty("receipted_message_id").GetString()!;
                receiptedIds.Add(id);
                Assert.That(receipt.GetProperty("esm_class").GetInt32(), Is.EqualTo(EsmClass.DeliveryReceipt));
                Assert.That(receipt.GetProperty("message_state").GetInt32(), Is.EqualTo((int)MessageState.Delivered));
                Assert.That(receipt.GetProperty("destination_addr").GetString(), Is.EqualTo("15550001111"));
                Assert.That(receipt.GetProperty("message").GetString(), Does.Contain("id:" + id).And.Contain("stat:DELIVRD"),
                    "the Appendix B text as node decoded it");
            }

            Assert.That(receiptedIds, Is.EquivalentTo(ids), "receipted_message_id (TLV 0x001E) = submit_sm_resp ids");
            Assert.That(simulator.Counters.ReceiptsSent, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task SmppClient_NodeSmscWrongPassword_ConfigurationError()
    {
        await using NodeProcess smsc = NodeProcess.Start("smsc.js", SystemId, Password, "30");
        int port = (await smsc.WaitForAsync("listening", s_timeout, TestToken)).GetProperty("port").GetInt32();
        var observer = new ConfigurationErrorObserver();
        await using var client = new SmppClient(ClientOptions(port, "wrong"), new DeliverRecorder(), observer);

        await client.StartAsync(TestToken);
        CommandStatus status = await observer.Error.Task.WaitAsync(s_timeout, TestToken);
        JsonElement refused = await smsc.WaitForAsync("bind_refused", s_timeout, TestToken);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(CommandStatus.InvalidPassword), "node answers ESME_RINVPASWD (0x0E)");
            Assert.That(client.ConfigurationError, Is.EqualTo(CommandStatus.InvalidPassword));
            Assert.That(client.Binds[0].State, Is.EqualTo(SmppBindState.ConfigurationError));
            Assert.That(client.BoundCount, Is.Zero);
            Assert.That(refused.GetProperty("system_id").GetString(), Is.EqualTo(SystemId));
            Assert.That(smsc.Events("bind"), Is.Empty);
        });
    }

    [Test]
    public async Task NodeEsme_SimulatorWrongPassword_BindRespStatus14()
    {
        await using SmscSimulator simulator = StartSimulator();
        await using NodeProcess esme = NodeProcess.Start("esme.js", Port(simulator.LocalEndPoint.Port), SystemId, "wrong", "3", "30");

        JsonElement bindResp = await esme.WaitForAsync("bind_resp", s_timeout, TestToken);
        int exitCode = await esme.WaitForExitAsync(s_timeout, TestToken);

        Assert.Multiple(() =>
        {
            Assert.That(bindResp.GetProperty("command_status").GetInt32(), Is.EqualTo((int)CommandStatus.InvalidPassword));
            Assert.That(exitCode, Is.Zero);
            Assert.That(simulator.Counters.BindsRefused, Is.EqualTo(1));
            Assert.That(simulator.Counters.BindsAccepted, Is.Zero);
            Assert.That(simulator.Accepted.TotalAccepted, Is.Zero);
        });
    }

    private static SmppClientOptions ClientOptions(int port, string password) => new()
    {
        Name = "node-smsc",
        Host = "127.0.0.1",
        Port = port,
        SystemId = SystemId,
        Password = password,
        BindType = BindType.Transceiver,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Session = SmppSessionOptions.Default with
        {
            EnquireLinkInterval = TimeSpan.FromMilliseconds(500),
            ResponseTimeout = TimeSpan.FromSeconds(5),
            UnbindTimeout = TimeSpan.FromSeconds(5),
            DrainTimeout = TimeSpan.FromSeconds(5),
        },
    };

    private static SmscSimulator StartSimulator()
    {
        var simulator = new SmscSimulator(new SimulatorOptions
        {
            Credentials = new Dictionary<string, string> { [SystemId] = Password },
            Receipts = new ReceiptOptions
            {
                Delay = TimeSpan.Zero,
                OutcomeWeights = new Dictionary<MessageState, int> { [MessageState.Delivered] = 1 },
            },
            RandomSeed = 1,
        });
        simulator.Start();
        return simulator;
    }

    private static SubmitSm Template(string destination) => new()
    {
        SourceAddrTon = TypeOfNumber.International,
        SourceAddrNpi = NumberingPlan.Isdn,
        SourceAddr = Source,
        DestAddrTon = TypeOfNumber.International,
        DestAddrNpi = NumberingPlan.Isdn,
        DestinationAddr = destination,
    };

    private static SubmitSm Single(string text, string destination, ConcatReferenceAllocator references)
    {
        ComposedMessage composed = MessageComposer.Compose(text, Template(destination), ComposeOptions.Default, references);
        Assert.That(composed.Parts, Has.Count.EqualTo(1), composed.Error ?? "one part");
        return composed.Parts[0];
    }

    private static string NodeId(int n) => "node" + n.ToString("D6", CultureInfo.InvariantCulture);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Answers every deliver_sm with ESME_ROK and keeps it for the test.</summary>
    private sealed class DeliverRecorder : ISmppRequestHandler
    {
        private readonly Channel<DeliverSm> _delivered = Channel.CreateUnbounded<DeliverSm>();

        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken)
        {
            if (request is DeliverSm deliver)
            {
                _delivered.Writer.TryWrite(deliver);
                return ValueTask.FromResult<SmppResponse?>(deliver.CreateResponse());
            }

            return ValueTask.FromResult<SmppResponse?>(request.CreateResponse(CommandStatus.InvalidCommandId));
        }

        public ValueTask<CommandStatus> AuthenticateAsync(SmppSession session, BindRequest bind, CancellationToken cancellationToken) =>
            ValueTask.FromResult(CommandStatus.Ok);

        public async Task<IReadOnlyList<DeliverSm>> TakeAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            var result = new List<DeliverSm>(count);
            try
            {
                while (result.Count < count)
                {
                    result.Add(await _delivered.Reader.ReadAsync(timeoutCts.Token));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"{result.Count} of {count} deliver_sm arrived within {timeout.TotalSeconds} s.");
            }

            return result;
        }
    }

    /// <summary>Completes when the client reports a bind refused for its settings.</summary>
    private sealed class ConfigurationErrorObserver : ISmppClientObserver
    {
        public TaskCompletionSource<CommandStatus> Error { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnConfigurationError(int bindIndex, CommandStatus status) => Error.TrySetResult(status);
    }
}
