using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Receipts;

[TestFixture]
public sealed class ReceiptStatusMapTests
{
    [TestCase(MessageState.Delivered, "000", true, MessageStatus.Delivered, null)]
    [TestCase(MessageState.Enroute, null, true, MessageStatus.Sent, null)]
    [TestCase(MessageState.Accepted, null, false, MessageStatus.Sent, null)]
    [TestCase(MessageState.Accepted, null, true, MessageStatus.Delivered, null)]
    [TestCase(MessageState.Undeliverable, "001", true, MessageStatus.Undelivered, 30005)]
    [TestCase(MessageState.Undeliverable, "008", true, MessageStatus.Undelivered, 30003)]
    [TestCase(MessageState.Expired, "004", true, MessageStatus.Failed, 30004)]
    [TestCase(MessageState.Rejected, "010", true, MessageStatus.Failed, 30006)]
    [TestCase(MessageState.Deleted, "231", true, MessageStatus.Failed, 30007)]
    [TestCase(MessageState.Undeliverable, null, true, MessageStatus.Undelivered, 30008)]
    [TestCase(MessageState.Unknown, "999", true, MessageStatus.Failed, 30008)]
    public void Map_StateAndErr_StatusAndRestcommCode(MessageState state, string? err, bool acceptedIsFinal, MessageStatus status, int? code)
    {
        (MessageStatus outcome, int? errorCode) = ReceiptStatusMap.Map(new DeliveryReceipt { State = state, ErrorCode = err }, acceptedIsFinal);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(status));
            Assert.That(errorCode, Is.EqualTo(code));
        });
    }
}
