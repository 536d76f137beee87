using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Outbound;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Storage.Sqlite;
using RestcommSmppBridge.Tests.Storage;
using RestcommSmppBridge.Tests.Webhooks;
using RestcommSmppBridge.Webhooks;

namespace RestcommSmppBridge.Tests.Outbound;

/// <summary>
/// The outbound side wired from real parts: a SQLite file, an SMSC simulator on 127.0.0.1:0 bound through the real
/// supervisor and router (receipts go through a parse-and-sink handler as the inbound pipeline does), a real Kestrel
/// receiving status callbacks, and the real dispatcher, receipt processor and notifier.
/// </summary>
internal sealed class OutboundHarness : IAsyncDisposable
{
    public const string Destination = "+447700900123";
    public const string CallbackPath = "/status";

    private readonly ServiceProvider _webhookServices;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _callbackArrivals = new(0);
    private bool _dispatcherRunning;
    private int _callbacksSeen;

    private OutboundHarness(TestStore store, ObservingOutboxStore outbox, SmscSimulator? simulator, CarrierSupervisor supervisor,
        WebhookTestServer callbacks, ServiceProvider webhookServices, StatusCallbackNotifier notifier, ReceiptProcessor processor,
        OutboxDispatcher dispatcher, OutboxSignal signal, Account account)
    {
        Store = store;
        Outbox = outbox;
        Simulator = simulator;
        Supervisor = supervisor;
        Callbacks = callbacks;
        _webhookServices = webhookServices;
        Notifier = notifier;
        Processor = processor;
        Dispatcher = dispatcher;
        Signal = signal;
        Account = account;
    }

    public TestStore Store { get; }

    public ObservingOutboxStore Outbox { get; }

    public SmscSimulator? Simulator { get; }

    public CarrierSupervisor Supervisor { get; }

    public WebhookTestServer Callbacks { get; }

    public StatusCallbackNotifier Notifier { get; }

    public ReceiptProcessor Processor { get; }

    public OutboxDispatcher Dispatcher { get; }

    public OutboxSignal Signal { get; }

    public Account Account { get; }

    public CarrierProfile Carrier => Supervisor.Carriers[0];

    public static async Task<OutboundHarness> StartAsync(
        SimulatorOptions? simulatorOptions = null,
        Func<CarrierOptions, CarrierOptions>? carrier = null,
        OutboundOptions? outbound = null,
        string? folder = null,
        bool startDispatcher = true,
        int? port = null)
    {
        TestStore store = await TestStore.OpenAsync(folder);
        Account account = await store.AddAccountAsync("outbound");
        ObservingOutboxStore outbox = new(new SqliteOutboxStore(store.Database));

        SmscSimulator? simulator = null;
        if (port is null)
        {
            simulator = new SmscSimulator((simulatorOptions ?? new SimulatorOptions()) with
            {
                Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
            });
            simulator.Start();
        }

        WebhookTestServer callbacks = await WebhookTestServer.StartAsync();
        ServiceProvider webhookServices = WebhookTestServices.Create(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), maxAttempts: 3);

