using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Tests.Client;

/// <summary>Sending through the client: TPS limit counted in PDUs, bind-wide throttle pauses, order, failures.</summary>
[CancelAfter(30_000)]
public sealed class SmppClientSendTests
{
    // One dispatcher at the SMSC, so the order it handles submits is the order they came off the wire.
    private static readonly SmppSessionOptions s_orderedSmsc = new()
    {
        EnquireLinkInterval = TimeSpan.Zero,
        LocalSystemId = "testsmsc",
        InboundConcurrency = 1,
    };

    private sealed class Carrier : IAsyncDisposable
    {
        private Carrier(TestSmsc smsc, SmppClient client, RecordingObserver observer, FakeTimeProvider time)
        {
            Smsc = smsc;
            Client = client;
            Observer = observer;
            Time = time;
        }

        public TestSmsc Smsc { get; }

        public SmppClient Client { get; }

        public RecordingObserver Observer { get; }

        public FakeTimeProvider Time { get; }

        /// <summary>Texts of submit_sm the SMSC saw, every attempt, in arrival order.</summary>
        public ConcurrentQueue<string> Attempts { get; } = new();

        /// <summary>Texts of submit_sm the SMSC accepted, in order.</summary>
        public ConcurrentQueue<string> Accepted { get; } = new();

        public static async Task<Carrier> StartAsync(Func<SmppClientOptions, SmppClientOptions> configure,
            Func<Carrier, SmppRequest, CommandStatus>? decide = null)
        {
            var smsc = new TestSmsc(s_orderedSmsc);
            var observer = new RecordingObserver();
            var time = new FakeTimeProvider();
            var client = new SmppClient(configure(SmppClientTests.OptionsFor(smsc)), observer: observer, timeProvider: time);
            var carrier = new Carrier(smsc, client, observer, time);
            smsc.Handler.OnRequest = (request, _) =>
            {
                string text = TestSmsc.TextOf(request);
                carrier.Attempts.Enqueue(text);
                CommandStatus status = decide?.Invoke(carrier, request) ?? CommandStatus.Ok;
                if (status == CommandStatus.Ok)
                {
                    carrier.Accepted.Enqueue(text);
                }

                smsc.Changed.Pulse();
                return ValueTask.FromResult<SmppResponse?>(status == CommandStatus.Ok
                    ? new SubmitSmResp { MessageId = "id-" + text }
                    : request.CreateResponse(status));
            };
            await client.StartAsync(CancellationToken.None);
            await observer.Changed.UntilAsync(() => client.BoundCount == client.Options.Binds, "bound");
            return carrier;
        }

