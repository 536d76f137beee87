using System.Diagnostics.Metrics;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Client;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The daemon's own meter, <c>RestcommSmppBridge</c>: carrier and bind state read from <see cref="ICarrierRegistry"/>
/// at each collection (observable gauges, so nothing is counted twice and a scrape sees the state of that moment).
/// The SMPP library's traffic counters live on its own meter, <c>RestcommSmppBridge.Smpp</c>.
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
