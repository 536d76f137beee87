using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Session;

namespace RestcommSmppBridge.Smpp.Tests.Server;

/// <summary>
/// Regression: on an unbind from the peer the read loop used to end the session itself ("protocol error"), racing the
/// writer loop that flushes unbind_resp, so the server's graceful stop could lose the unbind_resp and wait out its
/// unbind timeout. Found by the server's StopAsync test.
/// </summary>
[CancelAfter(20_000)]
public sealed class SessionUnbindRegressionTests
{
    [Test]
    [Repeat(25)]
    public async Task Unbind_FromPeer_UnbindRespFlushedAndClosedAsUnbound()
    {
        (InMemoryTransport esmeEnd, InMemoryTransport smscEnd) = InMemoryTransport.CreatePair();
        var esme = new SmppSession(esmeEnd, SessionRole.Esme, EsmeConnection.DefaultOptions, new TestHandler());
        esme.Start();
        var smsc = new RawPeer(smscEnd);
        await using (esme)
        {
            Task<BindResponse> bind = esme.BindAsync(new BindTransceiver { SystemId = "a" }, CancellationToken.None);
            Pdu bindRequest = await smsc.ReceiveAsync();
            await smsc.SendAsync(new BindTransceiverResp { SequenceNumber = bindRequest.SequenceNumber, SystemId = "smsc" });
            await bind;

            await smsc.SendAsync(new Unbind { SequenceNumber = 7 });
            Pdu answer = await smsc.ReceiveAsync();
            await esme.Completion;

            Assert.Multiple(() =>
            {
                Assert.That(answer, Is.TypeOf<UnbindResp>());
                Assert.That(answer.SequenceNumber, Is.EqualTo(7u));
                Assert.That(esme.CloseReason, Is.EqualTo("unbound by the peer"));
            });
        }
    }
}
