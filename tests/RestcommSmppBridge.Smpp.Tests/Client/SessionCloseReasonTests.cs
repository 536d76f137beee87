using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Session;

namespace RestcommSmppBridge.Smpp.Tests.Client;

/// <summary>
/// Regression for a session race found while building the client: after the peer's unbind, the read loop ("protocol
/// error") and the writer loop ("unbound") both asked to terminate, and whichever ran first named the close reason,
/// so a normal unbind by the SMSC was sometimes reported to the client (and its operators) as a protocol error.
/// </summary>
[CancelAfter(20_000)]
public sealed class SessionCloseReasonTests
{
    private static readonly SmppSessionOptions s_options = new() { EnquireLinkInterval = TimeSpan.Zero };

    [Test]
    public async Task PeerUnbinds_CloseReasonAlwaysSaysUnbound()
    {
        var reasons = new HashSet<string>();
        for (int i = 0; i < 40; i++)
        {
            (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
            await using var esme = new SmppSession(a, SessionRole.Esme, s_options with { Name = "esme" }, new TestHandler());
            await using var smsc = new SmppSession(b, SessionRole.Smsc, s_options with { Name = "smsc" }, new TestHandler());
            esme.Start();
            smsc.Start();
            await esme.BindAsync(new BindTransceiver { SystemId = "c", Password = "p" }, CancellationToken.None);

            await smsc.CloseAsync(CancellationToken.None);
            await esme.Completion.WaitAsync(TimeSpan.FromSeconds(5));
            reasons.Add(esme.CloseReason!);
        }

        Assert.That(reasons, Is.EqualTo(new[] { "unbound by the peer" }));
    }
}
