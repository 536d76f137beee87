using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Tests.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Tests.Client;

/// <summary>
/// A small SMSC for client tests: a TcpListener on 127.0.0.1:0 whose connections are served by SMSC-role sessions of
/// our own stack and a <see cref="TestHandler"/>. Counts connections (total and alive at once) and unbinds received.
/// </summary>
public sealed class TestSmsc : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<SmppSession, bool> _alive = new();
    private readonly ConcurrentQueue<SmppSession> _all = new();
    private readonly Task _acceptLoop;
    private readonly SmppSessionOptions _options;
    private readonly CountingLogger _logger = new();
    private int _accepted;
    private int _aliveCount;
    private int _maxAlive;

    public TestSmsc(SmppSessionOptions? options = null)
    {
        _options = options ?? new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero, LocalSystemId = "testsmsc" };
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public TestHandler Handler { get; } = new();

    public Signal Changed { get; } = new();

    public int Accepted => Volatile.Read(ref _accepted);

    public int Alive => Volatile.Read(ref _aliveCount);

    public int MaxAlive => Volatile.Read(ref _maxAlive);

    /// <summary>Unbinds the server sessions received (log event 1007 of the session).</summary>
    public int UnbindsReceived => _logger.Count(1007);

    public int BoundSessions
    {
        get
        {
            int count = 0;
            foreach (SmppSession session in _alive.Keys)
            {
                if (session.IsBound)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public IReadOnlyList<SmppSession> AliveSessions => [.. _alive.Keys];

    /// <summary>Drops every live connection at once, as a crashing SMSC or a cut link would.</summary>
    public async Task DropAllAsync()
    {
        foreach (SmppSession session in _alive.Keys)
        {
            await session.AbortAsync("test drop");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        foreach (SmppSession session in _all)
        {
            await session.DisposeAsync();
        }

        _listener.Dispose();
        _cts.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_cts.Token);
            int n = Interlocked.Increment(ref _accepted);
            var session = new SmppSession(TcpTransport.FromAcceptedSocket(socket), SessionRole.Smsc,
                _options with { Name = $"smsc{n}" }, Handler, logger: _logger);
            _alive[session] = true;
            int alive = Interlocked.Increment(ref _aliveCount);
            int max;
            while (alive > (max = Volatile.Read(ref _maxAlive)) && Interlocked.CompareExchange(ref _maxAlive, alive, max) != max)
            {
            }

            _all.Enqueue(session);
            _ = session.Completion.ContinueWith(_ =>
            {
                if (_alive.TryRemove(session, out bool _))
                {
                    Interlocked.Decrement(ref _aliveCount);
                }

                Changed.Pulse();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            session.Start();
            Changed.Pulse();
        }
    }

    public static SubmitSm Submit(string text) => new()
    {
        SourceAddr = "12345",
        DestinationAddr = "447700900123",
        ShortMessage = Encoding.ASCII.GetBytes(text),
    };

    public static string TextOf(SmppRequest request) =>
        request is ShortMessagePdu sm ? Encoding.ASCII.GetString(sm.ShortMessage.Span) : string.Empty;

    /// <summary>Records event ids of the server sessions' logs.</summary>
    private sealed class CountingLogger : ILogger
    {
        private readonly ConcurrentDictionary<int, int> _counts = new();

        public int Count(int eventId) => _counts.TryGetValue(eventId, out int n) ? n : 0;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            _counts.AddOrUpdate(eventId.Id, 1, static (_, n) => n + 1);
    }
}

/// <summary>Awaits of client results are bounded in real time, so a bug fails the test instead of hanging the run.</summary>
public static class BoundedTasks
{
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    public static Task Bounded(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(10));
}

/// <summary>A pulse that waiters can await; conditions are re-checked after each pulse (and on a short tick).</summary>
public sealed class Signal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-checking on every pulse and every 10 ms (for state that
    /// changes without a pulse, such as a client's internal queues). Fails the test after 10 s of real time.
    /// </summary>
    public async Task UntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Task next = Volatile.Read(ref _next).Task;
            if (condition())
            {
                return;
            }

            try
            {
                await Task.WhenAny(next, Task.Delay(10, timeout.Token));
            }
            catch (OperationCanceledException)
            {
            }

            if (timeout.IsCancellationRequested && !condition())
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }
        }
    }
}

/// <summary>An observer that records every call and pulses a signal.</summary>
public sealed class RecordingObserver : RestcommSmppBridge.Smpp.Client.ISmppClientObserver
{
    public Signal Changed { get; } = new();

    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<TimeSpan> ReconnectDelays { get; } = new();

    public ConcurrentQueue<TimeSpan> Pauses { get; } = new();

    public ConcurrentQueue<CommandStatus> ConfigurationErrors { get; } = new();

    public int BoundCount => Count("bound");

    public int Count(string prefix)
    {
        int n = 0;
        foreach (string e in Events)
        {
            if (e.StartsWith(prefix, StringComparison.Ordinal))
            {
                n++;
            }
        }

        return n;
    }

    public void OnBound(int bindIndex, string peerSystemId) => Record($"bound {bindIndex} {peerSystemId}");

    public void OnUnbound(int bindIndex, string reason) => Record($"unbound {bindIndex} {reason}");

    public void OnReconnectScheduled(int bindIndex, TimeSpan delay, string reason)
    {
        ReconnectDelays.Enqueue(delay);
        Record($"reconnect {bindIndex} {delay} {reason}");
    }

    public void OnThrottled(int bindIndex, CommandStatus status, TimeSpan pause)
    {
        Pauses.Enqueue(pause);
        Record($"throttled {bindIndex} {status} {pause}");
    }

    public void OnConfigurationError(int bindIndex, CommandStatus status)
    {
        ConfigurationErrors.Enqueue(status);
        Record($"configuration {bindIndex} {status}");
    }

    private void Record(string e)
    {
        Events.Enqueue(e);
        Changed.Pulse();
    }
}
