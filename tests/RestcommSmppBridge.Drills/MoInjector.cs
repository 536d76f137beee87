using System.Globalization;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// Mobile-originated drill messages from the simulator to the drill number. Like a real SMSC, a message whose
/// deliver_sm got no answer, or a temporary error, is delivered again until the bridge answers 0 (or the drill stops
/// trying); only messages answered 0 count as sent, since those are the ones the bridge promised to keep.
/// </summary>
internal sealed class MoInjector
{
    private static readonly TimeSpan s_retryPause = TimeSpan.FromMilliseconds(300);

    private readonly SmscSimulator _simulator;
    private readonly DrillBodies _bodies;
    private readonly bool[] _acknowledged;
    private long _redeliveries;

    public MoInjector(SmscSimulator simulator, DrillBodies bodies)
    {
        _simulator = simulator;
        _bodies = bodies;
        _acknowledged = new bool[bodies.Count];
    }

    public DrillBodies Bodies => _bodies;

    /// <summary>deliver_sm sent again after no answer or a temporary error.</summary>
    public long Redeliveries => Interlocked.Read(ref _redeliveries);

    public bool Acknowledged(int index) => Volatile.Read(ref _acknowledged[index]);

    public int AcknowledgedCount()
    {
        int count = 0;
        for (int i = 0; i < _acknowledged.Length; i++)
        {
            if (Acknowledged(i))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Delivers MO <paramref name="index"/> until it is answered 0 or <paramref name="giveUp"/> fires.</summary>
    public async Task InjectAsync(int index, CancellationToken giveUp)
    {
        string from = "4477008" + (index % 1000).ToString("D5", CultureInfo.InvariantCulture);
        bool first = true;
        while (!giveUp.IsCancellationRequested)
        {
            if (!first)
            {
                Interlocked.Increment(ref _redeliveries);
            }

            first = false;
            try
            {
                IReadOnlyList<CommandStatus> statuses = await _simulator.InjectMoAsync(from, DrillEnvironment.Number, _bodies.Body(index),
                    MoOptions.Default with { Encoding = MoEncoding.Gsm7 }, giveUp);
                if (statuses.Count > 0 && statuses.All(s => s == CommandStatus.Ok))
                {
                    Volatile.Write(ref _acknowledged[index], true);
                    return;
                }
            }
            catch (Exception exception) when (exception is SmppNotSentException or SmppOutcomeUnknownException)
            {
                // No receiver bound (the bridge is down) or the bridge died before answering: deliver again.
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(s_retryPause, TimeProvider.System, giveUp);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
