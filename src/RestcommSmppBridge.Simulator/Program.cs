using System.Net.Sockets;

namespace RestcommSmppBridge.Simulator;

/// <summary>The command-line entry point. Exit codes: 0 finished, 1 could not start, 2 bad arguments.</summary>
public static class Program
{
    /// <summary>Runs until --duration elapses or Ctrl+C.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(args, Console.Out, Console.Error, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The program, with its streams and a stop signal given (tests run it in-process).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        CommandLineResult parsed = CommandLine.Parse(args ?? []);
        if (parsed.Settings is not { } settings)
        {
            await error.WriteLineAsync($"error: {parsed.Error}");
            await error.WriteLineAsync();
            await error.WriteLineAsync(CommandLine.Usage);
            return 2;
        }

        if (settings.Help)
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return 0;
        }

        await using var simulator = new SmscSimulator(settings.Options);
        try
        {
            simulator.Start();
        }
        catch (SocketException ex)
        {
            await error.WriteLineAsync($"error: cannot listen on {settings.Options.EndPoint}: {ex.Message}");
            return 1;
        }

        await output.WriteLineAsync(
            $"SMSC simulator listening on {simulator.LocalEndPoint}; stopping after {settings.Duration.TotalSeconds:0.###} s");
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        run.CancelAfter(settings.Duration);
        Task mos = SendMosAsync(simulator, settings.Mos, output, error, run.Token);
        using (var timer = new PeriodicTimer(settings.StatsInterval))
        {
            try
            {
                while (await timer.WaitForNextTickAsync(run.Token))
                {
                    await output.WriteLineAsync(simulator.Counters.Snapshot());
                }
            }
            catch (OperationCanceledException)
            {
                // Duration elapsed or Ctrl+C.
            }
        }

        await mos;
        await simulator.StopAsync(CancellationToken.None);
        await output.WriteLineAsync("final: " + simulator.Counters.Snapshot());
        return 0;
    }

    private static async Task SendMosAsync(SmscSimulator simulator, IReadOnlyList<MoSpec> mos, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            foreach (MoSpec mo in mos)
            {
                await simulator.WaitForReceiverAsync(null, cancellationToken);
                try
                {
                    IReadOnlyList<Smpp.Protocol.CommandStatus> statuses =
                        await simulator.InjectMoAsync(mo.From, mo.To, mo.Text, cancellationToken: cancellationToken);
                    await output.WriteLineAsync($"MO {mo.From} -> {mo.To}: {statuses.Count} part(s), status {string.Join(",", statuses)}");
                }
                catch (Exception ex) when (ex is ArgumentException or Smpp.Session.SmppNotSentException or Smpp.Session.SmppOutcomeUnknownException)
                {
                    await error.WriteLineAsync($"MO {mo.From} -> {mo.To} not delivered: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended before a receiver bound.
        }
    }
}
