using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Smpp.Tests.Client;

/// <summary>
/// <see cref="SmppClient.SubmitPartsAsync"/>: one outcome per part of a long message, never thrown, so a caller sees
/// which parts the SMSC answered, which timed out (each with its own late answer) and which were never written
/// (smpp.md P7). A real SMSC on 127.0.0.1:0, the client on fake time.
/// </summary>
[CancelAfter(30_000)]
public sealed class SmppClientPartsTests
{
    private static readonly TimeSpan s_responseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An SMSC that answers a part by its text: "ok…" accepted with id "id-…", "refuse…" with ESME_RINVDSTADR,
    /// "hold…" only when the test releases it (<see cref="Release"/>).
    /// </summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<SmppResponse?>> _held = new(StringComparer.Ordinal);

        private Rig(TestSmsc smsc, SmppClient client, FakeTimeProvider time)
        {
            Smsc = smsc;
            Client = client;
            Time = time;
        }

        public TestSmsc Smsc { get; }

        public SmppClient Client { get; }

        public FakeTimeProvider Time { get; }

        /// <summary>Texts of the submit_sm the SMSC read, in arrival order.</summary>
        public ConcurrentQueue<string> Received { get; } = new();

        public static async Task<Rig> StartAsync(int tps = 0, bool start = true)
        {
            var smsc = new TestSmsc();
            var time = new FakeTimeProvider();
            SmppClientOptions options = SmppClientTests.OptionsFor(smsc);
            options = options with
            {
                Tps = tps,
                Session = options.Session with { ResponseTimeout = s_responseTimeout },
            };
            var client = new SmppClient(options, timeProvider: time);
            var rig = new Rig(smsc, client, time);
            smsc.Handler.OnRequest = (request, _) => rig.Answer(request);
            if (start)
            {
                await client.StartAsync(CancellationToken.None);
                await smsc.Changed.UntilAsync(() => client.BoundCount == 1, "bound");
            }

            return rig;
        }

        public void Release(string text, SmppResponse response) => _held[text].TrySetResult(response);

        public Task UntilReceivedAsync(int count) => Smsc.Changed.UntilAsync(() => Received.Count == count, $"{count} submits at the SMSC");

        public async ValueTask DisposeAsync()
        {
            foreach (TaskCompletionSource<SmppResponse?> held in _held.Values)
            {
                held.TrySetResult(null);
            }

            await Client.DisposeAsync();
            await Smsc.DisposeAsync();
        }

