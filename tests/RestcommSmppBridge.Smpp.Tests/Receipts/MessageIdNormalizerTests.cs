using System.Text;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Receipts;

/// <summary>Pitfall P1 (smpp.md): ids written differently in submit_sm_resp, receipt text and receipted_message_id.</summary>
[TestFixture]
public sealed class MessageIdNormalizerTests
{
    private static readonly MessageIdMatchOptions s_hexResponseDecimalReceipt = new()
    {
        SubmitResponseFormat = MessageIdFormat.Hexadecimal,
        ReceiptTextFormat = MessageIdFormat.Decimal,
        ReceiptedMessageIdFormat = MessageIdFormat.Hexadecimal,
    };

    private static readonly MessageIdMatchOptions s_decimal = new()
    {
        SubmitResponseFormat = MessageIdFormat.Decimal,
        ReceiptTextFormat = MessageIdFormat.Decimal,
        ReceiptedMessageIdFormat = MessageIdFormat.Decimal,
    };

    private static readonly MessageIdMatchOptions s_hex = new()
    {
        SubmitResponseFormat = MessageIdFormat.Hexadecimal,
        ReceiptTextFormat = MessageIdFormat.Hexadecimal,
        ReceiptedMessageIdFormat = MessageIdFormat.Hexadecimal,
    };

    private static readonly MessageIdMatchOptions s_stripZeros = new()
    {
        SubmitResponseFormat = MessageIdFormat.StripLeadingZeros,
        ReceiptTextFormat = MessageIdFormat.StripLeadingZeros,
        ReceiptedMessageIdFormat = MessageIdFormat.StripLeadingZeros,
    };

    private static readonly MessageIdMatchOptions s_exact = new()
    {
        SubmitResponseFormat = MessageIdFormat.AsIs,
        ReceiptTextFormat = MessageIdFormat.AsIs,
        ReceiptedMessageIdFormat = MessageIdFormat.AsIs,
    };

    private static IEnumerable<TestCaseData> CarrierProfiles()
    {
        // jookies/jasmin#1129 / Kannel msg-id-type: hex in the resp, decimal in the receipt.
        yield return new TestCaseData(s_hexResponseDecimalReceipt, "00B8BE19", "12107289", true).SetName("HexResponse_DecimalReceipt");
        yield return new TestCaseData(s_hexResponseDecimalReceipt, "b8be19", "12107289", true).SetName("LowerHexResponse_DecimalReceipt");
        yield return new TestCaseData(s_hexResponseDecimalReceipt, "00B8BE19", "12107290", false).SetName("HexResponse_OtherDecimal");
        yield return new TestCaseData(s_hex, "00B8BE19", "B8BE19", true).SetName("Hex_LeadingZeros");

        // jookies/jasmin#375, #408, #423: leading zeros in one place only.
        yield return new TestCaseData(s_decimal, "000024", "24", true).SetName("Decimal_LeadingZeros");
        yield return new TestCaseData(s_decimal, "000", "0", true).SetName("Decimal_AllZeros");
        yield return new TestCaseData(s_decimal, "24", "240", false).SetName("Decimal_Different");
        yield return new TestCaseData(s_stripZeros, "000ABC", "abc", true).SetName("StripZeros_Alphanumeric");

        // jookies/jasmin#916: case differs.
        yield return new TestCaseData(MessageIdMatchOptions.Default, "abcdef123", "ABCDEF123", true).SetName("Default_CaseDiffers");
        yield return new TestCaseData(MessageIdMatchOptions.Default, " abc ", "ABC", true).SetName("Default_Whitespace");
        yield return new TestCaseData(MessageIdMatchOptions.Default, "000024", "24", false).SetName("Default_KeepsZeros");
        yield return new TestCaseData(s_exact, "abc", "ABC", false).SetName("AsIs_CaseMatters");
        yield return new TestCaseData(s_exact, "abc", "abc", true).SetName("AsIs_Same");

        // jookies/jasmin#535: UUID / dashed ids.
        const string UpperUuid = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        const string LowerUuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        yield return new TestCaseData(MessageIdMatchOptions.Default, UpperUuid, LowerUuid, true).SetName("Default_Uuid");
        yield return new TestCaseData(s_hex, UpperUuid, LowerUuid, true).SetName("Hex_UuidFallsBack");

        // jookies/jasmin#586: ids beyond Int64.MaxValue and UInt64.MaxValue.
        yield return new TestCaseData(s_decimal, "9380935605053030457", "09380935605053030457", true).SetName("Decimal_AboveInt64");
        yield return new TestCaseData(s_decimal, "18446744073709551615", "18446744073709551615", true).SetName("Decimal_UInt64Max");
        yield return new TestCaseData(s_decimal, "18446744073709551616", "18446744073709551615", false).SetName("Decimal_AboveUInt64");
        yield return new TestCaseData(s_hexResponseDecimalReceipt, "822FC73B00000039", "9380935605053030457", true).SetName("Hex_AboveInt64");
        yield return new TestCaseData(s_hexResponseDecimalReceipt, "FFFFFFFFFFFFFFFF", "18446744073709551615", true).SetName("Hex_UInt64Max");
        yield return new TestCaseData(s_hexResponseDecimalReceipt, "10000000000000000", "18446744073709551616", true).SetName("Hex_AboveUInt64");

        // Empty ids never match.
        yield return new TestCaseData(MessageIdMatchOptions.Default, "", "", false).SetName("Default_BothEmpty");
        yield return new TestCaseData(s_decimal, "   ", "   ", false).SetName("Decimal_BothBlank");
    }

