using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Carriers;
using RestcommSmppBridge.Tests.Storage;

namespace RestcommSmppBridge.Tests.Inbound;

/// <summary>The pipeline on a real SQLite file with a fake clock: timeouts of long messages and the duplicate window.</summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class InboundReassemblyTests
{
    private const string Number = "+15551234567";

    private static readonly CarrierProfile s_carrier = CarrierTestKit.Profiles(CarrierTestKit.Options("carrier1"))[0];

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task FlushExpiredAsync_MissingMiddlePart_DeliveredWithGapMarker()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (InboundPipeline pipeline, SqliteInboundStore inbound, Account account) = await CreateAsync(store);

        Assert.That(await pipeline.AcceptAsync(s_carrier, "447700900001", Number, Part(7, 3, 1, "first "), Token), Is.EqualTo(CommandStatus.Ok));
        Assert.That(await pipeline.AcceptAsync(s_carrier, "447700900001", Number, Part(7, 3, 3, " third"), Token), Is.EqualTo(CommandStatus.Ok));
        Assert.That(await pipeline.FlushExpiredAsync(_ => null, Token), Is.Zero, "not yet timed out");

        store.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        int delivered = await pipeline.FlushExpiredAsync(_ => s_carrier.Text, Token);

        MessagePage page = await store.Messages.ListAsync(account.Sid, new MessageQuery(), Token);
        IReadOnlyList<PendingInboundWebhook> due = await inbound.ClaimDueWebhooksAsync(store.Time.GetUtcNow(), 10, Token);
        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.EqualTo(1));
            Assert.That(page.Items.Single().Body, Is.EqualTo("first " + InboundPipeline.GapMarker + " third"));
            Assert.That(page.Items.Single().NumSegments, Is.EqualTo(3));
            Assert.That(due.Single().MessageSid, Is.EqualTo(page.Items.Single().Sid));
        });

        // The missing part arriving late starts no phantom copy of the parts already delivered.
        Assert.That(await pipeline.AcceptAsync(s_carrier, "447700900001", Number, Part(7, 3, 1, "first "), Token), Is.EqualTo(CommandStatus.Ok));
        Assert.That((await store.Messages.ListAsync(account.Sid, new MessageQuery(), Token)).Items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AcceptAsync_SameSingleMessageAfterWindow_StoredAgain()
    {
        await using TestStore store = await TestStore.OpenAsync();
        (InboundPipeline pipeline, _, Account account) = await CreateAsync(store);

        await pipeline.AcceptAsync(s_carrier, "447700900001", Number, Single("YES"), Token);
        await pipeline.AcceptAsync(s_carrier, "447700900001", Number, Single("YES"), Token);
        int withinWindow = (await store.Messages.ListAsync(account.Sid, new MessageQuery(), Token)).Items.Count;
        store.Time.Advance(TimeSpan.FromMinutes(11));
        await pipeline.AcceptAsync(s_carrier, "447700900001", Number, Single("YES"), Token);

        Assert.Multiple(async () =>
        {
            Assert.That(withinWindow, Is.EqualTo(1), "a redelivery inside the window");
            Assert.That((await store.Messages.ListAsync(account.Sid, new MessageQuery(), Token)).Items, Has.Count.EqualTo(2));
        });
    }

    [TestCase("0x64", "0x0B", true)]
    [TestCase("0x14", "0", true)]
    [TestCase("0", "0x0B", false)]
    [TestCase("0x0B", "0x0B", false)]
    [TestCase("0x64", "zero", false)]
    public void Validate_Statuses_AcceptsOnlyTemporaryErrorsAndReadableStatuses(string temporary, string unknown, bool valid)
    {
        InboundOptions options = new() { TemporaryErrorStatus = temporary, UnknownNumberStatus = unknown };

        ValidateOptionsResult result = new InboundOptionsValidator().Validate(null, options);

        Assert.That(result.Succeeded, Is.EqualTo(valid), result.FailureMessage);
    }

    [Test]
    public void Validate_BadDurationsAndCounts_OneMessageEach()
    {
        InboundOptions options = new() { DuplicateWindow = TimeSpan.Zero, WebhookConcurrency = 0, WebhookMaxAttempts = 0 };

        ValidateOptionsResult result = new InboundOptionsValidator().Validate(null, options);

        Assert.That(result.Failures!.ToList(), Has.Count.EqualTo(3));
        Assert.That(result.Failures, Has.Some.StartsWith("Bridge:Inbound:DuplicateWindow"));
    }

    private static async Task<(InboundPipeline Pipeline, SqliteInboundStore Inbound, Account Account)> CreateAsync(TestStore store)
    {
        Account account = await store.AddAccountAsync();
        await store.Numbers.CreateAsync(new IncomingPhoneNumber
        {
            Sid = Sids.NewPhoneNumberSid(),
            AccountSid = account.Sid,
            PhoneNumber = Number,
            SmsUrl = "http://127.0.0.1:9/sms",
            DateCreated = TestStore.T0,
            DateUpdated = TestStore.T0,
        }, Token);
        SqliteInboundStore inbound = new(store.Database);
        InboundPipeline pipeline = new(inbound, store.Numbers, new InboundWebhookQueue(), Options.Create(new InboundOptions()), store.Time,
            NullLogger<InboundPipeline>.Instance);
        return (pipeline, inbound, account);
    }

    private static InboundUserData Part(byte reference, byte total, byte sequence, string text)
    {
        // UDH 05 00 03 ref total seq (GSM 03.40 §9.2.3.24.1), then the text as data_coding 0x03 (Latin-1) octets.
        byte[] latin = System.Text.Encoding.Latin1.GetBytes(text);
        byte[] userData = [0x05, 0x00, 0x03, reference, total, sequence, .. latin];
        DeliverSm pdu = new() { EsmClass = EsmClass.UdhIndicator, DataCoding = 0x03, ShortMessage = userData };
        return InboundUserData.From(pdu, new TextOptions());
    }

    private static InboundUserData Single(string text) =>
        InboundUserData.From(new DeliverSm { DataCoding = 0x03, ShortMessage = System.Text.Encoding.Latin1.GetBytes(text) }, new TextOptions());
}
