using System.Text;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Messages;

namespace RestcommSmppBridge.Smpp.Tests.Messages;

[TestFixture]
public sealed class ReassemblerTests
{
    private const string Carrier = "carrier-a";
    private const string Source = "447700900001";
    private const string Destination = "12345";
    private const byte Gsm = 0x00;
    private const byte Ucs2 = 0x08;

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [TestCase(new byte[] { 1, 2, 3 }, TestName = "Add_PartsInOrder_CompletesOnLast")]
    [TestCase(new byte[] { 3, 2, 1 }, TestName = "Add_PartsInReverseOrder_Completes")]
    [TestCase(new byte[] { 2, 3, 1 }, TestName = "Add_PartsShuffled_Completes")]
    public void Add_AnyOrder_JoinsInSequenceOrder(byte[] order)
    {
        var reassembler = new Reassembler(_time);
        ReassemblyResult? last = null;
        for (int i = 0; i < order.Length; i++)
        {
            last = reassembler.Add(Carrier, Source, Destination, new PartInfo(42, 3, order[i]), Gsm, Text($"p{order[i]}|"));
            if (i < order.Length - 1)
            {
                Assert.That(last.Status, Is.EqualTo(ReassemblyStatus.Incomplete));
                Assert.That(last.PartsReceived, Is.EqualTo(i + 1));
                Assert.That(last.Total, Is.EqualTo(3));
                Assert.That(last.Payload, Is.Null);
            }
        }

        Assert.That(last!.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(Encoding.ASCII.GetString(last.Payload!), Is.EqualTo("p1|p2|p3|"));
        Assert.That(last.PartsReceived, Is.EqualTo(3));
        Assert.That(last.Parts, Has.Count.EqualTo(3));
        Assert.That(last.Parts[1].Sequence, Is.EqualTo(2));
        Assert.That(Encoding.ASCII.GetString(last.Parts[1].Payload.Span), Is.EqualTo("p2|"));
        Assert.That(last.DataCoding, Is.EqualTo(Gsm));
        Assert.That(last.HasMixedDataCoding, Is.False);
        Assert.That(reassembler.PendingCount, Is.Zero);
        Assert.That(reassembler.PendingBytes, Is.Zero);
    }

    [Test]
    public void Add_DuplicatePart_ReportedAndIgnored()
    {
        var reassembler = new Reassembler(_time);
        reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 1), Gsm, Text("one "));