        IOptions<OutboundOptions> options = Options.Create(outbound ?? new OutboundOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            RetryBackoffMin = TimeSpan.FromMilliseconds(20),
            RetryBackoffMax = TimeSpan.FromMilliseconds(100),
        });
        StatusCallbackNotifier notifier = new(outbox, webhookServices.GetRequiredService<WebhookClient>(), store.Accounts, options,
            NullLogger<StatusCallbackNotifier>.Instance);
        ReceiptProcessor processor = new(outbox, notifier, TimeProvider.System, NullLogger<ReceiptProcessor>.Instance);

        CarrierOptions carrierOptions = CarrierOptions("sim", port ?? simulator!.LocalEndPoint.Port);
        carrierOptions = carrier?.Invoke(carrierOptions) ?? carrierOptions;
        CarrierSupervisor supervisor = new([CarrierProfile.FromOptions(carrierOptions, 0)], new ReceiptRoutingHandler(processor),
            TimeProvider.System, NullLoggerFactory.Instance);
        CarrierRouter router = new(supervisor, NullLogger<CarrierRouter>.Instance);
        OutboxSignal signal = new();
        OutboxDispatcher dispatcher = new(outbox, router, signal, notifier, options, TimeProvider.System,
            NullLogger<OutboxDispatcher>.Instance);

        OutboundHarness harness = new(store, outbox, simulator, supervisor, callbacks, webhookServices, notifier, processor, dispatcher,
            signal, account);
        callbacks.On(CallbackPath, async context =>
        {
            await WebhookTestServer.Status(200)(context);
            Interlocked.Increment(ref harness._callbacksSeen);
            harness._callbackArrivals.Release();
        });
        await notifier.StartAsync(CancellationToken.None);
        await supervisor.StartAsync(CancellationToken.None);
        if (simulator is not null)
        {
            await supervisor.WaitForStateAsync("sim", s => s.BoundBinds > 0, TestContext.CurrentContext.CancellationToken);
        }

        if (startDispatcher)
        {
            await harness.StartDispatcherAsync();
        }

        return harness;
    }

    /// <summary>
    /// A harness whose one carrier ("sim") answers within <paramref name="responseTimeout"/> or is waited for a late
    /// answer for <paramref name="lateWindow"/> (the late-answer tests).
    /// </summary>
    public static Task<OutboundHarness> StartWithLateWindowAsync(TimeSpan responseTimeout, SimulatorOptions? simulator = null,
        TimeSpan? lateWindow = null, OutboundOptions? outbound = null, int? port = null) =>
        StartAsync(simulator,
            carrier => CarrierOptions("sim", carrier.Port, responseTimeout: responseTimeout, lateResponseWindow: lateWindow),
            outbound, port: port);

    /// <summary>Quick polls and retries, <paramref name="maxAttempts"/> attempts, and the given unknown-outcome policy.</summary>
    public static OutboundOptions FastRetries(int maxAttempts, UnknownOutcomePolicy policy) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        RetryBackoffMin = TimeSpan.FromMilliseconds(20),
        RetryBackoffMax = TimeSpan.FromMilliseconds(100),
        MaxAttempts = maxAttempts,
        UnknownOutcome = policy.ToString(),
    };

    public static CarrierOptions CarrierOptions(string name, int port, string? messageIdFormat = null, string? receiptIdFormat = null,
        string? longMessageMode = null, bool acceptedIsFinal = true, int maxThrottleRetries = 0, TimeSpan? responseTimeout = null,
        TimeSpan? lateResponseWindow = null) => new()
    {
        Name = name,
        Host = "127.0.0.1",
        Port = port,
        SystemId = name,
        Password = "pw",
        BindType = "Transceiver",
        MaxThrottleRetries = maxThrottleRetries,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        EnquireLinkInterval = TimeSpan.Zero,
        ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(5),
        LateResponseWindow = lateResponseWindow,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MessageIdFormat = messageIdFormat,
        ReceiptTextIdFormat = receiptIdFormat,
        ReceiptedMessageIdFormat = receiptIdFormat,
        LongMessageMode = longMessageMode,
        AcceptedIsFinal = acceptedIsFinal,
        Routes = [new CarrierRouteOptions { Prefix = "", Preference = 1 }],
    };

    public async Task StartDispatcherAsync()
    {
        await Dispatcher.StartAsync(CancellationToken.None);
        _dispatcherRunning = true;
    }

    public async Task StopDispatcherAsync()
    {
        if (_dispatcherRunning)
        {
            _dispatcherRunning = false;
            await Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Inserts a message the way the REST API does (status queued) and pokes the dispatcher.</summary>
    public async Task<SmsMessage> QueueAsync(string body, string? encoding = null, string to = Destination, bool withCallback = true,
        DateTimeOffset? created = null, string callbackPath = CallbackPath)
    {
        DateTimeOffset now = created ?? DateTimeOffset.UtcNow;
        SmsMessage message = new()
        {
            Sid = Sids.NewMessageSid(),
            AccountSid = Account.Sid,
            From = "+15550001111",
            To = to,
            Body = body,
            Status = MessageStatus.Queued,
            Direction = MessageDirection.OutboundApi,
            DateCreated = now,
            DateUpdated = now,
            StatusCallback = withCallback ? Callbacks.Url(callbackPath).AbsoluteUri : null,
            StatusCallbackMethod = withCallback ? "POST" : null,
            Encoding = encoding,
        };
        await Store.Messages.InsertAsync(message, CancellationToken.None);
        Signal.Poke();
        return message;
    }

    public async Task<SmsMessage> GetAsync(string sid) => (await Store.Messages.GetAsync(Account.Sid, sid, CancellationToken.None))!;

    /// <summary>Waits until the store reports <paramref name="status"/> for <paramref name="sid"/>, then reads the message.</summary>
    public async Task<SmsMessage> WaitForAsync(string sid, MessageStatus status)
    {
        try
        {
            await Outbox.WaitForAsync(sid, status).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            SmsMessage current = await GetAsync(sid);
            throw new TimeoutException($"{sid} never became {status}; it is {current.Status} ({current.ErrorCode}: {current.ErrorMessage}), "
                + $"history {string.Join(" > ", current.StatusHistory.Select(c => c.Status))}");
        }

        return await GetAsync(sid);
    }

    /// <summary>Waits until <paramref name="count"/> callbacks to <see cref="CallbackPath"/> were answered and returns them.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> CallbacksAsync(int count)
    {
        while (Volatile.Read(ref _callbacksSeen) < count)
        {
            if (!await _callbackArrivals.WaitAsync(TimeSpan.FromSeconds(15)))
            {
                throw new TimeoutException($"Only {Volatile.Read(ref _callbacksSeen)} of {count} status callbacks arrived.");
            }
        }

        return Callbacks.RequestsTo(CallbackPath);
    }

    public async ValueTask DisposeAsync()
    {
        await StopDispatcherAsync();
        await Supervisor.StopAsync(CancellationToken.None);
        await Supervisor.DisposeAsync();
        await Notifier.StopAsync(CancellationToken.None);
        Notifier.Dispose();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        await Callbacks.DisposeAsync();
        await _webhookServices.DisposeAsync();
        _stop.Dispose();
        await Store.DisposeAsync();
    }

    /// <summary>Closes the store without deleting its folder (for restart tests); the rest is disposed.</summary>
    public async Task<string> ShutDownKeepingStoreAsync()
    {
        await StopDispatcherAsync();
        await Supervisor.StopAsync(CancellationToken.None);
        await Supervisor.DisposeAsync();
        await Notifier.StopAsync(CancellationToken.None);
        Notifier.Dispose();
        await Callbacks.DisposeAsync();
        await _webhookServices.DisposeAsync();
        _stop.Dispose();
        await Store.CloseAsync();
        return Store.Folder;
    }

    /// <summary>What the inbound pipeline does with receipts: parse, hand to the sink, answer its status.</summary>
    private sealed class ReceiptRoutingHandler(IDeliveryReceiptSink sink) : ICarrierInboundHandler
    {
        public async ValueTask<SmppResponse?> HandleAsync(CarrierProfile carrier, SmppRequest request, CancellationToken cancellationToken)
        {
            if (request is DeliverSm deliver && deliver.IsDeliveryReceipt && DeliveryReceiptParser.TryParse(deliver, out DeliveryReceipt? receipt))
            {
                CommandStatus status = await sink.AcceptAsync(carrier, receipt, cancellationToken);
                return request.CreateResponse(status);
            }

            return request.CreateResponse(CommandStatus.Ok);
        }
    }
}

/// <summary>Forwards to the real store and lets tests await the status changes it reports (no polling).</summary>
internal sealed class ObservingOutboxStore(IOutboxStore inner) : IOutboxStore
{
    private readonly object _gate = new();
    private readonly List<OutboxStatusChange> _changes = [];
    private readonly List<(string Sid, MessageStatus Status, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<OutboxStatusChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public int Reschedules;

    public Task WaitForAsync(string sid, MessageStatus status)
    {
        lock (_gate)
        {
            if (_changes.Exists(c => c.MessageSid == sid && c.Status == status))
            {
                return Task.CompletedTask;
            }

            TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((sid, status, done));
            return done.Task;
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int max, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.ClaimAsync(max, now, cancellationToken);

    public async Task<IReadOnlyList<OutboxStatusChange>> RecordSentAsync(OutboxSent sent, CancellationToken cancellationToken) =>
        Observe(await inner.RecordSentAsync(sent, cancellationToken));

    public int PartlySentRecords;

    public async Task<IReadOnlyList<OutboxStatusChange>> RecordPartlySentAsync(OutboxPartlySent partlySent, CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxStatusChange> changes = Observe(await inner.RecordPartlySentAsync(partlySent, cancellationToken));
        Interlocked.Increment(ref PartlySentRecords);
        return changes;
    }

    public Task<OutboxPartlySentParts?> GetPartlySentAsync(string messageSid, CancellationToken cancellationToken) =>
        inner.GetPartlySentAsync(messageSid, cancellationToken);

    public Task ForgetPartlySentAsync(string messageSid, CancellationToken cancellationToken) =>
        inner.ForgetPartlySentAsync(messageSid, cancellationToken);

    public async Task<IReadOnlyList<OutboxStatusChange>> RecordFailedAsync(string messageSid, DateTimeOffset at, string? carrier, int errorCode,
        string? errorMessage, CancellationToken cancellationToken) =>
        Observe(await inner.RecordFailedAsync(messageSid, at, carrier, errorCode, errorMessage, cancellationToken));

    public async Task<bool> RescheduleAsync(string messageSid, DateTimeOffset at, DateTimeOffset nextAttemptAt, int? errorCode, string? error,
        bool countAttempt, CancellationToken cancellationToken)
    {
        bool done = await inner.RescheduleAsync(messageSid, at, nextAttemptAt, errorCode, error, countAttempt, cancellationToken);
        Interlocked.Increment(ref Reschedules);
        return done;
    }

    public async Task<OutboxReceiptResult> ApplyReceiptAsync(OutboxReceipt receipt, CancellationToken cancellationToken)
    {
        OutboxReceiptResult result = await inner.ApplyReceiptAsync(receipt, cancellationToken);
        Observe(result.Changes);
        return result;
    }

    public async Task<IReadOnlyList<OutboxStatusChange>> RecoverSendingAsync(DateTimeOffset now, bool resubmit, CancellationToken cancellationToken) =>
        Observe(await inner.RecoverSendingAsync(now, resubmit, cancellationToken));

    public Task<int> ExpirePendingReceiptsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        inner.ExpirePendingReceiptsAsync(receivedBefore, cancellationToken);

    /// <summary>Store reads and progress writes the status callback notifier made, per message sid.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> CallbackReads { get; } = new(StringComparer.Ordinal);

    public System.Collections.Concurrent.ConcurrentDictionary<string, int> CallbackMarks { get; } = new(StringComparer.Ordinal);

    public Task<OutboxPendingCallbacks?> GetPendingCallbacksAsync(string messageSid, CancellationToken cancellationToken)
    {
        CallbackReads.AddOrUpdate(messageSid, 1, static (_, n) => n + 1);
        return inner.GetPendingCallbacksAsync(messageSid, cancellationToken);
    }

    public Task MarkCallbackDoneAsync(string messageSid, int sequence, CancellationToken cancellationToken)
    {
        CallbackMarks.AddOrUpdate(messageSid, 1, static (_, n) => n + 1);
        return inner.MarkCallbackDoneAsync(messageSid, sequence, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxOwedCallback>> ListOwedCallbacksAsync(long afterPosition, int max, CancellationToken cancellationToken) =>
        inner.ListOwedCallbacksAsync(afterPosition, max, cancellationToken);

    private IReadOnlyList<OutboxStatusChange> Observe(IReadOnlyList<OutboxStatusChange> changes)
    {
        lock (_gate)
        {
            _changes.AddRange(changes);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                (string sid, MessageStatus status, TaskCompletionSource done) = _waiters[i];
                if (_changes.Exists(c => c.MessageSid == sid && c.Status == status))
                {
                    done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }

        return changes;
    }
}
