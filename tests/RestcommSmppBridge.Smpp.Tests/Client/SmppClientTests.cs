using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Session;

namespace RestcommSmppBridge.Smpp.Tests.Client;

/// <summary>Bind supervision over real TCP on 127.0.0.1:0: bind types, refusals, reconnects, bind count, stop.</summary>
[CancelAfter(30_000)]
public sealed class SmppClientTests
{
    internal static SmppClientOptions OptionsFor(TestSmsc smsc) => new()
    {
        Name = "carrier",
        Host = "127.0.0.1",
        Port = smsc.Port,
        SystemId = "bridge",
        Password = "secret",
        SystemType = "VMA",
        AddrTon = TypeOfNumber.International,
        AddrNpi = NumberingPlan.Isdn,
        AddressRange = "^447",
        Session = new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero },
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Reconnect = new BackoffOptions
        {
            Initial = TimeSpan.FromSeconds(1),
            Multiplier = 2,
            Max = TimeSpan.FromSeconds(8),
            Jitter = BackoffJitter.None,
        },
    };

    [TestCase(BindType.Transmitter, SessionState.BoundTransmitter, CommandId.BindTransmitter)]
    [TestCase(BindType.Receiver, SessionState.BoundReceiver, CommandId.BindReceiver)]
    [TestCase(BindType.Transceiver, SessionState.BoundTransceiver, CommandId.BindTransceiver)]
    public async Task StartAsync_EachBindType_BoundWithConfiguredFields(BindType type, SessionState serverState, CommandId command)
    {
        await using var smsc = new TestSmsc();
        BindRequest? seen = null;
        smsc.Handler.OnBind = bind =>
        {
            seen = bind;
            return CommandStatus.Ok;
        };
        var observer = new RecordingObserver();
        await using var client = new SmppClient(OptionsFor(smsc) with { BindType = type }, observer: observer,
            timeProvider: new FakeTimeProvider());

        await client.StartAsync(CancellationToken.None);
        bool bound = await client.WaitForBindAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await smsc.Changed.UntilAsync(() => smsc.BoundSessions == 1, "server session bound");

        Assert.Multiple(() =>
        {
            Assert.That(bound, Is.True);
            Assert.That(client.BoundCount, Is.EqualTo(1));
            Assert.That(client.Binds[0].State, Is.EqualTo(SmppBindState.Bound));
            Assert.That(smsc.AliveSessions[0].State, Is.EqualTo(serverState));
            Assert.That(seen!.CommandId, Is.EqualTo(command));
            Assert.That(seen.SystemId, Is.EqualTo("bridge"));
            Assert.That(seen.Password, Is.EqualTo("secret"));
            Assert.That(seen.SystemType, Is.EqualTo("VMA"));
            Assert.That(seen.InterfaceVersion, Is.EqualTo(0x34));
            Assert.That(seen.AddrTon, Is.EqualTo(TypeOfNumber.International));
            Assert.That(seen.AddrNpi, Is.EqualTo(NumberingPlan.Isdn));
            Assert.That(seen.AddressRange, Is.EqualTo("^447"));
            Assert.That(observer.Events, Does.Contain("bound 0 testsmsc"));
        });
    }

    [Test]
    public async Task SubmitAsync_Bound_ReturnsTheSmscMessageId()
    {
        await using var smsc = new TestSmsc();
        smsc.Handler.OnRequest = (request, _) =>
            ValueTask.FromResult<SmppResponse?>(new SubmitSmResp { MessageId = "id-" + TestSmsc.TextOf(request) });
        await using var client = new SmppClient(OptionsFor(smsc), timeProvider: new FakeTimeProvider());
        await client.StartAsync(CancellationToken.None);
        await client.WaitForBindAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        SubmitSmResp response = await client.SubmitAsync(TestSmsc.Submit("hello"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Ok));
            Assert.That(response.MessageId, Is.EqualTo("id-hello"));
        });
    }

    [Test]
    public async Task SubmitAsync_ReceiverBind_NotSent()
    {
        await using var smsc = new TestSmsc();
        await using var client = new SmppClient(OptionsFor(smsc) with { BindType = BindType.Receiver }, timeProvider: new FakeTimeProvider());
        await client.StartAsync(CancellationToken.None);
        await client.WaitForBindAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.That(() => client.SubmitAsync(TestSmsc.Submit("x"), CancellationToken.None), Throws.TypeOf<SmppNotSentException>());
    }

    [Test]
    public async Task SubmitAsync_NotStarted_NotSent()
    {
        await using var smsc = new TestSmsc();
        await using var client = new SmppClient(OptionsFor(smsc));

        Assert.That(() => client.SubmitAsync(TestSmsc.Submit("x"), CancellationToken.None), Throws.TypeOf<SmppNotSentException>());
    }

    [Test]
    public async Task SubmitAsync_NoBindBound_NotSentAtOnce()
    {
        await using var smsc = new TestSmsc();
        smsc.Handler.OnBind = _ => CommandStatus.SystemError;
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        await using var client = new SmppClient(OptionsFor(smsc), observer: observer, timeProvider: time);
        await client.StartAsync(CancellationToken.None);
        await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 1, "bind refused with 0x08");

        Assert.Multiple(async () =>
        {
            Assert.That(() => client.SubmitAsync(TestSmsc.Submit("x"), CancellationToken.None), Throws.TypeOf<SmppNotSentException>());
            Assert.That(await client.WaitForBindAsync(TimeSpan.Zero, CancellationToken.None), Is.False);
            Assert.That(client.Binds[0].State, Is.EqualTo(SmppBindState.BackingOff));
            Assert.That(client.Binds[0].LastError, Does.Contain("ESME_RSYSERR"));
            Assert.That(client.ConfigurationError, Is.Null);
        });
    }

    [TestCase(BindType.Receiver)]
    [TestCase(BindType.Transceiver)]
    public async Task DeliverSm_ReceivingBind_ReachesTheClientHandler(BindType type)
    {
        await using var smsc = new TestSmsc();
        var handler = new TestHandler();
        await using var client = new SmppClient(OptionsFor(smsc) with { BindType = type }, handler, timeProvider: new FakeTimeProvider());
        await client.StartAsync(CancellationToken.None);
        await client.WaitForBindAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await smsc.Changed.UntilAsync(() => smsc.BoundSessions == 1, "server session bound");

        DeliverSmResp response = await smsc.AliveSessions[0].SendAsync<DeliverSmResp>(
            new DeliverSm { SourceAddr = "447700900123", DestinationAddr = "12345", ShortMessage = "MO"u8.ToArray() },
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Ok));
            Assert.That(handler.Received.Single(), Is.TypeOf<DeliverSm>());
            Assert.That(TestSmsc.TextOf(handler.Received.Single()), Is.EqualTo("MO"));
        });
    }

    [TestCase(CommandStatus.BindFailed)]
    [TestCase(CommandStatus.InvalidPassword)]
    [TestCase(CommandStatus.InvalidSystemId)]
    public async Task Bind_RefusedAsMisconfigured_StopsRetryingAndReports(CommandStatus refusal)
    {
        await using var smsc = new TestSmsc();
        smsc.Handler.OnBind = _ => refusal;
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        await using var client = new SmppClient(OptionsFor(smsc) with { Binds = 2 }, observer: observer, timeProvider: time);

        await client.StartAsync(CancellationToken.None);
        await observer.Changed.UntilAsync(() => observer.ConfigurationErrors.Count == 2, "both binds report the configuration error");
        // An hour later there has still been no retry (no storm of bad-password binds, smpp.md P6).
        time.Advance(TimeSpan.FromHours(1));
        await smsc.Changed.UntilAsync(() => smsc.Alive == 0, "the refused connections closed");

        Assert.Multiple(() =>
        {
            Assert.That(smsc.Accepted, Is.EqualTo(2));
            Assert.That(client.ConfigurationError, Is.EqualTo(refusal));
            Assert.That(client.Binds.Select(b => b.State), Is.All.EqualTo(SmppBindState.ConfigurationError));
            Assert.That(client.Binds[0].LastError, Does.Contain(refusal.ToSpecName()));
            Assert.That(observer.ReconnectDelays, Is.Empty);
            Assert.That(observer.ConfigurationErrors, Is.All.EqualTo(refusal));
        });
    }

    [Test]
    public async Task Bind_AlreadyBound_WaitsAlreadyBoundBackoffThenReconnects()
    {
        await using var smsc = new TestSmsc();
        int attempts = 0;
        smsc.Handler.OnBind = _ => Interlocked.Increment(ref attempts) == 1 ? CommandStatus.AlreadyBound : CommandStatus.Ok;
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        await using var client = new SmppClient(OptionsFor(smsc) with { AlreadyBoundBackoff = TimeSpan.FromSeconds(30) },
            observer: observer, timeProvider: time);

        await client.StartAsync(CancellationToken.None);
        await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 1, "0x05 answered");
        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        await smsc.Changed.UntilAsync(() => smsc.Alive == 0, "the refused connection closed");

        Assert.Multiple(() =>
        {
            Assert.That(observer.ReconnectDelays.Single(), Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(smsc.Accepted, Is.EqualTo(1));
            Assert.That(client.Binds[0].State, Is.EqualTo(SmppBindState.BackingOff));
            Assert.That(client.ConfigurationError, Is.Null);
        });

        time.Advance(TimeSpan.FromMilliseconds(1));
        await observer.Changed.UntilAsync(() => observer.BoundCount == 1, "bound on the second try");
        Assert.That(smsc.Accepted, Is.EqualTo(2));
    }

    [Test]
    public async Task ServerDrops_ReconnectDelaysGrowUpToTheCap()
    {
        await using var smsc = new TestSmsc();
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        SmppClientOptions options = OptionsFor(smsc) with
        {
            Reconnect = new BackoffOptions { Initial = TimeSpan.FromSeconds(1), Multiplier = 2, Max = TimeSpan.FromSeconds(4), Jitter = BackoffJitter.None },
        };
        await using var client = new SmppClient(options, observer: observer, timeProvider: time);
        await client.StartAsync(CancellationToken.None);

        for (int round = 1; round <= 5; round++)
        {
            await observer.Changed.UntilAsync(() => observer.BoundCount == round, $"bound #{round}");
            await smsc.DropAllAsync();
            await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == round, $"reconnect #{round} scheduled");
            time.Advance(observer.ReconnectDelays.Last());
        }

        await observer.Changed.UntilAsync(() => observer.BoundCount == 6, "bound after the last drop");
        Assert.Multiple(() =>
        {
            Assert.That(observer.ReconnectDelays.Select(d => d.TotalSeconds), Is.EqualTo(new double[] { 1, 2, 4, 4, 4 }));
            Assert.That(smsc.Accepted, Is.EqualTo(6));
            Assert.That(observer.Count("unbound 0"), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task ServerDrops_AfterALongSession_BackoffStartsOver()
    {
        await using var smsc = new TestSmsc();
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        await using var client = new SmppClient(OptionsFor(smsc), observer: observer, timeProvider: time);
        await client.StartAsync(CancellationToken.None);

        await observer.Changed.UntilAsync(() => observer.BoundCount == 1, "bound #1");
        await smsc.DropAllAsync();
        await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 1, "reconnect #1");
        time.Advance(TimeSpan.FromSeconds(1));
        await observer.Changed.UntilAsync(() => observer.BoundCount == 2, "bound #2");
        // Bound for the whole backoff cap: the earlier failure is forgotten.
        time.Advance(TimeSpan.FromSeconds(8));
        await smsc.DropAllAsync();
        await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 2, "reconnect #2");

        Assert.That(observer.ReconnectDelays.Select(d => d.TotalSeconds), Is.EqualTo(new double[] { 1, 1 }));
    }

    [Test]
    public async Task ThreeBinds_RepeatedDrops_NeverMoreThanThreeConnections()
    {
        await using var smsc = new TestSmsc();
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        SmppClientOptions options = OptionsFor(smsc) with
        {
            Binds = 3,
            Reconnect = new BackoffOptions { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(8), Jitter = BackoffJitter.Full },
        };
        await using var client = new SmppClient(options, observer: observer, timeProvider: time, random: new Random(5));
        await client.StartAsync(CancellationToken.None);

        for (int round = 1; round <= 3; round++)
        {
            await smsc.Changed.UntilAsync(() => smsc.BoundSessions == 3 && observer.BoundCount == 3 * round, $"3 binds, round {round}");
            await smsc.DropAllAsync();
            await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 3 * round, $"3 reconnects scheduled, round {round}");
            // Every jittered delay is at most the cap.
            time.Advance(TimeSpan.FromSeconds(8));
        }

        await smsc.Changed.UntilAsync(() => smsc.BoundSessions == 3 && client.BoundCount == 3, "3 binds at the end");
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(smsc.MaxAlive, Is.EqualTo(3));
            Assert.That(smsc.Accepted, Is.EqualTo(12));
            Assert.That(client.Binds.Select(b => b.Index), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(observer.ReconnectDelays, Is.All.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)));
        });
    }

    [Test]
    public async Task StopAsync_Bound_UnbindsEveryBindAndNeverReconnects()
    {
        await using var smsc = new TestSmsc();
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        await using var client = new SmppClient(OptionsFor(smsc) with { Binds = 2 }, observer: observer, timeProvider: time);
        await client.StartAsync(CancellationToken.None);
        await observer.Changed.UntilAsync(() => observer.BoundCount == 2, "2 binds");

        await client.StopAsync(CancellationToken.None);
        await smsc.Changed.UntilAsync(() => smsc.Alive == 0, "server sessions closed");
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Multiple(async () =>
        {
            Assert.That(smsc.UnbindsReceived, Is.EqualTo(2));
            Assert.That(client.State, Is.EqualTo(SmppClientState.Stopped));
            Assert.That(client.Binds.Select(b => b.State), Is.All.EqualTo(SmppBindState.Stopped));
            Assert.That(observer.Events, Does.Contain("unbound 0 client stopped").And.Contain("unbound 1 client stopped"));
            Assert.That(smsc.Accepted, Is.EqualTo(2));
            Assert.That(() => client.SubmitAsync(TestSmsc.Submit("late"), CancellationToken.None), Throws.TypeOf<SmppNotSentException>());
            Assert.That(await client.WaitForBindAsync(TimeSpan.FromSeconds(1), CancellationToken.None), Is.False);
        });
    }

    [Test]
    public async Task StartAsync_Twice_Throws()
    {
        await using var smsc = new TestSmsc();
        await using var client = new SmppClient(OptionsFor(smsc), timeProvider: new FakeTimeProvider());
        await client.StartAsync(CancellationToken.None);

        Assert.That(() => client.StartAsync(CancellationToken.None), Throws.InvalidOperationException);
    }

    [Test]
    public async Task ConnectRefused_BacksOffAndRetries()
    {
        // A port nobody listens on: take one from a listener and close it.
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        probe.Dispose();
        await using var smsc = new TestSmsc();
        var observer = new RecordingObserver();
        var time = new FakeTimeProvider();
        await using var client = new SmppClient(OptionsFor(smsc) with { Port = port }, observer: observer, timeProvider: time);

        await client.StartAsync(CancellationToken.None);
        await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 1, "first connect failed");
        time.Advance(TimeSpan.FromSeconds(1));
        await observer.Changed.UntilAsync(() => observer.ReconnectDelays.Count == 2, "second connect failed");

        Assert.Multiple(() =>
        {
            Assert.That(observer.ReconnectDelays.Select(d => d.TotalSeconds), Is.EqualTo(new double[] { 1, 2 }));
            Assert.That(client.Binds[0].LastError, Does.StartWith("connect failed"));
        });
    }
}
