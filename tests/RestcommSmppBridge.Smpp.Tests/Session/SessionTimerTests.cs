using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Tests.Session;

/// <summary>Timers driven by a FakeTimeProvider: enquire_link, dead link, bind timeout, inactivity (smpp.md P6).</summary>
[CancelAfter(20_000)]
public sealed class SessionTimerTests
{
    private static readonly SmppSessionOptions s_options = new()
    {
        EnquireLinkInterval = TimeSpan.FromSeconds(30),
        ResponseTimeout = TimeSpan.FromSeconds(10),
        MaxMissedEnquireLinks = 3,
    };

    /// <summary>Moves fake time forward in steps until <paramref name="task"/> completes (bounded).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 1000)
    {
        for (int i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(2));
        }

        Assert.That(task.IsCompleted, Is.True, $"not completed after {maxSteps} steps of {step}");
    }

    private static async Task<(SmppSession Esme, RawPeer Smsc, FakeTimeProvider Time)> BoundEsmeAsync(SmppSessionOptions options)
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var esme = new SmppSession(a, SessionRole.Esme, options, new TestHandler(), time);
        esme.Start();
        var smsc = new RawPeer(b);
        Task<BindResponse> binding = esme.BindAsync(new BindTransceiver { SystemId = "c" }, CancellationToken.None);
        Pdu bind = await smsc.ReceiveAsync();
        await smsc.SendAsync(new BindTransceiverResp { SequenceNumber = bind.SequenceNumber });
        await binding;
        return (esme, smsc, time);
    }

    [Test]
    public async Task EnquireLink_QuietLink_SentAfterIntervalAndAnswerKeepsSessionUp()
    {
        var (esme, smsc, time) = await BoundEsmeAsync(s_options);
        await using (esme)
        {
            for (int round = 0; round < 5; round++)
            {
                Task<Pdu> next = smsc.ReceiveAsync();
                await AdvanceUntilAsync(time, next, TimeSpan.FromSeconds(5));
                Pdu enquire = await next;
                Assert.That(enquire, Is.TypeOf<EnquireLink>());
                await smsc.SendAsync(new EnquireLinkResp { SequenceNumber = enquire.SequenceNumber });
            }

            Assert.That(esme.IsBound, Is.True);
        }
    }

    [Test]
    public async Task EnquireLink_PeerSilent_LinkDeadAfterMaxMissed()
    {
        var (esme, smsc, time) = await BoundEsmeAsync(s_options);
        await using (esme)
        {
            int enquiries = 0;
            while (!esme.Completion.IsCompleted && enquiries < 10)
            {
                Task<Pdu> next = smsc.ReceiveAsync();
                await AdvanceUntilAsync(time, Task.WhenAny(next, esme.Completion), TimeSpan.FromSeconds(5));
                if (next.IsCompletedSuccessfully)
                {
                    Assert.That(next.Result, Is.TypeOf<EnquireLink>());
                    enquiries++;
                }
            }

            await AdvanceUntilAsync(time, esme.Completion, TimeSpan.FromSeconds(5));
            Assert.Multiple(() =>
            {
                Assert.That(enquiries, Is.EqualTo(3));
                Assert.That(esme.State, Is.EqualTo(SessionState.Closed));
                Assert.That(esme.CloseReason, Does.Contain("enquire_link"));
            });
        }
    }

    [Test]
    public async Task BindTimeout_SmscSideNeverBound_ClosesConnection()
    {
        (InMemoryTransport a, InMemoryTransport b) = InMemoryTransport.CreatePair();
        var time = new FakeTimeProvider();
        var smsc = new SmppSession(b, SessionRole.Smsc, s_options with { BindTimeout = TimeSpan.FromSeconds(20) }, new TestHandler(), time);
        smsc.Start();
        await using (smsc)
        await using (a)
        {
            await AdvanceUntilAsync(time, smsc.Completion, TimeSpan.FromSeconds(1));

            Assert.That(smsc.CloseReason, Does.Contain("no bind"));
        }
    }

    [Test]
    public async Task InactivityTimeout_PeerSilent_Closes()
    {
        var (esme, _, time) = await BoundEsmeAsync(s_options with { EnquireLinkInterval = TimeSpan.Zero, InactivityTimeout = TimeSpan.FromSeconds(60) });
        await using (esme)
        {
            await AdvanceUntilAsync(time, esme.Completion, TimeSpan.FromSeconds(5));

            Assert.That(esme.CloseReason, Does.Contain("silent"));
        }
    }
}