    [TestCaseSource(nameof(CarrierProfiles))]
    public void Matches_CarrierProfile_MatchesAsExpected(MessageIdMatchOptions options, string submitId, string receiptId, bool expected)
    {
        Assert.That(MessageIdNormalizer.Matches(submitId, receiptId, options), Is.EqualTo(expected));
    }

    [TestCase("00B8BE19", MessageIdFormat.Hexadecimal, "12107289")]
    [TestCase("ffffffffffffffffffffffffffffffff", MessageIdFormat.Hexadecimal, "340282366920938463463374607431768211455")]
    [TestCase("0100000000000000000000000000000000", MessageIdFormat.Hexadecimal, "340282366920938463463374607431768211456")]
    [TestCase("F0000000000000000000000000000000000000000000000000000000000000000", MessageIdFormat.Hexadecimal,
        "1736881338559742931353564775130318617799049769984608460591863760118696944599040")]
    [TestCase("0000", MessageIdFormat.Hexadecimal, "0")]
    [TestCase("000024", MessageIdFormat.Decimal, "24")]
    [TestCase(" 12G4 ", MessageIdFormat.Hexadecimal, "12G4")]
    [TestCase("12a4", MessageIdFormat.Decimal, "12A4")]
    [TestCase("-5", MessageIdFormat.Decimal, "-5")]
    [TestCase("abc", MessageIdFormat.CaseInsensitive, "ABC")]
    [TestCase(" abc ", MessageIdFormat.AsIs, " abc ")]
    [TestCase("000", MessageIdFormat.StripLeadingZeros, "0")]
    [TestCase("", MessageIdFormat.Hexadecimal, "")]
    [TestCase(null, MessageIdFormat.Decimal, "")]
    public void Normalize_IdAndFormat_GivesCanonicalKey(string? id, MessageIdFormat format, string expected)
    {
        Assert.That(MessageIdNormalizer.Normalize(id, format), Is.EqualTo(expected));
    }

    [Test]
    public void Normalize_InvalidHex_DoesNotCollideWithNumericKeys()
    {
        string invalid = MessageIdNormalizer.Normalize("12G", MessageIdFormat.Hexadecimal);

        Assert.That(invalid, Does.Match("[^0-9]"));
    }

    [Test]
    public void ReceiptKey_TlvAndTextIdsInDifferentFormats_TlvWinsAndBothMatchSubmit()
    {
        // Carrier writes the TLV like submit_sm_resp (hex) but the text id in decimal.
        byte[] octets = Encoding.ASCII.GetBytes("id:12107289 sub:001 dlvrd:001 stat:DELIVRD err:000");
        DeliveryReceipt withTlv = ReceiptParsing.Parse(octets, 0x00, "00b8be19", null, default);
        DeliveryReceipt textOnly = ReceiptParsing.Parse(octets, 0x00, null, null, default);
        string submitKey = MessageIdNormalizer.SubmitKey("B8BE19", s_hexResponseDecimalReceipt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MessageIdNormalizer.ReceiptKey(withTlv, s_hexResponseDecimalReceipt), Is.EqualTo(submitKey));
            Assert.That(MessageIdNormalizer.ReceiptKey(textOnly, s_hexResponseDecimalReceipt), Is.EqualTo(submitKey));
            Assert.That(MessageIdNormalizer.Matches("B8BE19", withTlv, s_hexResponseDecimalReceipt), Is.True);
            Assert.That(MessageIdNormalizer.Matches("B8BE19", textOnly, s_hexResponseDecimalReceipt), Is.True);
        }
    }

    [Test]
    public void Matches_TlvIdDiffersFromTextId_UsesTheTlv()
    {
        byte[] octets = Encoding.ASCII.GetBytes("id:111 stat:DELIVRD");
        DeliveryReceipt receipt = ReceiptParsing.Parse(octets, 0x00, "222", null, default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MessageIdNormalizer.Matches("222", receipt, MessageIdMatchOptions.Default), Is.True);
            Assert.That(MessageIdNormalizer.Matches("111", receipt, MessageIdMatchOptions.Default), Is.False);
        }
    }

    [Test]
    public void ReceiptKey_NoId_IsEmptyAndMatchesNothing()
    {
        DeliveryReceipt receipt = ReceiptParsing.ParseText("stat:DELIVRD");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MessageIdNormalizer.ReceiptKey(receipt, MessageIdMatchOptions.Default), Is.Empty);
            Assert.That(MessageIdNormalizer.Matches("", receipt, MessageIdMatchOptions.Default), Is.False);
        }
    }
}