        public Task UntilAsync(Func<bool> condition, string what) => Smsc.Changed.UntilAsync(condition, what);

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Smsc.DisposeAsync();
        }
    }

    [Test]
    public async Task SubmitAsync_SixPdusAtTwoPerSecond_BurstThenOneEveryHalfSecond()
    {
        await using Carrier c = await Carrier.StartAsync(o => o with { Tps = 2 });

        Task<SubmitSmResp>[] sends = [.. Enumerable.Range(0, 6).Select(i => c.Client.SubmitAsync(TestSmsc.Submit($"m{i}"), CancellationToken.None))];
        for (int sent = 2; sent <= 6; sent++)
        {
            int expected = sent;
            await c.UntilAsync(() => c.Attempts.Count == expected, $"{expected} submits at the SMSC");
            if (expected < 6)
            {
                await c.UntilAsync(() => c.Client.TokenWaits == expected - 1, "the sender waits for a token");
                // The token is not there yet, so nothing more went out.
                Assert.That(c.Attempts, Has.Count.EqualTo(expected));
                c.Time.Advance(TimeSpan.FromMilliseconds(500));
            }
        }

        SubmitSmResp[] responses = await Task.WhenAll(sends).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(c.Client.TokenWaits, Is.EqualTo(4));
            Assert.That(c.Attempts, Is.EqualTo(new[] { "m0", "m1", "m2", "m3", "m4", "m5" }));
            Assert.That(responses.Select(r => r.MessageId), Is.EqualTo(new[] { "id-m0", "id-m1", "id-m2", "id-m3", "id-m4", "id-m5" }));
        });
    }

    [Test]
    public async Task SubmitManyAsync_ThreePartMessage_CostsThreeTokens()
    {
        await using Carrier c = await Carrier.StartAsync(o => o with { Tps = 1 });

        Task<IReadOnlyList<SubmitSmResp>> many = c.Client.SubmitManyAsync(
            [TestSmsc.Submit("p1"), TestSmsc.Submit("p2"), TestSmsc.Submit("p3")], CancellationToken.None);
        for (int part = 1; part <= 2; part++)
        {
            int expected = part;
            await c.UntilAsync(() => c.Attempts.Count == expected && c.Client.TokenWaits == expected, $"part {expected} sent, next waits");
            c.Time.Advance(TimeSpan.FromSeconds(1));
        }

        IReadOnlyList<SubmitSmResp> responses = await many.Bounded();
        // The message used three seconds of budget: a single PDU right after it waits one more interval.
        Task<SubmitSmResp> next = c.Client.SubmitAsync(TestSmsc.Submit("single"), CancellationToken.None);
        await c.UntilAsync(() => c.Client.TokenWaits == 3, "the next PDU waits");
        Assert.That(c.Attempts, Has.Count.EqualTo(3));
        c.Time.Advance(TimeSpan.FromSeconds(1));
        await next.Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.MessageId), Is.EqualTo(new[] { "id-p1", "id-p2", "id-p3" }));
            Assert.That(c.Attempts, Is.EqualTo(new[] { "p1", "p2", "p3", "single" }));
        });
    }

    [Test]
    public async Task ThrottleStorm_SmscAcceptsThreePerSecond_EachMessageOnceInOrder()
    {
        // smpp.md P4: the SMSC accepts 3 submit_sm per second and answers 0x58 to the rest.
        var perSecond = new ConcurrentDictionary<long, int>();
        await using Carrier c = await Carrier.StartAsync(o => o, (carrier, _) =>
        {
            long second = carrier.Time.GetUtcNow().ToUnixTimeSeconds();
            return perSecond.AddOrUpdate(second, 1, (_, n) => n + 1) <= 3 ? CommandStatus.Ok : CommandStatus.Throttled;
        });
        string[] texts = [.. Enumerable.Range(0, 10).Select(i => $"m{i}")];

        Task<SubmitSmResp>[] sends = [.. texts.Select(t => c.Client.SubmitAsync(TestSmsc.Submit(t), CancellationToken.None))];
        int pauses = 0;
        while (c.Accepted.Count < texts.Length)
        {
            // Wait until every refused PDU is back in the bind's queue and the bind is paused.
            await c.UntilAsync(() =>
            {
                SmppBindStatus bind = c.Client.Binds[0];
                return bind.PausedUntil is not null && bind.WindowDepth == 0 && bind.Queued == texts.Length - c.Accepted.Count
                    && c.Observer.Pauses.Count == pauses + 1;
            }, $"pause {pauses + 1}");
            int attempts = c.Attempts.Count;
            TimeSpan pause = c.Observer.Pauses.Last();
            pauses++;
            // Bind-wide: nothing was sent while paused, and nothing goes before the pause ends.
            c.Time.Advance(pause - TimeSpan.FromTicks(1));
            Assert.That(c.Attempts, Has.Count.EqualTo(attempts));
            c.Time.Advance(TimeSpan.FromTicks(1));
            await c.UntilAsync(() => c.Attempts.Count > attempts, "resent after the pause");
        }

        SubmitSmResp[] responses = await Task.WhenAll(sends).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(c.Accepted, Is.EqualTo(texts), "accepted once each, in order");
            Assert.That(responses.Select(r => r.MessageId), Is.EqualTo(texts.Select(t => "id-" + t)));
            Assert.That(pauses, Is.EqualTo(3));
            Assert.That(c.Observer.Pauses, Has.Count.EqualTo(3));
            // Each time the SMSC took 3 before refusing, so its window had filled up again: the pause starts over.
            Assert.That(c.Observer.Pauses, Is.All.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task Throttled_SenderBehindThePause_WaitsAndPauseGrows()
    {
        // The SMSC throttles everything during its first three seconds.
        DateTimeOffset? start = null;
        await using Carrier c = await Carrier.StartAsync(o => o, (carrier, _) =>
        {
            start ??= carrier.Time.GetUtcNow();
            return carrier.Time.GetUtcNow() - start < TimeSpan.FromSeconds(3) ? CommandStatus.Throttled : CommandStatus.Ok;
        });

        Task<SubmitSmResp> a = c.Client.SubmitAsync(TestSmsc.Submit("A"), CancellationToken.None);
        await c.Observer.Changed.UntilAsync(() => c.Observer.Pauses.Count == 1, "first pause");
        Task<SubmitSmResp> b = c.Client.SubmitAsync(TestSmsc.Submit("B"), CancellationToken.None);
        await c.UntilAsync(() => c.Client.Binds[0].Queued == 2, "A and B wait for the pause");
        Assert.That(c.Attempts, Is.EqualTo(new[] { "A" }));

        c.Time.Advance(TimeSpan.FromSeconds(1));
        await c.Observer.Changed.UntilAsync(() => c.Observer.Pauses.Count == 2, "second pause");
        await c.UntilAsync(() => c.Client.Binds[0].Queued == 2, "both queued again");
        c.Time.Advance(TimeSpan.FromSeconds(2));
        SubmitSmResp[] responses = await Task.WhenAll(a, b).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(c.Observer.Pauses, Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }));
            Assert.That(c.Accepted, Is.EqualTo(new[] { "A", "B" }));
            Assert.That(responses.Select(r => r.CommandStatus), Is.All.EqualTo(CommandStatus.Ok));
            Assert.That(c.Observer.Events, Does.Contain("throttled 0 Throttled 00:00:01"));
        });
    }

    [Test]
    public async Task Throttled_RetriesExhausted_ReturnsTheThrottledResponse()
    {
        await using Carrier c = await Carrier.StartAsync(o => o with { MaxThrottleRetries = 2 },
            (_, _) => CommandStatus.MessageQueueFull);

        Task<SubmitSmResp> send = c.Client.SubmitAsync(TestSmsc.Submit("x"), CancellationToken.None);
        for (int pause = 1; pause <= 2; pause++)
        {
            int expected = pause;
            await c.Observer.Changed.UntilAsync(() => c.Observer.Pauses.Count == expected, $"pause {expected}");
            await c.UntilAsync(() => c.Client.Binds[0].Queued == 1, "queued again");
            c.Time.Advance(c.Observer.Pauses.Last());
        }

        SubmitSmResp response = await send.Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.MessageQueueFull));
            Assert.That(c.Attempts, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task SubmitAsync_CallerCancelsWhileQueued_NeverSent()
    {
        await using Carrier c = await Carrier.StartAsync(o => o with { Tps = 1 });
        using var cancel = new CancellationTokenSource();

        Task<SubmitSmResp> first = c.Client.SubmitAsync(TestSmsc.Submit("first"), CancellationToken.None);
        Task<SubmitSmResp> dropped = c.Client.SubmitAsync(TestSmsc.Submit("dropped"), cancel.Token);
        Task<SubmitSmResp> third = c.Client.SubmitAsync(TestSmsc.Submit("third"), CancellationToken.None);
        await first.Bounded();
        await cancel.CancelAsync();
        Assert.That(async () => await dropped.Bounded(), Throws.InstanceOf<OperationCanceledException>());
        await c.UntilAsync(() => c.Client.TokenWaits >= 1, "waiting for a token");
        c.Time.Advance(TimeSpan.FromSeconds(1));
        await third.Bounded();

        Assert.That(c.Attempts, Is.EqualTo(new[] { "first", "third" }));
    }

    [Test]
    public async Task ConnectionLost_QueuedEndNotSent_InFlightEndUnknown()
    {
        // smpp.md P7: nothing is silently lost; each request ends as "not sent" or "outcome unknown".
        var hold = new TaskCompletionSource<SmppResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using Carrier c = await Carrier.StartAsync(o => o with { Tps = 1 });
        c.Smsc.Handler.OnRequest = (_, _) =>
        {
            c.Smsc.Changed.Pulse();
            c.Attempts.Enqueue("held");
            return new ValueTask<SmppResponse?>(hold.Task);
        };

        Task<SubmitSmResp> inFlight = c.Client.SubmitAsync(TestSmsc.Submit("a"), CancellationToken.None);
        Task<SubmitSmResp> queued = c.Client.SubmitAsync(TestSmsc.Submit("b"), CancellationToken.None);
        await c.UntilAsync(() => c.Attempts.Count == 1 && c.Client.TokenWaits == 1, "one in flight, one waiting for a token");
        await c.Smsc.DropAllAsync();
        hold.TrySetResult(null);

        Assert.Multiple(() =>
        {
            Assert.That(async () => await inFlight.Bounded(), Throws.TypeOf<SmppOutcomeUnknownException>());
            Assert.That(async () => await queued.Bounded(), Throws.TypeOf<SmppNotSentException>());
        });
    }

    [Test]
    public async Task SendAsync_ManagedCommand_Rejected()
    {
        await using Carrier c = await Carrier.StartAsync(o => o);

        Assert.Multiple(() =>
        {
            Assert.That(() => c.Client.SendAsync<UnbindResp>(new Unbind(), CancellationToken.None), Throws.ArgumentException);
            Assert.That(() => c.Client.SendAsync<BindTransmitterResp>(new BindTransmitter(), CancellationToken.None), Throws.ArgumentException);
        });
    }

    [Test]
    public async Task SubmitAsync_TwoBinds_LoadSpreadOverBoth()
    {
        await using Carrier c = await Carrier.StartAsync(o => o with { Binds = 2, Tps = 1 });

        Task<SubmitSmResp>[] sends = [.. Enumerable.Range(0, 4).Select(i => c.Client.SubmitAsync(TestSmsc.Submit($"m{i}"), CancellationToken.None))];
        // Each bind has its own bucket: two go out at once, one per bind.
        await c.UntilAsync(() => c.Attempts.Count == 2 && c.Client.TokenWaits == 2, "one per bind, then both wait");
        c.Time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(sends).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(c.Attempts, Has.Count.EqualTo(4));
            Assert.That(c.Client.Binds.Select(b => b.Queued), Is.All.Zero);
        });
    }
}