        private ValueTask<SmppResponse?> Answer(SmppRequest request)
        {
            string text = TestSmsc.TextOf(request);
            Task<SmppResponse?> answer = text.StartsWith("hold", StringComparison.Ordinal)
                ? _held.GetOrAdd(text, static _ => new TaskCompletionSource<SmppResponse?>(TaskCreationOptions.RunContinuationsAsynchronously)).Task
                : Task.FromResult<SmppResponse?>(text.StartsWith("refuse", StringComparison.Ordinal)
                    ? request.CreateResponse(CommandStatus.InvalidDestinationAddress)
                    : new SubmitSmResp { MessageId = "id-" + text });
            Received.Enqueue(text);
            Smsc.Changed.Pulse();
            return new ValueTask<SmppResponse?>(answer);
        }
    }

    private static SubmitSm[] Parts(params string[] texts) => [.. texts.Select(TestSmsc.Submit)];

    [Test]
    public async Task SubmitPartsAsync_EveryPartAnswered_OneResultPerPartInOrderWithItsStatus()
    {
        await using Rig rig = await Rig.StartAsync();

        IReadOnlyList<SubmitPartResult> results = await rig.Client.SubmitPartsAsync(Parts("ok1", "refuse2", "ok3"), CancellationToken.None).Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.IsAnswered), Is.All.True);
            Assert.That(results.Select(r => r.Error), Is.All.Null);
            Assert.That(results.Select(r => r.Response!.CommandStatus),
                Is.EqualTo(new[] { CommandStatus.Ok, CommandStatus.InvalidDestinationAddress, CommandStatus.Ok }));
            Assert.That(results.Select(r => r.Response!.MessageId), Is.EqualTo(new[] { "id-ok1", string.Empty, "id-ok3" }));
            // The SMSC handles requests concurrently, so the order it saw them in is not the wire order.
            Assert.That(rig.Received, Is.EquivalentTo(new[] { "ok1", "refuse2", "ok3" }));
        });
    }

    [Test]
    public async Task SubmitPartsAsync_TwoPartsTimeOut_EachUnknownWithItsOwnLateAnswer()
    {
        await using Rig rig = await Rig.StartAsync();

        Task<IReadOnlyList<SubmitPartResult>> sending = rig.Client.SubmitPartsAsync(Parts("ok1", "hold2", "hold3"), CancellationToken.None);
        await rig.Smsc.Changed.UntilAsync(() => rig.Received.Count == 3 && rig.Client.Binds[0].WindowDepth == 2, "part 1 answered, 2 and 3 held");
        rig.Time.Advance(s_responseTimeout);
        IReadOnlyList<SubmitPartResult> results = await sending.Bounded();
        var second = (SmppOutcomeUnknownException)results[1].Error!;
        var third = (SmppOutcomeUnknownException)results[2].Error!;
        bool lateBeforeAnswer = second.LateResponse.IsCompleted || third.LateResponse.IsCompleted;

        // Answered in the other order: each part's late answer is matched by its own sequence number.
        rig.Release("hold3", new SubmitSmResp { MessageId = "id-late3" });
        rig.Release("hold2", new SubmitSmResp { MessageId = "id-late2" });
        SmppResponse? late2 = await second.LateResponse.Bounded();
        SmppResponse? late3 = await third.LateResponse.Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(results[0].Response?.MessageId, Is.EqualTo("id-ok1"));
            Assert.That(results[1].IsAnswered, Is.False);
            Assert.That(second.Reason, Is.EqualTo(UnknownOutcomeReason.ResponseTimeout));
            Assert.That(third.Reason, Is.EqualTo(UnknownOutcomeReason.ResponseTimeout));
            Assert.That(lateBeforeAnswer, Is.False, "the late waits were still open");
            Assert.That((late2 as SubmitSmResp)?.MessageId, Is.EqualTo("id-late2"));
            Assert.That((late3 as SubmitSmResp)?.MessageId, Is.EqualTo("id-late3"));
        });
    }

    [Test]
    public async Task SubmitPartsAsync_ConnectionLostAfterFirstPartWritten_WrittenUnknownQueuedNotSent()
    {
        // One token per second on fake time: part 1 goes out, parts 2 and 3 wait in the bind's queue.
        await using Rig rig = await Rig.StartAsync(tps: 1);

        Task<IReadOnlyList<SubmitPartResult>> sending = rig.Client.SubmitPartsAsync(Parts("hold1", "ok2", "ok3"), CancellationToken.None);
        await rig.Smsc.Changed.UntilAsync(() => rig.Received.Count == 1 && rig.Client.TokenWaits == 1, "part 1 written, part 2 waits");
        await rig.Smsc.DropAllAsync();
        IReadOnlyList<SubmitPartResult> results = await sending.Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(results[0].Error, Is.TypeOf<SmppOutcomeUnknownException>());
            Assert.That((results[0].Error as SmppOutcomeUnknownException)?.Reason, Is.EqualTo(UnknownOutcomeReason.ConnectionLost));
            Assert.That(results[1].Error, Is.TypeOf<SmppNotSentException>());
            Assert.That(results[2].Error, Is.TypeOf<SmppNotSentException>());
            Assert.That(rig.Received, Is.EqualTo(new[] { "hold1" }));
        });
    }

    [Test]
    public async Task SubmitPartsAsync_CallerCancels_EveryUnfinishedPartCanceledNothingThrown()
    {
        // One token per second on fake time: part 1 is written (and held), parts 2 and 3 wait in the bind's queue.
        await using Rig rig = await Rig.StartAsync(tps: 1);
        using var cancel = new CancellationTokenSource();

        Task<IReadOnlyList<SubmitPartResult>> sending = rig.Client.SubmitPartsAsync(Parts("hold1", "ok2", "ok3"), cancel.Token);
        await rig.Smsc.Changed.UntilAsync(() => rig.Received.Count == 1 && rig.Client.TokenWaits == 1, "part 1 written, part 2 waits");
        await cancel.CancelAsync();
        IReadOnlyList<SubmitPartResult> results = await sending.Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Error), Is.All.InstanceOf<OperationCanceledException>());
            Assert.That(rig.Received, Is.EqualTo(new[] { "hold1" }), "the queued parts were never written");
        });
    }

    [Test]
    public async Task SubmitPartsAsync_ClientNotRunning_FaultedWithNotSentBeforeAnyPart()
    {
        await using Rig rig = await Rig.StartAsync(start: false);

        Task<IReadOnlyList<SubmitPartResult>> sending = rig.Client.SubmitPartsAsync(Parts("ok1", "ok2"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(sending.IsFaulted, Is.True, "faulted synchronously, before any await");
            Assert.That(sending.Exception?.InnerException, Is.TypeOf<SmppNotSentException>());
            Assert.That(rig.Received, Is.Empty);
        });
    }

    [Test]
    public async Task SubmitPartsAsync_NoParts_Empty()
    {
        await using Rig rig = await Rig.StartAsync(start: false);

        IReadOnlyList<SubmitPartResult> results = await rig.Client.SubmitPartsAsync([], CancellationToken.None);

        Assert.That(results, Is.Empty);
    }

    [Test]
    public async Task SubmitManyAsync_MiddlePartTimesOut_ThrowsThatPartsException()
    {
        await using Rig rig = await Rig.StartAsync();

        Task<IReadOnlyList<SubmitSmResp>> sending = rig.Client.SubmitManyAsync(Parts("ok1", "hold2", "ok3"), CancellationToken.None);
        await rig.Smsc.Changed.UntilAsync(() => rig.Received.Count == 3 && rig.Client.Binds[0].WindowDepth == 1, "parts 1 and 3 answered, 2 held");
        rig.Time.Advance(s_responseTimeout);

        Assert.That(async () => await sending.Bounded(), Throws.TypeOf<SmppOutcomeUnknownException>()
            .With.Property(nameof(SmppOutcomeUnknownException.Reason)).EqualTo(UnknownOutcomeReason.ResponseTimeout));
    }

    [Test]
    public void SubmitPartResult_Constructors_ExactlyOneSide()
    {
        var answered = new SubmitPartResult(new SubmitSmResp { MessageId = "x" });
        var failed = new SubmitPartResult(new SmppNotSentException());

        Assert.Multiple(() =>
        {
            Assert.That(answered.IsAnswered, Is.True);
            Assert.That(answered.Error, Is.Null);
            Assert.That(failed.IsAnswered, Is.False);
            Assert.That(failed.Response, Is.Null);
            Assert.That(() => new SubmitPartResult((SubmitSmResp)null!), Throws.ArgumentNullException);
            Assert.That(() => new SubmitPartResult((Exception)null!), Throws.ArgumentNullException);
        });
    }
}
