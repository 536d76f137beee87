using System.Text;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Receipts;

[TestFixture]
public sealed class DeliveryReceiptParserTests
{
    private const string AppendixB =
        "id:0123456789 sub:001 dlvrd:001 submit date:2501021530 done date:2501021531 stat:DELIVRD err:000 text:Hello world";

    [Test]
    public void TryParseText_AppendixBReceipt_ReadsEveryField()
    {
        bool ok = DeliveryReceiptParser.TryParseText(AppendixB, out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.MessageId, Is.EqualTo("0123456789"));
            Assert.That(receipt.TextMessageId, Is.EqualTo("0123456789"));
            Assert.That(receipt.ReceiptedMessageId, Is.Null);
            Assert.That(receipt.Submitted, Is.EqualTo(1));
            Assert.That(receipt.Delivered, Is.EqualTo(1));
            Assert.That(receipt.SubmitDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 30, 0)));
            Assert.That(receipt.DoneDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 31, 0)));
            Assert.That(receipt.SubmitDate!.Value.Kind, Is.EqualTo(DateTimeKind.Unspecified));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(receipt.IsFinal, Is.True);
            Assert.That(receipt.RawStatus, Is.EqualTo("DELIVRD"));
            Assert.That(receipt.ErrorCode, Is.EqualTo("000"));
            Assert.That(receipt.NetworkError, Is.Null);
            Assert.That(receipt.Text, Is.EqualTo("Hello world"));
        }
    }

    [Test]
    public void TryParse_AppendixBAsLatin1Bytes_MatchesTextParse()
    {
        byte[] octets = Encoding.Latin1.GetBytes(AppendixB);
        DeliveryReceipt expected = ReceiptParsing.ParseText(AppendixB);

        bool ok = DeliveryReceiptParser.TryParse(octets, 0x00, null, null, default, out DeliveryReceipt? receipt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(receipt, Is.EqualTo(expected));
        }
    }

    [Test]
    public void TryParseText_MissingFields_AreNull()
    {
        bool ok = DeliveryReceiptParser.TryParseText("id:42 stat:UNDELIV", out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.MessageId, Is.EqualTo("42"));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Undeliverable));
            Assert.That(receipt.Submitted, Is.Null);
            Assert.That(receipt.Delivered, Is.Null);
            Assert.That(receipt.SubmitDate, Is.Null);
            Assert.That(receipt.DoneDate, Is.Null);
            Assert.That(receipt.ErrorCode, Is.Null);
            Assert.That(receipt.Text, Is.Null);
        }
    }

    [Test]
    public void TryParseText_LastFieldWithoutTrailingSpace_IsKept()
    {
        // Restcomm's parser lost a value that ended the text without a trailing separator.
        bool ok = DeliveryReceiptParser.TryParseText("id:42 err:017 stat:REJECTD", out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.State, Is.EqualTo(MessageState.Rejected));
            Assert.That(receipt.RawStatus, Is.EqualTo("REJECTD"));
            Assert.That(receipt.ErrorCode, Is.EqualTo("017"));
        }
    }

    [TestCase("err:nul")]
    [TestCase("err:NULL")]
    [TestCase("err:")]
    public void TryParseText_ErrNulOrEmpty_IsNull(string errField)
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText($"id:1 stat:DELIVRD {errField} text:x");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.ErrorCode, Is.Null);
            Assert.That(receipt.Text, Is.EqualTo("x"));
        }
    }

    [Test]
    public void TryParseText_CapitalisedKeys_AreRecognised()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText(
            "ID:abc Sub:001 DLVRD:001 Submit Date:2501021530 DONE DATE:2501021531 Stat:DELIVRD Err:000 Text:Hi");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.MessageId, Is.EqualTo("abc"));
            Assert.That(receipt.Submitted, Is.EqualTo(1));
            Assert.That(receipt.DoneDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 31, 0)));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(receipt.Text, Is.EqualTo("Hi"));
        }
    }

    [Test]
    public void TryParseText_TextWithColonsSpacesAndKeyWords_TakesEverythingToTheEnd()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("id:7 stat:DELIVRD err:000 text:Meet at 10:30 id:99 stat:REJECTD  ");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.Text, Is.EqualTo("Meet at 10:30 id:99 stat:REJECTD"));
            Assert.That(receipt.MessageId, Is.EqualTo("7"));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
        }
    }

    [Test]
    public void TryParseText_UnderscoreDateKeys_AreRecognised()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("id:1 submit_date:2501021530 done_date:2501021545 stat:DELIVRD");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.SubmitDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 30, 0)));
            Assert.That(receipt.DoneDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 45, 0)));
        }
    }

    [TestCase("2501021530", 2025, 1, 2, 15, 30, 0)]
    [TestCase("250102153045", 2025, 1, 2, 15, 30, 45)]
    [TestCase("202501021530", 2025, 1, 2, 15, 30, 0)]
    [TestCase("20250102153045", 2025, 1, 2, 15, 30, 45)]
    [TestCase("201210101010", 2020, 12, 10, 10, 10, 10)]
    [TestCase("240229235959", 2024, 2, 29, 23, 59, 59)]
    public void TryParseText_DateForms_AreRead(string date, int year, int month, int day, int hour, int minute, int second)
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText($"id:1 submit date:{date} done date:{date} stat:DELIVRD");

        DateTime expected = new(year, month, day, hour, minute, second);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.SubmitDate, Is.EqualTo(expected));
            Assert.That(receipt.DoneDate, Is.EqualTo(expected));
        }
    }

    [TestCase("2513021530")]
    [TestCase("2502301530")]
    [TestCase("25010215")]
    [TestCase("25-01-0215")]
    [TestCase("250102246000")]
    [TestCase("123456789012345")]
    public void TryParseText_InvalidDate_IsNullAndReceiptStillParses(string date)
    {
        bool ok = DeliveryReceiptParser.TryParseText($"id:1 submit date:{date} stat:DELIVRD", out DeliveryReceipt? receipt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(receipt!.SubmitDate, Is.Null);
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
        }
    }

    [TestCase("DELIVRD", MessageState.Delivered, true)]
    [TestCase("EXPIRED", MessageState.Expired, true)]
    [TestCase("DELETED", MessageState.Deleted, true)]
    [TestCase("UNDELIV", MessageState.Undeliverable, true)]
    [TestCase("ACCEPTD", MessageState.Accepted, true)]
    [TestCase("UNKNOWN", MessageState.Unknown, true)]
    [TestCase("REJECTD", MessageState.Rejected, true)]
    [TestCase("ENROUTE", MessageState.Enroute, false)]
    [TestCase("ACKED", MessageState.Enroute, false)]
    [TestCase("BUFFRED", MessageState.Enroute, false)]
    [TestCase("BUFFERD", MessageState.Enroute, false)]
    [TestCase("delivrd", MessageState.Delivered, true)]
    [TestCase("undeliv", MessageState.Undeliverable, true)]
    [TestCase("DELIVERED", MessageState.Delivered, true)]
    [TestCase("WHATEVER", MessageState.Unknown, true)]
    public void TryParseText_StatWord_SetsStateFinalityAndRawStatus(string word, MessageState state, bool isFinal)
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText($"id:1 sub:001 dlvrd:000 stat:{word} err:000 text:");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.State, Is.EqualTo(state));
            Assert.That(receipt.IsFinal, Is.EqualTo(isFinal));
            Assert.That(receipt.RawStatus, Is.EqualTo(word));
            Assert.That(receipt.Text, Is.Null);
        }
    }

    [Test]
    public void TryParse_Ucs2ReceiptWithDataCoding8_IsDecoded()
    {
        byte[] octets = Encoding.BigEndianUnicode.GetBytes(AppendixB);

        bool ok = DeliveryReceiptParser.TryParse(octets, 0x08, null, null, default, out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.MessageId, Is.EqualTo("0123456789"));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(receipt.Text, Is.EqualTo("Hello world"));
        }
    }

    [Test]
    public void TryParse_Ucs2ReceiptWithNonLatinText_KeepsTheText()
    {
        byte[] octets = Encoding.BigEndianUnicode.GetBytes("id:5 stat:DELIVRD err:000 text:Привет мир");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x08, null, null, default);

        Assert.That(receipt.Text, Is.EqualTo("Привет мир"));
    }

    [Test]
    public void TryParse_Ucs2ReceiptSentWithDataCoding0_IsDetected()
    {
        // farhadi/node-smpp#68: 00 69 00 64 00 3A is "id:" in UCS-2, but the SMSC said data_coding 0.
        byte[] octets = Encoding.BigEndianUnicode.GetBytes(AppendixB);
        Assert.That(octets[..6], Is.EqualTo(new byte[] { 0x00, 0x69, 0x00, 0x64, 0x00, 0x3A }));

        bool ok = DeliveryReceiptParser.TryParse(octets, 0x00, null, null, default, out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.MessageId, Is.EqualTo("0123456789"));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
            Assert.That(receipt.SubmitDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 30, 0)));
            Assert.That(receipt.Text, Is.EqualTo("Hello world"));
        }
    }

    [Test]
    public void TryParse_LittleEndianUtf16Receipt_IsDetected()
    {
        // joaogervasoni/smppjs#51: some peers write UTF-16LE.
        byte[] octets = Encoding.Unicode.GetBytes("id:77 stat:EXPIRED err:000");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x08, null, null, default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.MessageId, Is.EqualTo("77"));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Expired));
        }
    }

    [Test]
    public void TryParse_AsciiReceiptWithDataCoding8_IsReadAsAscii()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:77 stat:DELIVRD err:000 text:ok");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x08, null, null, default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.MessageId, Is.EqualTo("77"));
            Assert.That(receipt.Text, Is.EqualTo("ok"));
        }
    }

    [Test]
    public void TryParse_TrailingNulTerminator_IsNotPartOfTheLastValue()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:77 stat:DELIVRD\0");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x00, null, null, default);

        Assert.That(receipt.RawStatus, Is.EqualTo("DELIVRD"));
    }

    [Test]
    public void TryParse_Latin1TextWithDataCoding3_KeepsAccents()
    {
        byte[] octets = Encoding.Latin1.GetBytes("id:77 stat:DELIVRD err:000 text:café");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x03, null, null, default);

        Assert.That(receipt.Text, Is.EqualTo("café"));
    }

    [Test]
    public void TryParse_TlvOnlyReceipt_UsesTlvs()
    {
        bool ok = DeliveryReceiptParser.TryParse(
            ReadOnlySpan<byte>.Empty, 0x00, "A1B2C3", (byte)MessageState.Undeliverable, [0x03, 0x00, 0x22], out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.MessageId, Is.EqualTo("A1B2C3"));
            Assert.That(receipt.ReceiptedMessageId, Is.EqualTo("A1B2C3"));
            Assert.That(receipt.TextMessageId, Is.Null);
            Assert.That(receipt.State, Is.EqualTo(MessageState.Undeliverable));
            Assert.That(receipt.IsFinal, Is.True);
            Assert.That(receipt.RawStatus, Is.Null);
            Assert.That(receipt.NetworkError, Is.EqualTo(new NetworkErrorCode(3, 0x22)));
            Assert.That(receipt.Text, Is.Null);
        }
    }

    [Test]
    public void TryParse_TlvIdDiffersFromTextId_TlvWins()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:12107289 stat:DELIVRD err:000");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x00, "00B8BE19", null, default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.MessageId, Is.EqualTo("00B8BE19"));
            Assert.That(receipt.ReceiptedMessageId, Is.EqualTo("00B8BE19"));
            Assert.That(receipt.TextMessageId, Is.EqualTo("12107289"));
        }
    }

    [Test]
    public void TryParse_EmptyTlvId_FallsBackToTextId()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:42 stat:DELIVRD");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x00, "", null, default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.MessageId, Is.EqualTo("42"));
            Assert.That(receipt.ReceiptedMessageId, Is.Null);
        }
    }

    [Test]
    public void TryParse_MessageStateTlv_WinsOverStatWord()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:42 stat:DELIVRD");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x00, null, (byte)MessageState.Enroute, default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.State, Is.EqualTo(MessageState.Enroute));
            Assert.That(receipt.IsFinal, Is.False);
            Assert.That(receipt.RawStatus, Is.EqualTo("DELIVRD"));
        }
    }

    [Test]
    public void TryParse_UndefinedMessageStateTlv_FallsBackToStatWord()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:42 stat:EXPIRED");

        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x00, null, 0x20, default);

        Assert.That(receipt.State, Is.EqualTo(MessageState.Expired));
    }

    [Test]
    public void TryParse_MalformedNetworkErrorCode_IsNull()
    {
        DeliveryReceipt receipt = ReceiptParsing.Parse(ReadOnlySpan<byte>.Empty, 0x00, "1", 2, [0x03, 0x00]);

        Assert.That(receipt.NetworkError, Is.Null);
    }

    [TestCase("")]
    [TestCase("Hello, see you at 10:30")]
    [TestCase("paid:5 total:7")]
    public void TryParseText_NotAReceipt_ReturnsFalse(string text)
    {
        bool ok = DeliveryReceiptParser.TryParseText(text, out DeliveryReceipt? receipt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(receipt, Is.Null);
        }
    }

    [Test]
    public void TryParse_EmptyMessageAndNoTlvs_ReturnsFalse()
    {
        bool ok = DeliveryReceiptParser.TryParse(ReadOnlySpan<byte>.Empty, 0x00, null, null, default, out DeliveryReceipt? receipt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(receipt, Is.Null);
        }
    }

    [Test]
    public void TryParseText_IdWithoutState_IsUnknownWithoutRawStatus()
    {
        bool ok = DeliveryReceiptParser.TryParseText("id:42 sub:001", out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.State, Is.EqualTo(MessageState.Unknown));
            Assert.That(receipt.RawStatus, Is.Null);
        }
    }

    [Test]
    public void TryParseText_StateWithoutId_IsAReceiptWithoutId()
    {
        bool ok = DeliveryReceiptParser.TryParseText("stat:DELIVRD err:000", out DeliveryReceipt? receipt);

        Assert.That(ok, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt!.MessageId, Is.Null);
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
        }
    }

    [Test]
    public void TryParseText_UnknownVendorFields_DoNotLeakIntoKnownValues()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("id:9 sub:001 dlvrd:001 stat:DELIVRD err:000 mcc:234 mnc:10 text:ok");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.ErrorCode, Is.EqualTo("000"));
            Assert.That(receipt.Text, Is.EqualTo("ok"));
        }
    }

    [Test]
    public void TryParseText_KeyInsideAWord_IsNotAKey()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("xid:5 stat:DELIVRD");

        Assert.That(receipt.MessageId, Is.Null);
    }

    [Test]
    public void TryParseText_NonNumericCounts_AreNull()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("id:9 sub:abc dlvrd:1x stat:DELIVRD");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.Submitted, Is.Null);
            Assert.That(receipt.Delivered, Is.Null);
        }
    }

    [Test]
    public void TryParseText_ExtraWhiteSpaceAndSpaceBeforeColon_AreTolerated()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("id : abc-1   sub:1\tdlvrd:1  submit  date:2501021530 stat :DELIVRD");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receipt.MessageId, Is.EqualTo("abc-1"));
            Assert.That(receipt.Submitted, Is.EqualTo(1));
            Assert.That(receipt.Delivered, Is.EqualTo(1));
            Assert.That(receipt.SubmitDate, Is.EqualTo(new DateTime(2025, 1, 2, 15, 30, 0)));
            Assert.That(receipt.State, Is.EqualTo(MessageState.Delivered));
        }
    }

    [Test]
    public void TryParseText_UuidId_IsKeptWhole()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("id:3f2504e0-4f89-11d3-9a0c-0305e82c3301 stat:DELIVRD");

        Assert.That(receipt.MessageId, Is.EqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    }
}
