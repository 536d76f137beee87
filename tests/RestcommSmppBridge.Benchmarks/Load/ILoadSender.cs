namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// What the closed-loop (<see cref="SaturationRun"/>) and open-loop (<see cref="PacedRun"/>) runs drive: an API send
/// (<see cref="RestSendClient"/>) or an MO injected by the simulator (<see cref="MoInjector"/>).
/// </summary>
internal interface ILoadSender
{
    /// <summary>
    /// Sends request <paramref name="index"/>, whose latency counts from <paramref name="started"/> (a
    /// <see cref="TimeProvider.GetTimestamp"/> value: the real start in a closed loop, the intended start in an open
    /// loop). Returns null when it was accepted, else what went wrong ("status 503", an exception's type and message),
    /// which the run counts. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<string?> SendAsync(int index, long started, CancellationToken cancellationToken);
}
