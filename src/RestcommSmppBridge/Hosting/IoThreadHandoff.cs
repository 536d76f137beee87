namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Endpoint metadata: the handler does nothing that may block before its first real wait (no synchronous store read,
/// no large answer), so it may start on the socket engine's thread instead of being handed to the thread pool by
/// <see cref="IoThreadHandoff"/>. Only the API's send carries it: it parses a small form, authenticates from memory
/// and then waits for the store's writer.
/// </summary>
internal sealed class RunsOnIoThread
{
    public static readonly RunsOnIoThread Instance = new();

    private RunsOnIoThread()
    {
    }
}

/// <summary>
/// With Kestrel's inline scheduling (<see cref="RuntimeTuning"/>) a request starts on the thread that read it from
/// the socket, which serves every other connection of its socket engine too (API clients, SMPP binds). This
/// middleware moves each request to the thread pool before its endpoint runs, unless the endpoint is marked
/// <see cref="RunsOnIoThread"/>; a request already on a pool thread (inline scheduling off) goes on as it is.
/// </summary>
internal static class IoThreadHandoff
{
    /// <summary>The middleware; routing has run before it, so the endpoint is known.</summary>
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Thread.CurrentThread.IsThreadPoolThread || context.GetEndpoint()?.Metadata.GetMetadata<RunsOnIoThread>() is not null)
        {
            return next(context);
        }

        return HandOffAsync(context, next);
    }

    private static async Task HandOffAsync(HttpContext context, RequestDelegate next)
    {
        await ThreadPoolHop.LeaveIoThread();
        await next(context).ConfigureAwait(false);
    }
}
