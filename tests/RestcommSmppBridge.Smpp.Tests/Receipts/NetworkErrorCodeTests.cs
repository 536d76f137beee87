using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Receipts;

[TestFixture]
public sealed class NetworkErrorCodeTests
{
    [Test]
    public void TryParse_ThreeOctets_ReadsTypeAndBigEndianCode()
    {
        bool ok = NetworkErrorCode.TryParse([0x03, 0x01, 0x0B], out NetworkErrorCode code);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(code, Is.EqualTo(new NetworkErrorCode(3, 0x010B)));
        }
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0x03, 0x00 })]
    [TestCase(new byte[] { 0x03, 0x00, 0x01, 0x00 })]
    public void TryParse_WrongLength_Fails(byte[] value)
    {
        bool ok = NetworkErrorCode.TryParse(value, out NetworkErrorCode code);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(code, Is.EqualTo(default(NetworkErrorCode)));
        }
    }
}
