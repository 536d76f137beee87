using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Carriers;
using RestcommSmppBridge.Tests.Storage;

namespace RestcommSmppBridge.Tests.Inbound;

/// <summary>
/// MOs refused while the webhook backlog is full are logged as one episode (the MO benchmark logged one warning per
/// refused MO: 152,007 console lines in one run).
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class BacklogRefusalLogTests
{
    private static readonly CarrierProfile s_carrier = CarrierTestKit.Profiles(CarrierTestKit.Options("carrier1"))[0];

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task AcceptAsync_ManyRefusedWhileBacklogFull_OneWarningThenDebugEach()
    {
        await using TestStore store = await TestStore.OpenAsync();
        CapturingLogger<InboundPipeline> logger = new();
        InboundWebhookQueue queue = new();
        queue.Reset(5);
        InboundPipeline pipeline = new(new SqliteInboundStore(store.Database), store.Numbers, queue,
            Options.Create(new InboundOptions { MaxPendingWebhooks = 5 }), store.Time, logger);

        for (int i = 0; i < 200; i++)
        {
            Assert.That(await pipeline.AcceptAsync(s_carrier, "447700900001", "+15551234567", Single("MO " + i), Token),
                Is.EqualTo(CommandStatus.ReceiverTemporaryAppError));
        }

        Assert.Multiple(() =>
        {
            Assert.That(logger.Entries.Count(e => e.Level >= LogLevel.Warning), Is.EqualTo(1));
            Assert.That(logger.Entries.Single(e => e.Level >= LogLevel.Warning).EventId.Id, Is.EqualTo(6204));
            Assert.That(logger.Entries.Count(e => e.EventId.Id == 6214 && e.Level == LogLevel.Debug), Is.EqualTo(200));
        });
    }

    [Test]
    public void Refused_EpisodeAcrossIntervals_SummaryPerIntervalAndOneEndLine()
    {
        FakeTimeProvider time = new(TestStore.T0);
        CapturingLogger<InboundPipeline> logger = new();
        BacklogRefusalLog log = new(time, logger);

        log.Taken(0, 10_000);
        for (int i = 0; i < 1000; i++)
        {
            log.Refused("carrier1", 10_000, 10_000, 0x64);
        }

        time.Advance(BacklogRefusalLog.SummaryInterval);
        log.Refused("carrier1", 10_000, 10_000, 0x64);
        log.Refused("carrier1", 10_000, 10_000, 0x64);
        time.Advance(TimeSpan.FromSeconds(1));
        log.Taken(8_999, 10_000);
        log.Taken(0, 10_000);

        List<(LogLevel Level, int Id, string Message)> above = [.. logger.Entries.Where(e => e.Level > LogLevel.Debug)
            .Select(e => (e.Level, e.EventId.Id, e.Message))];
        Assert.Multiple(() =>
        {
            Assert.That(above.Select(e => (e.Level, e.Id)), Is.EqualTo(new[]
            {
                (LogLevel.Warning, 6204), (LogLevel.Warning, 6215), (LogLevel.Information, 6216),
            }));
            Assert.That(above[1].Message, Does.Contain("1001 refused"));
            Assert.That(above[2].Message, Does.Contain("after 1002 refusal(s)"));
        });
    }

    [Test]
    public void Taken_BacklogFlappingAtTheLimit_OneEpisodeUntilItDrainsBelowNinetyPercent()
    {
        FakeTimeProvider time = new(TestStore.T0);
        CapturingLogger<InboundPipeline> logger = new();
        BacklogRefusalLog log = new(time, logger);

        for (int i = 0; i < 500; i++)
        {
            log.Refused("carrier1", 10_000, 10_000, 0x64);
            log.Taken(9_999, 10_000);
        }

        log.Taken(9_000, 10_000);
        int beforeDrained = logger.Entries.Count(e => e.Level > LogLevel.Debug);
        log.Taken(8_999, 10_000);

        Assert.Multiple(() =>
        {
            Assert.That(beforeDrained, Is.EqualTo(1), "one warning for the whole flapping episode");
            Assert.That(logger.Entries.Where(e => e.Level > LogLevel.Debug).Select(e => e.EventId.Id), Is.EqualTo(new[] { 6204, 6216 }));
        });
    }

    private static InboundUserData Single(string text) =>
        InboundUserData.From(new DeliverSm { DataCoding = 0x03, ShortMessage = System.Text.Encoding.Latin1.GetBytes(text) }, new TextOptions());

    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
