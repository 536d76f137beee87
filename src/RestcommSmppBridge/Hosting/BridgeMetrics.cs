using System.Diagnostics.Metrics;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The daemon's own meter, <c>RestcommSmppBridge</c>: carrier and bind state read from <see cref="ICarrierRegistry"/>
/// at each collection (observable gauges, so nothing is counted twice and a scrape sees the state of that moment),
/// and the depth of the queues between the stages: inbound webhooks and status callbacks from their owners' in-memory
/// counts, the outbox from one index-only count in the store per scrape; the seconds left on each TLS certificate the
/// bridge presents, from <see cref="CertificateExpiryMonitor"/> and the clock. The SMPP library's traffic counters live on
/// its own meter, <c>RestcommSmppBridge.Smpp</c>.
/// </summary>
internal sealed class BridgeMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "RestcommSmppBridge";

    private readonly IServiceProvider _services;

    public BridgeMetrics(IMeterFactory meterFactory, IServiceProvider services)
    {
        _services = services;
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("bridge.carrier.binds.bound", ObserveBound, "{bind}", "Binds of the carrier that are bound");
        meter.CreateObservableGauge("bridge.carrier.binds.configured", ObserveConfigured, "{bind}", "Binds the carrier should keep");
        meter.CreateObservableGauge("bridge.carrier.up", ObserveUp, null, "1 when the carrier has at least one bound bind, else 0");
        meter.CreateObservableGauge("bridge.bind.state", ObserveBindState, null, "1 for the bind's current state (tag state), one series per bind");
        meter.CreateObservableGauge("bridge.bind.window.depth", ObserveWindow, "{request}", "Requests waiting for a response on the bind");
        meter.CreateObservableGauge("bridge.bind.queued", ObserveQueued, "{request}", "Requests waiting in the bind's queue (rate limit, throttle pause, full window)");
        meter.CreateObservableGauge("bridge.carrier.paused", ObservePaused, null, "1 when an operator paused the carrier (no new submits), else 0");
        meter.CreateObservableGauge("bridge.inbound.webhooks.pending", ObserveInboundPending, "{webhook}",
            "Inbound messages whose webhook is stored and not finished (due now or waiting for a retry)");
        meter.CreateObservableGauge("bridge.outbox.messages", ObserveOutbox, "{message}",
            "Outbound messages in the outbox, by status (queued, sending)");
        meter.CreateObservableGauge("bridge.status_callbacks.queued", ObserveCallbacksQueued, "{message}",
            "Messages with status callbacks queued in memory for the callback workers");
        meter.CreateObservableGauge("bridge.status_callbacks.failed", ObserveCallbacksFailed, "{callback}",
            "Status callbacks that failed for good and were not requeued or deleted by an operator");
        meter.CreateObservableGauge("bridge.certificate.expiry", ObserveCertificateExpiry, "s",
            "Seconds until the TLS certificate named by the setting expires (negative once expired)");
    }

    /// <summary>Resolved late and optionally: the carriers may not be registered (tests, a store-only host).</summary>
    private IReadOnlyList<CarrierState> States() =>
        _services.GetService<ICarrierRegistry>() is { } registry ? registry.GetStates() : [];

    private IEnumerable<Measurement<int>> ObserveBound()
    {
        foreach (CarrierState carrier in States())
        {
            yield return new Measurement<int>(carrier.BoundBinds, new KeyValuePair<string, object?>("carrier", carrier.Name));
        }
    }

    private IEnumerable<Measurement<int>> ObserveConfigured()
    {
        foreach (CarrierState carrier in States())
        {
            yield return new Measurement<int>(carrier.Enabled ? carrier.ConfiguredBinds : 0, new KeyValuePair<string, object?>("carrier", carrier.Name));
        }
    }

    private IEnumerable<Measurement<int>> ObserveUp()
    {
        foreach (CarrierState carrier in States())
        {
            yield return new Measurement<int>(carrier.BoundBinds > 0 ? 1 : 0, new KeyValuePair<string, object?>("carrier", carrier.Name));
        }
    }

    private IEnumerable<Measurement<int>> ObservePaused()
    {
        foreach (CarrierState carrier in States())
        {
            yield return new Measurement<int>(carrier.Paused ? 1 : 0, new KeyValuePair<string, object?>("carrier", carrier.Name));
        }
    }

    /// <summary>Nothing when the inbound pipeline is not registered (tests, a store-only host), so no false zero.</summary>
    private IEnumerable<Measurement<int>> ObserveInboundPending()
    {
        if (_services.GetService<InboundWebhookQueue>() is { } queue)
        {
            yield return new Measurement<int>(queue.Pending);
        }
    }

    private IEnumerable<Measurement<long>> ObserveOutbox()
    {
        if (CountOutbox() is { } depth)
        {
            yield return new Measurement<long>(depth.Queued, new KeyValuePair<string, object?>("status", "queued"));
            yield return new Measurement<long>(depth.Sending, new KeyValuePair<string, object?>("status", "sending"));
        }
    }

    /// <summary>
    /// Null without a store, or when it cannot be read now (closing at shutdown, disk trouble): the gauge is then left
    /// out of this scrape. A throwing callback would also cost the scrape every gauge observed after it.
    /// </summary>
    private OutboxDepth? CountOutbox()
    {
        if (_services.GetService<IOperationsStore>() is not { } store)
        {
            return null;
        }

        try
        {
            return store.CountOutbox();
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            return null;
        }
    }

    /// <summary>
    /// A store that cannot be read now: its file failing (<see cref="StoreUnavailableException"/>, or SQLite's error
    /// from a store that does not translate it), or closing at shutdown.
    /// </summary>
    private static bool IsUnreadable(Exception exception) =>
        exception is StoreUnavailableException or Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or InvalidOperationException;

    private IEnumerable<Measurement<int>> ObserveCallbacksQueued()
    {
        if (_services.GetService<StatusCallbackNotifier>() is { } notifier)
        {
            yield return new Measurement<int>(notifier.Queued);
        }
    }

    /// <summary>One index-only count per scrape; left out without a store or when it cannot be read (as the outbox gauge).</summary>
    private IEnumerable<Measurement<long>> ObserveCallbacksFailed()
    {
        if (_services.GetService<IStatusCallbackStore>() is not { } store)
        {
            yield break;
        }

        long failed;
        try
        {
            failed = store.CountFailedCallbacks();
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            yield break;
        }

        yield return new Measurement<long>(failed);
    }

    /// <summary>
    /// From the clock at each scrape, so the value moves without a timer; nothing without the monitor (tests, a host
    /// without <c>AddOperations</c>).
    /// </summary>
    private IEnumerable<Measurement<double>> ObserveCertificateExpiry()
    {
        if (_services.GetService<CertificateExpiryMonitor>() is not { } monitor)
        {
            yield break;
        }

        DateTimeOffset now = (_services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        foreach (WatchedCertificate certificate in monitor.Certificates)
        {
            yield return new Measurement<double>((certificate.NotAfter - now).TotalSeconds,
                new KeyValuePair<string, object?>("setting", certificate.Setting));
        }
    }

    private IEnumerable<Measurement<int>> ObserveBindState()
    {
        foreach (CarrierState carrier in States())
        {
            foreach (SmppBindStatus bind in carrier.Binds)
            {
                yield return new Measurement<int>(1,
                    new KeyValuePair<string, object?>("carrier", carrier.Name),
                    new KeyValuePair<string, object?>("bind", bind.Index),
                    new KeyValuePair<string, object?>("state", bind.State.ToString()));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveWindow()
    {
        foreach (CarrierState carrier in States())
        {
            foreach (SmppBindStatus bind in carrier.Binds)
            {
                yield return new Measurement<int>(bind.WindowDepth,
                    new KeyValuePair<string, object?>("carrier", carrier.Name), new KeyValuePair<string, object?>("bind", bind.Index));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueued()
    {
        foreach (CarrierState carrier in States())
        {
            foreach (SmppBindStatus bind in carrier.Binds)
            {
                yield return new Measurement<int>(bind.Queued,
                    new KeyValuePair<string, object?>("carrier", carrier.Name), new KeyValuePair<string, object?>("bind", bind.Index));
            }
        }
    }
}
