using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Rcml;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Storage;
using RestcommSmppBridge.Tests.Carriers;

namespace RestcommSmppBridge.Tests.Inbound;

/// <summary>
/// The daemon's inbound side as Program.cs composes it (AddStorage, AddWebhooks, AddRcml, AddInbound) on a real SQLite
/// file, with the real <see cref="CarrierSupervisor"/> bound to a real <see cref="SmscSimulator"/> on 127.0.0.1:0.
/// Only the outbound side's seams are test doubles: a recording <see cref="IRcmlReplySender"/> and, when asked, an
/// <see cref="IDeliveryReceiptSink"/>.
/// </summary>
internal sealed class InboundTestHost : IAsyncDisposable
{
    public const string CarrierName = "carrier1";

    private readonly IHost _host;

    private InboundTestHost(IHost host, RecordingReplySender? replies)
    {
        _host = host;
        Replies = replies;
    }

    public IServiceProvider Services => _host.Services;

    public RecordingReplySender? Replies { get; }

    public IInboundStore Inbound => Services.GetRequiredService<IInboundStore>();

    public IMessageStore Messages => Services.GetRequiredService<IMessageStore>();

    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bridge-inbound-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Starts the host; <paramref name="withReplySender"/> false leaves the dispatcher without an outbound side;
    /// <paramref name="carriers"/> replaces the one default carrier (<see cref="CarrierName"/> on the simulator).
    /// </summary>
    public static async Task<InboundTestHost> StartAsync(string folder, SmscSimulator simulator, CancellationToken cancellationToken,
        bool withReplySender = true, IDeliveryReceiptSink? receiptSink = null, Func<IServiceProvider, IInboundStore>? storeOverride = null,
        IDictionary<string, string?>? settings = null, IReadOnlyList<CarrierOptions>? carriers = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = folder,
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        Dictionary<string, string?> values = new()
        {
            ["Bridge:Storage:Path"] = "bridge.db",
            ["Bridge:Webhooks:AttemptTimeout"] = "00:00:03",
            ["Bridge:Webhooks:TotalTimeout"] = "00:00:06",
            ["Bridge:Webhooks:MaxAttempts"] = "2",
            ["Bridge:Webhooks:BackoffInitial"] = "00:00:00.05",
            ["Bridge:Webhooks:BackoffMax"] = "00:00:00.1",
            ["Bridge:Inbound:WebhookRetryDelay"] = "00:00:00.2",
            ["Bridge:Inbound:WebhookRetryMaxDelay"] = "00:00:00.5",
        };
        foreach (KeyValuePair<string, string?> setting in settings ?? new Dictionary<string, string?>())
        {
            values[setting.Key] = setting.Value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.Services.AddStorage(builder.Configuration);
        if (storeOverride is not null)
        {
            builder.Services.AddSingleton(storeOverride);
        }

        builder.Services.AddWebhooks(builder.Configuration);
        builder.Services.AddRcml(builder.Configuration);
        builder.Services.AddInbound(builder.Configuration);

        RecordingReplySender? replies = withReplySender ? new RecordingReplySender() : null;
        if (replies is not null)
        {
            builder.Services.AddSingleton<IRcmlReplySender>(replies);
        }

        if (receiptSink is not null)
        {
            builder.Services.AddSingleton(receiptSink);
        }

        // The real supervisor on the simulator, as AddCarriers registers it (its options path checks for committed
        // passwords in files, which a test's in-memory settings cannot show, so the profile is built directly).
        CarrierProfile[] profiles = CarrierTestKit.Profiles(carriers is null
            ? [CarrierTestKit.Options(CarrierName, simulator.LocalEndPoint.Port, password: "pw1")]
            : [.. carriers]);
        builder.Services.AddSingleton(provider => new CarrierSupervisor(profiles, provider.GetRequiredService<ICarrierInboundHandler>(),
            TimeProvider.System, NullLoggerFactory.Instance));
        builder.Services.AddSingleton<ICarrierRegistry>(provider => provider.GetRequiredService<CarrierSupervisor>());
        builder.Services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<CarrierSupervisor>());

        IHost host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new InboundTestHost(host, replies);
    }

    /// <summary>A simulator that accepts <see cref="CarrierName"/>/pw1 and each of <paramref name="moreAccounts"/> (password pw1).</summary>
    public static SmscSimulator StartSimulator(params string[] moreAccounts)
    {
        Dictionary<string, string> credentials = new() { [CarrierName] = "pw1" };
        foreach (string account in moreAccounts)
        {
            credentials[account] = "pw1";
        }

        SmscSimulator simulator = new(new SimulatorOptions
        {
            Credentials = credentials,
            Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
        });
        simulator.Start();
        return simulator;
    }

