using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>
/// Regression for the stop that hung the drain: the dispatcher takes a slot, then claims; a stop cancelling that claim
/// must give the slot back, or the drain (which waits for every slot) never ends and the host stop hangs.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class OutboxDispatcherStopTests
{
    [Test]
    public async Task StopAsync_WhileClaimIsPending_ReturnsTheSlotAndFinishes()
    {
        TaskCompletionSource claiming = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Mock<IOutboxStore> store = new(MockBehavior.Strict);
        store.Setup(s => s.RecoverSendingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
        store.Setup(s => s.ExpirePendingReceiptsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(0);

        // The claim blocks until the stop cancels it, as a claim waiting on a busy store would.
        store.Setup(s => s.ClaimAsync(It.IsAny<int>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns(async (int max, DateTimeOffset now, CancellationToken cancellationToken) =>
            {
                claiming.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return (IReadOnlyList<OutboxMessage>)[];
            });

        await using ServiceProvider webhooks = WebhookServices();
        IOptions<OutboundOptions> options = Options.Create(new OutboundOptions { MaxConcurrency = 4 });
        using StatusCallbackNotifier notifier = new(store.Object, webhooks.GetRequiredService<WebhookClient>(),
            Mock.Of<IAccountStore>(MockBehavior.Strict), options, NullLogger<StatusCallbackNotifier>.Instance);
        using OutboxDispatcher dispatcher = new(store.Object, Mock.Of<ICarrierRouter>(MockBehavior.Strict), new OutboxSignal(), notifier,
            options, TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);

        await dispatcher.StartAsync(CancellationToken.None);
        await claiming.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Task stop = dispatcher.StopAsync(CancellationToken.None);

        Assert.That(async () => await stop.WaitAsync(TimeSpan.FromSeconds(5)), Throws.Nothing,
            "the stop must end: the slot taken for the cancelled claim is released");
        store.Verify(s => s.ClaimAsync(It.IsAny<int>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once());
    }

    private static ServiceProvider WebhookServices()
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.AddWebhooks(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }
}
