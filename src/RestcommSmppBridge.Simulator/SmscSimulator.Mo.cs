using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Simulator;

/// <summary>Mobile-originated traffic: one message on demand, or a steady generated stream.</summary>
public sealed partial class SmscSimulator
{
    /// <summary>
    /// Texts the generator cycles through, each with the way it travels: short GSM, GSM with extension characters,
    /// UCS-2 with an emoji (surrogate pair), and long messages by 8-bit UDH, 16-bit UDH and SAR.
    /// </summary>
    private static readonly (string Text, MoOptions Options)[] s_generated =
    [
        ("Hello from the simulator", MoOptions.Default),
        ("Price: 5€ [promo] {code}", MoOptions.Default),
        ("Привет 👋 from UCS-2", MoOptions.Default with { Encoding = MoEncoding.Ucs2 }),
        (string.Concat(Enumerable.Repeat("Long GSM message split with an 8-bit reference UDH. ", 5)), MoOptions.Default),
        (string.Concat(Enumerable.Repeat("Long message with a 16-bit reference. ", 6)), MoOptions.Default with { LongMessageMode = LongMessageMode.UdhConcat16 }),
        (string.Concat(Enumerable.Repeat("Длинное сообщение SAR ", 5)), MoOptions.Default with { LongMessageMode = LongMessageMode.SarTlv }),
    ];

    private int _generatedIndex;

    /// <summary>
    /// Sends a mobile-originated message to a bound receiver, all parts over the same session, and returns the
    /// deliver_sm_resp status of each part. Throws <see cref="SmppNotSentException"/> when no receiver is bound, and
    /// <see cref="ArgumentException"/> when the text cannot be composed as asked.
    /// </summary>
    public async Task<IReadOnlyList<CommandStatus>> InjectMoAsync(string from, string to, string text, MoOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= MoOptions.Default;
        IReadOnlyList<DeliverSm> parts = MoComposer.Compose(from, to, text, options, _references);
        SmppSession session = _server.SelectReceiver(options.SystemId)
            ?? throw new SmppNotSentException("No session is bound as receiver or transceiver for MO traffic.");
        var statuses = new List<CommandStatus>(parts.Count);
        foreach (DeliverSm part in parts)
        {
            try
            {
                SmppResponse response = await session.SendRequestAsync(part, cancellationToken).ConfigureAwait(false);
                Counters.MoAck(response.CommandStatus);
                statuses.Add(response.CommandStatus);
            }
            catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException)
            {
                Counters.MoFailed();
                throw;
            }
        }

        return statuses;
    }

    /// <summary>At most <see cref="MoGeneratorOptions.Rate"/> messages a second; skips ticks while no receiver is bound.</summary>
    private async Task MoGeneratorLoopAsync()
    {
        MoGeneratorOptions generator = Options.MoGenerator;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / generator.Rate), _time);
        while (await timer.WaitForNextTickAsync(_stopCts.Token).ConfigureAwait(false))
        {
            if (_server.SelectReceiver(null) is null)
            {
                continue;
            }

            (string text, MoOptions options) = s_generated[_generatedIndex++ % s_generated.Length];
            try
            {
                await InjectMoAsync(generator.From, generator.To, text, options, _stopCts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException)
            {
                Log.MoFailed(_logger, ex.Message);
            }
        }
    }
}