    public async Task<(Account Account, IncomingPhoneNumber Number)> AddNumberAsync(string phoneNumber, Uri smsUrl, Uri? fallbackUrl = null,
        string method = "POST")
    {
        Account account = new()
        {
            Sid = Sids.NewAccountSid(),
            AuthToken = "secret-token-" + Guid.NewGuid().ToString("N"),
            DateCreated = DateTimeOffset.UtcNow,
            DateUpdated = DateTimeOffset.UtcNow,
        };
        await Services.GetRequiredService<IAccountStore>().UpsertAsync(account, CancellationToken.None);
        IncomingPhoneNumber number = new()
        {
            Sid = Sids.NewPhoneNumberSid(),
            AccountSid = account.Sid,
            PhoneNumber = phoneNumber,
            SmsUrl = smsUrl.ToString(),
            SmsMethod = method,
            SmsFallbackUrl = fallbackUrl?.ToString(),
            DateCreated = DateTimeOffset.UtcNow,
            DateUpdated = DateTimeOffset.UtcNow,
        };
        Assert.That(await Services.GetRequiredService<IPhoneNumberStore>().CreateAsync(number, CancellationToken.None),
            Is.EqualTo(PhoneNumberWriteResult.Applied));
        return (account, number);
    }

    /// <summary>Waits until the webhook of <paramref name="messageSid"/> left the pending state, polling the store.</summary>
    public async Task<InboundWebhookRecord> WaitForWebhookEndAsync(string messageSid, CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            InboundWebhookRecord? record = await Inbound.GetWebhookAsync(messageSid, cancellationToken);
            if (record is { State: not InboundWebhookState.Pending })
            {
                return record;
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>Counts rows of a table of the inbound schema through a fresh read-only connection.</summary>
    public long Count(string table)
    {
        string sql = table switch
        {
            "sms_messages" => "SELECT COUNT(*) FROM sms_messages;",
            "inbound_webhooks" => "SELECT COUNT(*) FROM inbound_webhooks;",
            "inbound_parts" => "SELECT COUNT(*) FROM inbound_parts;",
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        string path = Path.Combine(Services.GetRequiredService<IHostEnvironment>().ContentRootPath, "bridge.db");
        using SqliteConnection connection = new($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>The outbound side of the reply seam for tests: records each reply and signals it.</summary>
internal sealed class RecordingReplySender : IRcmlReplySender
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<RcmlReply> Replies { get; } = new();

    public Task FirstReply => _first.Task;

    public Task<string> SendAsync(RcmlReply reply, CancellationToken cancellationToken)
    {
        Replies.Enqueue(reply);
        _first.TrySetResult();
        return Task.FromResult(Sids.NewMessageSid());
    }
}

/// <summary>A receipt sink that records receipts and answers a fixed status.</summary>
internal sealed class RecordingReceiptSink(CommandStatus answer) : IDeliveryReceiptSink
{
    public ConcurrentQueue<(string Carrier, DeliveryReceipt Receipt)> Receipts { get; } = new();

    public ValueTask<CommandStatus> AcceptAsync(CarrierProfile carrier, DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        Receipts.Enqueue((carrier.Name, receipt));
        return ValueTask.FromResult(answer);
    }
}

/// <summary>An inbound store whose writes fail, as when the disk is gone.</summary>
internal sealed class FailingInboundStore(IInboundStore inner) : IInboundStore
{
    public Task<InboundPartResult> AddPartAsync(InboundPart part, TimeSpan duplicateWindow, CancellationToken cancellationToken) =>
        Task.FromException<InboundPartResult>(new SqliteException("disk I/O error", 10));

    public Task<InboundStoreOutcome> StoreMessageAsync(InboundMessageWrite write, CancellationToken cancellationToken) =>
        Task.FromException<InboundStoreOutcome>(new SqliteException("disk I/O error", 10));

    public Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredPartsAsync(DateTimeOffset firstPartBefore, int maxMessages,
        CancellationToken cancellationToken) => inner.ListExpiredPartsAsync(firstPartBefore, maxMessages, cancellationToken);

    public Task DiscardPartsAsync(InboundPartsKey key, CancellationToken cancellationToken) => inner.DiscardPartsAsync(key, cancellationToken);

    public Task PurgeDuplicateKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        inner.PurgeDuplicateKeysAsync(before, cancellationToken);

    public Task<IReadOnlyList<PendingInboundWebhook>> ClaimDueWebhooksAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        inner.ClaimDueWebhooksAsync(now, max, cancellationToken);

    public Task<int> ReleaseWebhookClaimsAsync(CancellationToken cancellationToken) => inner.ReleaseWebhookClaimsAsync(cancellationToken);

    public Task ReleaseWebhookAsync(string messageSid, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        inner.ReleaseWebhookAsync(messageSid, nextAttemptAt, cancellationToken);

    public Task<int> CountPendingWebhooksAsync(CancellationToken cancellationToken) => inner.CountPendingWebhooksAsync(cancellationToken);

    public Task FinishWebhookAsync(string messageSid, bool succeeded, int attempts, string outcome, DateTimeOffset at,
        CancellationToken cancellationToken) => inner.FinishWebhookAsync(messageSid, succeeded, attempts, outcome, at, cancellationToken);

    public Task RetryWebhookAsync(string messageSid, int attempts, DateTimeOffset nextAttemptAt, string lastError,
        CancellationToken cancellationToken) => inner.RetryWebhookAsync(messageSid, attempts, nextAttemptAt, lastError, cancellationToken);

    public Task<InboundWebhookRecord?> GetWebhookAsync(string messageSid, CancellationToken cancellationToken) =>
        inner.GetWebhookAsync(messageSid, cancellationToken);
}
