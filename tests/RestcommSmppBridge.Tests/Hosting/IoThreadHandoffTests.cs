using Microsoft.AspNetCore.Http;
using RestcommSmppBridge.Hosting;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// With Kestrel's inline scheduling a request starts on a socket engine's thread (not a pool thread); these tests
/// stand in for it with a dedicated thread and check where the endpoint then runs.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class IoThreadHandoffTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task InvokeAsync_UnmarkedEndpointOnIoThread_RunsItOnThePool()
    {
        (int caller, Thread ranOn) = await RunFromOwnThreadAsync(ContextFor(marked: false));

        Assert.Multiple(() =>
        {
            Assert.That(ranOn.IsThreadPoolThread, Is.True);
            Assert.That(ranOn.ManagedThreadId, Is.Not.EqualTo(caller));
        });
    }

    [Test]
    public async Task InvokeAsync_NoEndpoint_RunsOnThePool()
    {
        // A request no route matched (the 404 path) is handed over too: only a marked endpoint stays.
        (_, Thread ranOn) = await RunFromOwnThreadAsync(new DefaultHttpContext());

        Assert.That(ranOn.IsThreadPoolThread, Is.True);
    }

    [Test]
    public async Task InvokeAsync_MarkedEndpointOnIoThread_RunsItWhereItStarted()
    {
        (int caller, Thread ranOn) = await RunFromOwnThreadAsync(ContextFor(marked: true));

        Assert.That(ranOn.ManagedThreadId, Is.EqualTo(caller));
    }

    [Test]
    public async Task InvokeAsync_OnAPoolThread_CallsNextDirectly()
    {
        // Inline scheduling off: requests already run on the pool, and the middleware adds no hop of its own.
        Task endpoint = Task.Delay(1);
        (Task returned, int caller, int ranOn) = await Task.Run(() =>
        {
            int ran = -1;
            Task result = IoThreadHandoff.InvokeAsync(ContextFor(marked: false), _ =>
            {
                ran = Environment.CurrentManagedThreadId;
                return endpoint;
            });
            return (result, Environment.CurrentManagedThreadId, ran);
        });

        Assert.Multiple(() =>
        {
            Assert.That(returned, Is.SameAs(endpoint));
            Assert.That(ranOn, Is.EqualTo(caller));
        });
    }

    [Test]
    public async Task LeaveIoThread_OnAPoolThread_CompletesAtOnce()
    {
        bool completed = await Task.Run(() => ThreadPoolHop.LeaveIoThread().GetAwaiter().IsCompleted);

        Assert.That(completed, Is.True);
    }

    [Test]
    public void LeaveIoThread_OnAnotherThread_IsNotComplete()
    {
        bool completed = true;
        Thread thread = new(() => completed = ThreadPoolHop.LeaveIoThread().GetAwaiter().IsCompleted) { IsBackground = true };

        thread.Start();

        Assert.Multiple(() =>
        {
            Assert.That(thread.Join(s_limit), Is.True);
            Assert.That(completed, Is.False);
        });
    }

    private static DefaultHttpContext ContextFor(bool marked)
    {
        DefaultHttpContext context = new();
        EndpointMetadataCollection metadata = marked ? new(RunsOnIoThread.Instance) : new();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, marked ? "send" : "list"));
        return context;
    }

    /// <summary>Starts the middleware on a dedicated thread; returns that thread's id and the thread the endpoint ran on.</summary>
    private static async Task<(int Caller, Thread RanOn)> RunFromOwnThreadAsync(HttpContext context)
    {
        TaskCompletionSource<Thread> ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int caller = -1;
        Task? middleware = null;
        Thread thread = new(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            middleware = IoThreadHandoff.InvokeAsync(context, _ =>
            {
                ran.TrySetResult(Thread.CurrentThread);
                return Task.CompletedTask;
            });
        })
        {
            IsBackground = true,
            Name = "stand-in I/O thread",
        };

        thread.Start();
        Assert.That(thread.Join(s_limit), Is.True, "the stand-in I/O thread did not return");
        Thread ranOn = await ran.Task.WaitAsync(s_limit);
        await middleware!.WaitAsync(s_limit);
        return (caller, ranOn);
    }
}
