using System.Collections.Concurrent;
using System.Globalization;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// <c>load mo</c>'s sender: each request is one MO the simulator sends to the daemon's binds (deliver_sm, round-robin
/// over the bound transceivers), with a text tagged by phase and index (<see cref="TaggedText"/>), from one of 1,024
/// senders (the replies go back to the sender, and messages to one destination leave in order). A temporary refusal
/// (the daemon's store or webhook queue is full: 0x64, 0x14, 0x58, 0x08) is what an SMSC redelivers: the injector sends it
/// again after 100 ms (up to 100 times), counts the redelivery, and the latency still runs from the first attempt.
/// </summary>
internal sealed class MoInjector(SmscSimulator simulator, char phase, TimeProvider time) : ILoadSender
{
    public const string Kind = "mo";

    private const int MaxRedeliveries = 100;

    private static readonly MoOptions s_gsm = MoOptions.Default with { Encoding = MoEncoding.Gsm7 };
    // An SMSC waits before it redelivers; a short pause keeps the saturation run from turning into a refusal storm.
    private static readonly TimeSpan s_redeliveryPause = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<int, long> _accepted = new();
    private int _redeliveries;

    public char Phase { get; } = phase;

    /// <summary>Every MO answered deliver_sm_resp 0, by index, with the timestamp its latency counts from.</summary>
    public IReadOnlyDictionary<int, long> Accepted => _accepted;

    /// <summary>MOs sent again after a temporary refusal.</summary>
    public int Redeliveries => Volatile.Read(ref _redeliveries);

    public async Task<string?> SendAsync(int index, long started, CancellationToken cancellationToken)
    {
        string text = TaggedText.Format(Kind, Phase, index);
        string from = string.Create(CultureInfo.InvariantCulture, $"+1555300{index % 1024:D4}");
        for (int attempt = 0; ; attempt++)
        {
            CommandStatus status;
            try
            {
                IReadOnlyList<CommandStatus> statuses = await simulator.InjectMoAsync(from, BridgeRig.Number, text, s_gsm, cancellationToken);
                status = statuses[0];
            }
            catch (Exception exception) when (exception is SmppNotSentException or SmppOutcomeUnknownException)
            {
                return exception.GetType().Name + ": " + exception.Message;
            }

            if (status == CommandStatus.Ok)
            {
                _accepted[index] = started;
                return null;
            }

            if (attempt >= MaxRedeliveries || !status.IsTemporary())
            {
                return "deliver_sm_resp " + status.ToSpecName();
            }

            Interlocked.Increment(ref _redeliveries);
            await Task.Delay(s_redeliveryPause, time, cancellationToken);
        }
    }
}
