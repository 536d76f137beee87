using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Smpp.Diagnostics;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Tests.Session;

/// <summary>
/// A response that comes after the response timeout but within <see cref="SmppSessionOptions.LateResponseWindow"/> is
/// handed to the caller through <see cref="SmppOutcomeUnknownException.LateResponse"/> (smpp.md P7): an ESME session
/// on fake time over a real TCP loopback connection, the SMSC end driven PDU by PDU.
/// </summary>
[CancelAfter(20_000)]
public sealed class LateResponseTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static SmppSessionOptions Options(TimeSpan? window = null, int windowSize = 10) => new()
    {
        Name = "late-" + Guid.NewGuid().ToString("N"),
        EnquireLinkInterval = TimeSpan.Zero,
        ResponseTimeout = s_timeout,
        LateResponseWindow = window,
        WindowSize = windowSize,
    };

    private static async Task<Loopback> BindAsync(SmppSessionOptions options)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<Socket> accepting = listener.AcceptSocketAsync();
        ISmppTransport esmeTransport = await TcpTransport.ConnectAsync("127.0.0.1", port, null, TimeSpan.FromSeconds(5),
            CancellationToken.None);
        ISmppTransport smscTransport = TcpTransport.FromAcceptedSocket(await accepting);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var esme = new SmppSession(esmeTransport, SessionRole.Esme, options, new TestHandler(), time);
        esme.Start();
        var smsc = new RawPeer(smscTransport.Pipe);
        Task<BindResponse> binding = esme.BindAsync(new BindTransceiver { SystemId = "c" }, CancellationToken.None);
        Pdu bind = await smsc.ReceiveAsync();
        await smsc.SendAsync(new BindTransceiverResp { SequenceNumber = bind.SequenceNumber });
        await binding;
        return new Loopback(esme, smsc, smscTransport, time);
    }

    /// <summary>Sends one submit_sm, lets the peer read it, and moves time past the response timeout.</summary>
    private static async Task<(SmppOutcomeUnknownException Error, uint Sequence)> TimeOutOneAsync(Loopback link)
    {
        Task<SmppResponse> sending = link.Esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
        Pdu submit = await link.Smsc.ReceiveAsync();
        link.Time.Advance(s_timeout);
        return (await UnknownAsync(sending), submit.SequenceNumber);
    }

    private static async Task<SmppOutcomeUnknownException> UnknownAsync(Task<SmppResponse> sending)
    {
        try
        {
            SmppResponse response = await sending.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Fail($"expected an unknown outcome, got {response.CommandId}");
        }
        catch (SmppOutcomeUnknownException error)
        {
            return error;
        }

        throw new InvalidOperationException("unreachable");
    }

    [Test]
    public async Task SendRequestAsync_AnsweredAfterTimeoutWithinWindow_LateResponseGivesTheAnswer()
    {
        await using Loopback link = await BindAsync(Options());
        var (error, sequence) = await TimeOutOneAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(error.Reason, Is.EqualTo(UnknownOutcomeReason.ResponseTimeout));
            Assert.That(error.LateResponse.IsCompleted, Is.False);
            Assert.That(link.Esme.LateResponseWaits, Is.EqualTo(1));
        });

        link.Time.Advance(s_timeout / 2);
        await link.Smsc.SendAsync(new SubmitSmResp { SequenceNumber = sequence, MessageId = "late-1" });
        SmppResponse? late = await error.LateResponse.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(late, Is.TypeOf<SubmitSmResp>().With.Property(nameof(SubmitSmResp.MessageId)).EqualTo("late-1"));
            Assert.That(link.Esme.LateResponseWaits, Is.Zero);
            Assert.That(link.Esme.WindowDepth, Is.Zero);
            Assert.That(link.Esme.IsBound, Is.True);
        });
    }

    [Test]
    public async Task SendRequestAsync_LateGenericNack_HandedToTheCallerAsItIs()
    {
        await using Loopback link = await BindAsync(Options());
        var (error, sequence) = await TimeOutOneAsync(link);
        await link.Smsc.SendAsync(new GenericNack { SequenceNumber = sequence, CommandStatus = CommandStatus.SystemError });
        SmppResponse? late = await error.LateResponse.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(late, Is.TypeOf<GenericNack>().With.Property(nameof(SmppResponse.CommandStatus)).EqualTo(CommandStatus.SystemError));
    }

    [Test]
    public async Task SendRequestAsync_NoAnswerWithinWindow_LateResponseIsNullAndLaterAnswerDropped()
    {
        await using Loopback link = await BindAsync(Options(window: TimeSpan.FromSeconds(4)));
        using var metrics = new MetricsProbe(link.Esme.Name);
        var (error, sequence) = await TimeOutOneAsync(link);
        link.Time.Advance(TimeSpan.FromSeconds(4));
        SmppResponse? late = await error.LateResponse.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(late, Is.Null);
        Assert.That(link.Esme.LateResponseWaits, Is.Zero);

        // Too late even for the window: counted as unmatched and dropped; the session stays up (smpp.md P5).
        await link.Smsc.SendAsync(new SubmitSmResp { SequenceNumber = sequence, MessageId = "too-late" });
        await ProbeAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(metrics.Unmatched, Is.EqualTo(1));
            Assert.That(metrics.Late, Is.Zero);
            Assert.That(link.Esme.IsBound, Is.True);
        });
    }

    [Test]
    public async Task SendRequestAsync_LateAnswer_CountedAsLateNotUnmatched()
    {
        await using Loopback link = await BindAsync(Options());
        using var metrics = new MetricsProbe(link.Esme.Name);
        var (error, sequence) = await TimeOutOneAsync(link);
        await link.Smsc.SendAsync(new SubmitSmResp { SequenceNumber = sequence, MessageId = "late-2" });
        await error.LateResponse.WaitAsync(TimeSpan.FromSeconds(5));
        await link.Smsc.SendAsync(new SubmitSmResp { SequenceNumber = sequence, MessageId = "again" });
        await ProbeAsync(link);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Late, Is.EqualTo(1));
            Assert.That(metrics.Unmatched, Is.EqualTo(1), "the repeated answer has nobody waiting any more");
            Assert.That(metrics.UnknownOutcomes, Is.EqualTo(1), "the timeout itself still counts as an unknown outcome");
        });
    }

    [Test]
    public async Task SendRequestAsync_SessionClosesDuringWindow_LateResponseIsNull()
    {
        Loopback link = await BindAsync(Options());
        await using (link)
        {
            var (error, _) = await TimeOutOneAsync(link);
            await link.Esme.AbortAsync("test closes it");
            SmppResponse? late = await error.LateResponse.WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Multiple(() =>
            {
                Assert.That(late, Is.Null);
                Assert.That(link.Esme.LateResponseWaits, Is.Zero);
            });
        }
    }

    [Test]
    public async Task SendRequestAsync_WindowOff_LateResponseAlreadyNullAndAnswerDropped()
    {
        await using Loopback link = await BindAsync(Options(window: TimeSpan.Zero));
        using var metrics = new MetricsProbe(link.Esme.Name);
        var (error, sequence) = await TimeOutOneAsync(link);
        Assert.Multiple(() =>
        {
            Assert.That(error.LateResponse.IsCompletedSuccessfully, Is.True);
            Assert.That(error.LateResponse.Result, Is.Null);
            Assert.That(link.Esme.LateResponseWaits, Is.Zero);
        });

        await link.Smsc.SendAsync(new SubmitSmResp { SequenceNumber = sequence, MessageId = "late" });
        await ProbeAsync(link);
        Assert.That(metrics.Unmatched, Is.EqualTo(1));
    }

    [Test]
    public async Task SendRequestAsync_ThousandsTimeOut_WaitsStayBoundedAndAllEnd()
    {
        const int WindowSize = 50;
        const int Rounds = 40;
        await using Loopback link = await BindAsync(Options(windowSize: WindowSize));
        var lateAnswers = new List<Task<SmppResponse?>>(WindowSize * Rounds);
        int most = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var sends = new Task<SmppResponse>[WindowSize];
            for (int i = 0; i < WindowSize; i++)
            {
                sends[i] = link.Esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
            }

            for (int i = 0; i < WindowSize; i++)
            {
                await link.Smsc.ReceiveAsync();
            }

            link.Time.Advance(s_timeout);
            foreach (Task<SmppResponse> send in sends)
            {
                lateAnswers.Add((await UnknownAsync(send)).LateResponse);
            }

            most = Math.Max(most, link.Esme.LateResponseWaits);
        }

        link.Time.Advance(s_timeout);
        SmppResponse?[] answers = await Task.WhenAll(lateAnswers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            // The window (= ResponseTimeout here) ends a round's waits when the next round times out.
            Assert.That(most, Is.LessThanOrEqualTo(WindowSize * 2));
            Assert.That(answers, Has.Length.EqualTo(WindowSize * Rounds).And.All.Null);
            Assert.That(link.Esme.LateResponseWaits, Is.Zero);
            Assert.That(link.Esme.WindowDepth, Is.Zero);
        });
    }

    [TestCase(-1)]
    [TestCase(24 * 3600 + 1)]
    public void Validate_LateResponseWindowOutOfRange_Throws(int seconds)
    {
        SmppSessionOptions options = new() { LateResponseWindow = TimeSpan.FromSeconds(seconds) };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("LateResponseWindow"));
    }

    [TestCase(0)]
    [TestCase(30)]
    public void Validate_LateResponseWindowInRange_Accepted(int seconds)
    {
        SmppSessionOptions options = new() { LateResponseWindow = TimeSpan.FromSeconds(seconds) };

        Assert.That(options.Validate, Throws.Nothing);
    }

    /// <summary>
    /// A round trip the peer answers at once: when it returns, every PDU the peer wrote before it has been read.
    /// </summary>
    private static async Task ProbeAsync(Loopback link)
    {
        Task<SmppResponse> probe = link.Esme.SendRequestAsync(new SubmitSm(), CancellationToken.None);
        Pdu submit = await link.Smsc.ReceiveAsync();
        await link.Smsc.SendAsync(new SubmitSmResp { SequenceNumber = submit.SequenceNumber, MessageId = "probe" });
        Assert.That((await probe).CommandStatus, Is.EqualTo(CommandStatus.Ok));
    }

    private sealed class Loopback : IAsyncDisposable
    {
        private readonly ISmppTransport _smscTransport;

        public Loopback(SmppSession esme, RawPeer smsc, ISmppTransport smscTransport, FakeTimeProvider time)
        {
            Esme = esme;
            Smsc = smsc;
            _smscTransport = smscTransport;
            Time = time;
        }

        public SmppSession Esme { get; }

        public RawPeer Smsc { get; }

        public FakeTimeProvider Time { get; }

        public async ValueTask DisposeAsync()
        {
            await Esme.DisposeAsync();
            await _smscTransport.DisposeAsync();
        }
    }

    /// <summary>Counts this session's late, unmatched and unknown-outcome measurements.</summary>
    private sealed class MetricsProbe : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _session;
        private long _late;
        private long _unmatched;
        private long _unknown;

        public MetricsProbe(string session)
        {
            _session = session;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SmppMetrics.MeterName
                    && instrument.Name is "smpp.responses.late" or "smpp.responses.unmatched" or "smpp.requests.unknown_outcome")
                {
                    listener.EnableMeasurementEvents(instrument, this);
                }
            };
            _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) =>
            {
                var probe = (MetricsProbe)state!;
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "session" && Equals(tag.Value, probe._session))
                    {
                        probe.Add(instrument.Name, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Late => Interlocked.Read(ref _late);

        public long Unmatched => Interlocked.Read(ref _unmatched);

        public long UnknownOutcomes => Interlocked.Read(ref _unknown);

        public void Dispose() => _listener.Dispose();

        private void Add(string name, long value)
        {
            switch (name)
            {
                case "smpp.responses.late":
                    Interlocked.Add(ref _late, value);
                    break;
                case "smpp.responses.unmatched":
                    Interlocked.Add(ref _unmatched, value);
                    break;
                default:
                    Interlocked.Add(ref _unknown, value);
                    break;
            }
        }
    }
}
