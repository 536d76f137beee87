using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Runtime settings the daemon chooses for itself before anything starts, each one left to the environment when the
/// operator set it there.
/// </summary>
internal static class RuntimeTuning
{
    /// <summary>The runtime's switch for running socket completions on its epoll threads.</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Socket completions run on the runtime's epoll threads instead of being queued to the thread pool first (the
    /// runtime reads the variable once, when the first socket operation starts, so this must run before any). Every
    /// socket of the daemon is served by code that does not block (Kestrel's transport, the SMPP sessions' read
    /// loops, HttpClient), so the hop saved is pure cost: <c>load rest</c> at saturation, four pairs of runs
    /// alternating the setting, gave 22,000–23,600 sends/s at 63–68 µs of daemon CPU per send with it against
    /// 15,700–20,500/s at 75–97 µs without. <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> in the environment
    /// turns it off.
    /// </summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }
    }

    /// <summary>
    /// Kestrel's transport, on the same switch: with socket completions inline, Kestrel also runs what follows a read
    /// (parsing the request, routing, the endpoint up to its first wait) and a response's send on the thread at hand
    /// instead of queueing each to its own I/O queue on the thread pool (<c>UnsafePreferInlineScheduling</c>). What
    /// could block there is handed to the pool by <see cref="IoThreadHandoff"/>: every endpoint but the API's send.
    /// <c>load rest</c>, five pairs of runs alternating it: 82–92 against 93–103 µs of daemon CPU per paced send,
    /// paced p99 3.9–5.1 against 4.8–8.8 ms.
    /// </summary>
    public static void ConfigureTransport(SocketTransportOptions options) =>
        ConfigureTransport(options, Environment.GetEnvironmentVariable(InlineSocketCompletions));

    /// <summary><see cref="ConfigureTransport(SocketTransportOptions)"/> for a given value of the switch.</summary>
    internal static void ConfigureTransport(SocketTransportOptions options, string? inlineSocketCompletions)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UnsafePreferInlineScheduling = inlineSocketCompletions == "1";
    }
}