        ReassemblyResult duplicate = reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 1), Gsm, Text("one "));
        ReassemblyResult complete = reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 2), Gsm, Text("two"));

        Assert.That(duplicate.Status, Is.EqualTo(ReassemblyStatus.Duplicate));
        Assert.That(duplicate.PartsReceived, Is.EqualTo(1));
        Assert.That(complete.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(Encoding.ASCII.GetString(complete.Payload!), Is.EqualTo("one two"));
    }

    [Test]
    public void Add_PartResentAfterCompletion_DuplicateNotPhantomMessage()
    {
        // The SMSC missed our deliver_sm_resp and resends the last part.
        var reassembler = new Reassembler(_time);
        reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 1), Gsm, Text("one "));
        reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 2), Gsm, Text("two"));

        ReassemblyResult resent = reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 2), Gsm, Text("two"));

        Assert.That(resent.Status, Is.EqualTo(ReassemblyStatus.Duplicate));
        Assert.That(reassembler.PendingCount, Is.Zero);
    }

    [Test]
    public void Add_NewMessageReusingKeyAfterCompletion_AssembledAgain()
    {
        var reassembler = new Reassembler(_time);
        reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 1), Gsm, Text("one "));
        reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 2), Gsm, Text("two"));

        reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 1), Gsm, Text("three "));
        ReassemblyResult second = reassembler.Add(Carrier, Source, Destination, new PartInfo(7, 2, 2), Gsm, Text("four"));

        Assert.That(second.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(Encoding.ASCII.GetString(second.Payload!), Is.EqualTo("three four"));
    }

    [Test]
    public void CollectExpired_MissingPartAfterTimeout_ReturnsPartialWithGap()
    {
        var reassembler = new Reassembler(_time);
        DateTimeOffset start = _time.GetUtcNow();
        reassembler.Add(Carrier, Source, Destination, new PartInfo(9, 3, 1), Gsm, Text("Hello "));
        reassembler.Add(Carrier, Source, Destination, new PartInfo(9, 3, 3), Gsm, Text(" world"));

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(reassembler.CollectExpired(), Is.Empty);

        _time.Advance(TimeSpan.FromSeconds(1));
        IReadOnlyList<ExpiredMessage> expired = reassembler.CollectExpired();

        Assert.That(expired, Has.Count.EqualTo(1));
        ExpiredMessage message = expired[0];
        Assert.That(message.Reason, Is.EqualTo(ExpiryReason.Timeout));
        Assert.That(message.Key, Is.EqualTo(new ReassemblyKey(Carrier, Source, Destination, 9, 3)));
        Assert.That(message.FirstPartReceivedAt, Is.EqualTo(start));
        Assert.That(message.MissingSequences, Is.EqualTo(new byte[] { 2 }));
        Assert.That(message.Parts, Has.Count.EqualTo(2));
        Assert.That(message.Parts[1].Sequence, Is.EqualTo(3));
        Assert.That(Encoding.ASCII.GetString(message.JoinAvailable(Text("[...]"))), Is.EqualTo("Hello [...] world"));
        Assert.That(reassembler.PendingCount, Is.Zero);
        Assert.That(reassembler.CollectExpired(), Is.Empty);
    }

    [Test]
    public void Add_AfterTimeout_ReportsExpiredMessageLazily()
    {
        var reassembler = new Reassembler(_time, new ReassemblyOptions { Timeout = TimeSpan.FromSeconds(30) });
        reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 2, 1), Gsm, Text("a"));
        _time.Advance(TimeSpan.FromSeconds(31));

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(2, 2, 1), Gsm, Text("b"));

        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Incomplete));
        Assert.That(result.Expired, Has.Count.EqualTo(1));
        Assert.That(result.Expired[0].Key.Reference, Is.EqualTo(1));
        Assert.That(result.Expired[0].MissingSequences, Is.EqualTo(new byte[] { 2 }));
    }

    [Test]
    public void JoinAvailable_SeveralGaps_MarkerPerMissingPart()
    {
        var reassembler = new Reassembler(_time);
        reassembler.Add(Carrier, Source, Destination, new PartInfo(9, 4, 2), Gsm, Text("B"));
        _time.Advance(TimeSpan.FromMinutes(6));

        ExpiredMessage message = reassembler.CollectExpired()[0];

        Assert.That(message.MissingSequences, Is.EqualTo(new byte[] { 1, 3, 4 }));
        Assert.That(Encoding.ASCII.GetString(message.JoinAvailable(Text("_"))), Is.EqualTo("_B__"));
        Assert.That(Encoding.ASCII.GetString(message.JoinAvailable([])), Is.EqualTo("B"));
    }

    [Test]
    public void Add_SixteenBitUdhParts_ReassemblesSplitterOutput()
    {
        // End to end: split UCS-2 with 16-bit references, parse each part's UDH, reassemble in reverse.
        byte[] text = Encoding.BigEndianUnicode.GetBytes(new string('x', 150) + "\U0001F600" + new string('y', 30));
        SplitResult split = MessageSplitter.Split(text, PayloadKind.Ucs2, LongMessageMode.UdhConcat16, 0xBEEF);
        var reassembler = new Reassembler(_time);
        ReassemblyResult? result = null;

        for (int i = split.Parts.Count - 1; i >= 0; i--)
        {
            MessagePart part = split.Parts[i];
            byte[] shortMessage = [.. part.Udh!, .. part.Payload.Span];
            Assert.That(UserDataHeader.TryParse(shortMessage, out UserDataHeader? udh, out int skip), Is.True);
            result = reassembler.Add(Carrier, Source, Destination, udh!.Concatenation!.Value.ToPartInfo(), Ucs2,
                shortMessage.AsSpan(skip));
        }

        Assert.That(split.Parts, Has.Count.EqualTo(3));
        Assert.That(result!.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(result.Payload, Is.EqualTo(text));
    }

    [Test]
    public void Add_SarParts_Reassembled()
    {
        byte[] text = Encoding.ASCII.GetBytes(new string('s', 300));
        SplitResult split = MessageSplitter.Split(text, PayloadKind.EightBit, LongMessageMode.SarTlv, 0x0102);
        var reassembler = new Reassembler(_time);
        ReassemblyResult? result = null;

        foreach (MessagePart part in split.Parts)
        {
            // sar_msg_ref_num, sar_total_segments, sar_segment_seqnum as a receiver reads them from the TLVs.
            var info = new PartInfo(part.SarReference!.Value, part.Total, part.Sequence);
            result = reassembler.Add(Carrier, Source, Destination, info, 0x04, part.Payload.Span);
        }

        Assert.That(result!.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(result.Payload, Is.EqualTo(text));
        Assert.That(result.DataCoding, Is.EqualTo(0x04));
    }

    [Test]
    public void Add_SameReferenceDifferentSources_KeptApart()
    {
        var reassembler = new Reassembler(_time);

        reassembler.Add(Carrier, "111", Destination, new PartInfo(5, 2, 1), Gsm, Text("A1 "));
        reassembler.Add(Carrier, "222", Destination, new PartInfo(5, 2, 2), Gsm, Text("B2"));
        ReassemblyResult a = reassembler.Add(Carrier, "111", Destination, new PartInfo(5, 2, 2), Gsm, Text("A2"));
        ReassemblyResult b = reassembler.Add(Carrier, "222", Destination, new PartInfo(5, 2, 1), Gsm, Text("B1 "));

        Assert.That(Encoding.ASCII.GetString(a.Payload!), Is.EqualTo("A1 A2"));
        Assert.That(Encoding.ASCII.GetString(b.Payload!), Is.EqualTo("B1 B2"));
    }

    [Test]
    public void Add_SameReferenceDifferentCarriersOrTotals_KeptApart()
    {
        var reassembler = new Reassembler(_time);

        reassembler.Add("c1", Source, Destination, new PartInfo(5, 2, 1), Gsm, Text("x"));
        reassembler.Add("c2", Source, Destination, new PartInfo(5, 2, 1), Gsm, Text("y"));
        ReassemblyResult other = reassembler.Add("c1", Source, Destination, new PartInfo(5, 3, 2), Gsm, Text("z"));

        Assert.That(other.Status, Is.EqualTo(ReassemblyStatus.Incomplete));
        Assert.That(reassembler.PendingCount, Is.EqualTo(3));
    }

    [Test]
    public void Add_BeyondMaxPendingMessages_EvictsOldestAndReportsIt()
    {
        var reassembler = new Reassembler(_time, new ReassemblyOptions { MaxPendingMessages = 2 });
        reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 2, 1), Gsm, Text("first"));
        _time.Advance(TimeSpan.FromSeconds(1));
        reassembler.Add(Carrier, Source, Destination, new PartInfo(2, 2, 1), Gsm, Text("second"));
        ReassemblyResult moreOfFirst = reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 2, 2), Gsm, Text("!"));
        reassembler.Add(Carrier, Source, Destination, new PartInfo(3, 2, 1), Gsm, Text("x"));

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(4, 2, 1), Gsm, Text("third"));

        Assert.That(moreOfFirst.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Incomplete));
        Assert.That(result.Expired, Has.Count.EqualTo(1));
        Assert.That(result.Expired[0].Reason, Is.EqualTo(ExpiryReason.Evicted));
        Assert.That(result.Expired[0].Key.Reference, Is.EqualTo(2));
        Assert.That(Encoding.ASCII.GetString(result.Expired[0].JoinAvailable([])), Is.EqualTo("second"));
        Assert.That(reassembler.PendingCount, Is.EqualTo(2));
    }

    [Test]
    public void Add_BeyondMaxBytes_EvictsOldest()
    {
        var reassembler = new Reassembler(_time, new ReassemblyOptions { MaxBytes = 10 });
        reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 2, 1), Gsm, Text("123456"));

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(2, 2, 1), Gsm, Text("abcde"));

        Assert.That(result.Expired, Has.Count.EqualTo(1));
        Assert.That(result.Expired[0].Key.Reference, Is.EqualTo(1));
        Assert.That(result.Expired[0].Reason, Is.EqualTo(ExpiryReason.Evicted));
        Assert.That(reassembler.PendingBytes, Is.EqualTo(5));
    }

    [Test]
    public void Add_OnlyMessageOutgrowsMaxBytes_HandedBackAndRestarted()
    {
        var reassembler = new Reassembler(_time, new ReassemblyOptions { MaxBytes = 10 });
        reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 3, 1), Gsm, Text("123456"));

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 3, 2), Gsm, Text("abcde"));

        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Incomplete));
        Assert.That(result.PartsReceived, Is.EqualTo(1));
        Assert.That(result.Expired, Has.Count.EqualTo(1));
        Assert.That(result.Expired[0].MissingSequences, Is.EqualTo(new byte[] { 2, 3 }));
        Assert.That(reassembler.PendingBytes, Is.EqualTo(5));
    }

    [TestCase((byte)0, (byte)0, TestName = "Add_TotalZero_Invalid")]
    [TestCase((byte)3, (byte)0, TestName = "Add_SequenceZero_Invalid")]
    [TestCase((byte)3, (byte)4, TestName = "Add_SequenceAboveTotal_Invalid")]
    public void Add_BadPartInfo_Invalid(byte total, byte sequence)
    {
        var reassembler = new Reassembler(_time);

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(1, total, sequence), Gsm, Text("x"));

        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Invalid));
        Assert.That(result.Error, Is.Not.Null.And.Not.Empty);
        Assert.That(result.Payload, Is.Null);
        Assert.That(reassembler.PendingCount, Is.Zero);
    }

    [Test]
    public void Add_PartLargerThanMaxBytes_Invalid()
    {
        var reassembler = new Reassembler(_time, new ReassemblyOptions { MaxBytes = 4 });

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(1, 2, 1), Gsm, Text("12345"));

        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Invalid));
        Assert.That(result.Error, Does.Contain("budget"));
    }

    [Test]
    public void Add_MixedDataCoding_AcceptedAndFlagged()
    {
        var reassembler = new Reassembler(_time);
        reassembler.Add(Carrier, Source, Destination, new PartInfo(3, 2, 1), Gsm, Text("abc"));

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(3, 2, 2), Ucs2, [0x00, 0x64]);

        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(result.HasMixedDataCoding, Is.True);
        Assert.That(result.DataCoding, Is.EqualTo(Gsm));
        Assert.That(result.Parts[0].DataCoding, Is.EqualTo(Gsm));
        Assert.That(result.Parts[1].DataCoding, Is.EqualTo(Ucs2));
        Assert.That(result.Parts[1].Payload.ToArray(), Is.EqualTo(new byte[] { 0x00, 0x64 }));
    }

    [Test]
    public void Add_SinglePartMessage_CompleteAtOnce()
    {
        var reassembler = new Reassembler(_time);

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(0, 1, 1), Gsm, Text("hi"));

        Assert.That(result.Status, Is.EqualTo(ReassemblyStatus.Complete));
        Assert.That(Encoding.ASCII.GetString(result.Payload!), Is.EqualTo("hi"));
        Assert.That(reassembler.PendingCount, Is.Zero);
    }

    [Test]
    public void Add_CallerReusesBuffer_StoredPartUnaffected()
    {
        var reassembler = new Reassembler(_time);
        byte[] buffer = Text("one ");
        reassembler.Add(Carrier, Source, Destination, new PartInfo(8, 2, 1), Gsm, buffer);
        Array.Fill(buffer, (byte)'#');

        ReassemblyResult result = reassembler.Add(Carrier, Source, Destination, new PartInfo(8, 2, 2), Gsm, Text("two"));

        Assert.That(Encoding.ASCII.GetString(result.Payload!), Is.EqualTo("one two"));
    }

    [Test]
    public async Task Add_ConcurrentMessages_AllComplete()
    {
        var reassembler = new Reassembler(_time);
        var tasks = new Task<int>[4];
        for (int t = 0; t < tasks.Length; t++)
        {
            string source = $"src{t}";
            tasks[t] = Task.Run(() =>
            {
                int completed = 0;
                for (int m = 0; m < 200; m++)
                {
                    var reference = (ushort)m;
                    reassembler.Add(Carrier, source, Destination, new PartInfo(reference, 2, 2), Gsm, Text("b"));
                    ReassemblyResult r = reassembler.Add(Carrier, source, Destination, new PartInfo(reference, 2, 1), Gsm, Text("a"));
                    completed += r.Status == ReassemblyStatus.Complete && r.Payload!.Length == 2 ? 1 : 0;
                }

                return completed;
            });
        }

        int[] counts = await Task.WhenAll(tasks);

        Assert.That(counts, Is.All.EqualTo(200));
        Assert.That(reassembler.PendingCount, Is.Zero);
    }

    [Test]
    public void Constructor_BadOptions_Throws()
    {
        Assert.That(() => new Reassembler(_time, new ReassemblyOptions { Timeout = TimeSpan.Zero }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new Reassembler(_time, new ReassemblyOptions { MaxPendingMessages = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new Reassembler(_time, new ReassemblyOptions { MaxBytes = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static byte[] Text(string ascii) => Encoding.ASCII.GetBytes(ascii);
}
