using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Receipts;

/// <summary>Parses receipts that a test expects to be valid, failing the test when they are not.</summary>
internal static class ReceiptParsing
{
    public static DeliveryReceipt ParseText(string text)
    {
        bool ok = DeliveryReceiptParser.TryParseText(text, out DeliveryReceipt? receipt);
        Assert.That(ok, Is.True, $"not parsed as a receipt: {text}");
        return receipt!;
    }

    public static DeliveryReceipt Parse(
        ReadOnlySpan<byte> octets, byte dataCoding, string? receiptedMessageId, byte? messageState, ReadOnlySpan<byte> networkErrorCode)
    {
        bool ok = DeliveryReceiptParser.TryParse(
            octets, dataCoding, receiptedMessageId, messageState, networkErrorCode, out DeliveryReceipt? receipt);
        Assert.That(ok, Is.True, "not parsed as a receipt");
        return receipt!;
    }
}
