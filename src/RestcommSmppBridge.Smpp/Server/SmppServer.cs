using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Server;

/// <summary>
/// The SMSC side of SMPP 3.4: listens, accepts connections (plain TCP or TLS), runs each in an SMSC-role
/// <see cref="SmppSession"/>, decides binds (authenticator, then a per-system_id limit), tracks the sessions, and lets
/// the application send deliver_sm and data_sm to bound receivers. A session that closes leaves the table at once, so
/// a dead connection never counts against the bind limit (no ghost sessions, smpp.md P6).
/// </summary>
public sealed partial class SmppServer : IAsyncDisposable
{
    private readonly ISmppServerHandler _handler;
    private readonly ISmppBindAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly Dictionary<long, Connection> _connections = [];
    private readonly Dictionary<long, Task> _connectionTasks = [];
    private readonly CancellationTokenSource _stopCts = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private IPEndPoint? _localEndPoint;
    private long _nextId;
    private int _roundRobin;
    private int _started;
    private int _stopping;

    /// <summary>Creates a server; call <see cref="Start"/> to listen.</summary>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="handler">Answers the requests of bound ESMEs.</param>
    /// <param name="authenticator">Decides credentials; default <see cref="CredentialsAuthenticator"/> over <see cref="SmppServerOptions.Credentials"/>.</param>
    /// <param name="timeProvider">Time for sessions and the stop timeout; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logger for the server and its sessions.</param>
    public SmppServer(SmppServerOptions options, ISmppServerHandler handler, ISmppBindAuthenticator? authenticator = null,
        TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _authenticator = authenticator ?? new CredentialsAuthenticator(options.Credentials);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The settings.</summary>
    public SmppServerOptions Options { get; }

    /// <summary>The address actually bound (the real port when <see cref="SmppServerOptions.EndPoint"/> had port 0).</summary>
    public IPEndPoint LocalEndPoint =>
        _localEndPoint ?? throw new InvalidOperationException("The server is not listening; call Start first.");

    /// <summary>Connections open now, bound or not.</summary>
    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Sessions bound now (TX, RX or TRX).</summary>
    public int BoundSessionCount
    {
        get
        {
            int count = 0;
            lock (_lock)
            {
                foreach (Connection connection in _connections.Values)
                {
                    if (connection.Session.IsBound)
                    {
                        count++;
                    }
                }
            }

            return count;
        }
    }

    /// <summary>A snapshot of the open sessions.</summary>
    public IReadOnlyList<SmppSession> Sessions
    {
        get
        {
            lock (_lock)
            {
                var sessions = new List<SmppSession>(_connections.Count);
                foreach (Connection connection in _connections.Values)
                {
                    sessions.Add(connection.Session);
                }

                return sessions;
            }
        }
    }

    /// <summary>Completes when the server has stopped.</summary>
    public Task Completion => _stopped.Task;

    /// <summary>Binds the listening socket (so <see cref="LocalEndPoint"/> is known on return) and starts accepting.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The server was already started.");
        }

        var listener = new Socket(Options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(Options.EndPoint);
            listener.Listen(Options.Backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _localEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        Log.Listening(_logger, _localEndPoint.ToString(), Options.Tls is not null);
        using (ExecutionContext.SuppressFlow())
        {
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }
    }

    /// <summary>Sessions bound now with <paramref name="systemId"/> (or reserved by a bind being accepted).</summary>
    public int CountBound(string systemId)
    {
        ArgumentNullException.ThrowIfNull(systemId);
        lock (_lock)
        {
            return CountReservedLocked(systemId);
        }
    }

    /// <summary>
    /// Picks a session that may receive deliver_sm (bound RX or TRX), round-robin among those of
    /// <paramref name="systemId"/> (any system_id when null); null when there is none.
    /// </summary>
    public SmppSession? SelectReceiver(string? systemId)
    {
        lock (_lock)
        {
            int candidates = 0;
            foreach (Connection connection in _connections.Values)
            {
                if (IsReceiver(connection, systemId))
                {
                    candidates++;
                }
            }

            if (candidates == 0)
            {
                return null;
            }

            int pick = (int)((uint)_roundRobin++ % (uint)candidates);
            foreach (Connection connection in _connections.Values)
            {
                if (IsReceiver(connection, systemId) && pick-- == 0)
                {
                    return connection.Session;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Sends a request (deliver_sm, data_sm) to a bound receiver of <paramref name="systemId"/> (any when null) and
    /// waits for its response. Throws <see cref="SmppNotSentException"/> when no receiver is bound, and what
    /// <see cref="SmppSession.SendRequestAsync"/> throws otherwise.
    /// </summary>
    public Task<SmppResponse> SendToAsync(string? systemId, SmppRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SmppSession session = SelectReceiver(systemId)
            ?? throw new SmppNotSentException(systemId is null
                ? "No session is bound as receiver or transceiver."
                : $"No session of system_id {systemId} is bound as receiver or transceiver.");
        return session.SendRequestAsync(request, cancellationToken);
    }

    /// <summary>
    /// Fault injection for simulators and tests: writes <paramref name="bytes"/> straight to the connection of
    /// <paramref name="session"/>, past its writer loop. The peer's framing is out of step afterwards, which is the
    /// point. Returns false when the session is not one of this server's open sessions.
    /// </summary>
    public async Task<bool> WriteRawAsync(SmppSession session, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        Connection? target = null;
        lock (_lock)
        {
            foreach (Connection connection in _connections.Values)
            {
                if (ReferenceEquals(connection.Session, session))
                {
                    target = connection;
                    break;
                }
            }
        }

        if (target is null)
        {
            return false;
        }

        Log.RawWrite(_logger, session.Name, bytes.Length);
        try
        {
            await target.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await target.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException or InvalidOperationException)
        {
            // The connection is already gone, or a TLS write is in progress: the fault could not be injected.
            return false;
        }
    }

    /// <summary>
    /// Stops listening, closes every session gracefully (drain, unbind, wait for unbind_resp) within
    /// <see cref="SmppServerOptions.StopTimeout"/>, aborts the rest, and waits for all connections to end, again at most
    /// <see cref="SmppServerOptions.StopTimeout"/> (a request handler that ignores its cancellation token is left behind
    /// and logged, never waited for without end).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await _stopCts.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);

        SmppSession[] sessions = [.. Sessions];
        var closes = new Task[sessions.Length];
        for (int i = 0; i < sessions.Length; i++)
        {
            closes[i] = sessions[i].CloseAsync(cancellationToken);
        }

        try
        {
            await Task.WhenAll(closes).WaitAsync(Options.StopTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.StopTimedOut(_logger, SessionCount);
        }
        catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException or IOException)
        {
            // A session failed while closing; it is aborted below like the slow ones.
        }

        foreach (SmppSession session in sessions)
        {
            await session.AbortAsync("server stopped").ConfigureAwait(false);
        }

        Task[] remaining;
        lock (_lock)
        {
            remaining = [.. _connectionTasks.Values];
        }

        try
        {
            // Bounded as well: a connection ends when its session's dispatch loops do, and a request handler that
            // ignores its cancellation token would otherwise hold the stop for ever. Its socket is closed already.
            await Task.WhenAll(remaining).WaitAsync(Options.StopTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.HandlersStillRunning(_logger, CountRunning(remaining));
        }

        Log.Stopped(_logger);
        _stopped.TrySetResult();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _started) != 0)
        {
            await StopAsync().ConfigureAwait(false);
        }
        else
        {
            _stopped.TrySetResult();
        }

        _stopCts.Dispose();
    }

    private static int CountRunning(Task[] tasks)
    {
        int running = 0;
        foreach (Task task in tasks)
        {
            if (!task.IsCompleted)
            {
                running++;
            }
        }

        return running;
    }

    private static bool IsReceiver(Connection connection, string? systemId) =>
        connection.Session.State is SessionState.BoundReceiver or SessionState.BoundTransceiver
        && (systemId is null || string.Equals(connection.ReservedSystemId, systemId, StringComparison.Ordinal));

    private int CountReservedLocked(string systemId)
    {
        int count = 0;
        foreach (Connection connection in _connections.Values)
        {
            if (string.Equals(connection.ReservedSystemId, systemId, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private async Task AcceptLoopAsync()
    {
        Socket listener = _listener!;
        while (!_stopCts.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (_stopCts.IsCancellationRequested)
                {
                    return;
                }

                // ECONNABORTED and kin: the peer gave up before we accepted; keep listening.
                Log.AcceptFailed(_logger, ex.Message);
                continue;
            }

            if (SessionCount >= Options.MaxConnections)
            {
                Log.ConnectionLimit(_logger, socket.RemoteEndPoint?.ToString() ?? "unknown", Options.MaxConnections);
                socket.Dispose();
                continue;
            }

            long id = Interlocked.Increment(ref _nextId);

            // Registered before it runs, so its own cleanup always finds (and removes) the entry.
            var start = new Task<Task>(() => RunConnectionAsync(id, socket));
            lock (_lock)
            {
                _connectionTasks[id] = start.Unwrap();
            }

            using (ExecutionContext.SuppressFlow())
            {
                start.Start(TaskScheduler.Default);
            }
        }
    }

    private async Task RunConnectionAsync(long id, Socket socket)
    {
        try
        {
            string remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
            socket.NoDelay = true;
            Stream? stream = await OpenStreamAsync(socket, remote).ConfigureAwait(false);
            if (stream is null)
            {
                socket.Dispose();
                return;
            }

            var transport = new StreamTransport(stream, remote, socket);
            SmppSessionOptions sessionOptions = Options.Session with { Name = $"{Options.Session.Name}#{id}" };
            var connection = new Connection(this, id, stream);
            var session = new SmppSession(transport, SessionRole.Smsc, sessionOptions,
                new SessionHandler(this, connection), _time, _logger);
            connection.Session = session;
            lock (_lock)
            {
                _connections[id] = connection;
            }

            Log.Accepted(_logger, session.Name, remote);

            // Leave the table the moment the session starts closing: a dead session must not hold a bind slot.
            using (session.Closing.Register(static state => ((Connection)state!).RemoveFromServer(), connection))
            {
                if (_stopCts.IsCancellationRequested)
                {
                    await session.AbortAsync("server stopping").ConfigureAwait(false);
                }
                else
                {
                    session.Start();
                }

                await session.Completion.ConfigureAwait(false);
            }

            Remove(connection);
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Log.AcceptFailed(_logger, ex.Message);
            socket.Dispose();
        }
        finally
        {
            lock (_lock)
            {
                _connectionTasks.Remove(id);
            }
        }
    }

    private async Task<Stream?> OpenStreamAsync(Socket socket, string remote)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        if (Options.Tls is not { } tls)
        {
            return network;
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopCts.Token);
        timeout.CancelAfter(tls.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = tls.ServerCertificate,
                ClientCertificateRequired = tls.ClientCertificateRequired,
                EnabledSslProtocols = tls.EnabledProtocols,
                RemoteCertificateValidationCallback = tls.PinnedClientThumbprints.Count == 0
                    ? null
                    : (_, certificate, _, errors) => tls.ValidateClient(certificate, errors),
            }, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException
            or OperationCanceledException or SocketException)
        {
            Log.TlsFailed(_logger, remote, ex.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private void Remove(Connection connection)
    {
        lock (_lock)
        {
            _connections.Remove(connection.Id);
        }
    }

    private async ValueTask<CommandStatus> AuthorizeBindAsync(Connection connection, BindRequest bind,
        CancellationToken cancellationToken)
    {
        CommandStatus status = await DecideBindAsync(connection, bind, cancellationToken).ConfigureAwait(false);
        _handler.OnBindDecided(connection.Session, bind, status);
        return status;
    }

    private async ValueTask<CommandStatus> DecideBindAsync(Connection connection, BindRequest bind,
        CancellationToken cancellationToken)
    {
        if (_stopCts.IsCancellationRequested)
        {
            return CommandStatus.BindFailed;
        }

        CommandStatus status = await _authenticator.AuthenticateAsync(bind, connection.Session.RemoteEndPoint, cancellationToken)
            .ConfigureAwait(false);
        if (status != CommandStatus.Ok)
        {
            return status;
        }

        int limit = Options.MaxBindsPerSystemId;
        lock (_lock)
        {
            // Reserve the slot now, under the lock, so two binds racing for the last slot cannot both win.
            if (limit > 0 && CountReservedLocked(bind.SystemId) >= limit)
            {
                status = Options.BindLimitStatus;
            }
            else if (_connections.ContainsKey(connection.Id))
            {
                connection.ReservedSystemId = bind.SystemId;
            }
            else
            {
                // Closed while the authenticator ran.
                status = CommandStatus.BindFailed;
            }
        }

        if (status == Options.BindLimitStatus)
        {
            Log.BindLimit(_logger, connection.Session.Name, bind.SystemId, limit, status);
        }

        return status;
    }

    private sealed class Connection(SmppServer server, long id, Stream stream)
    {
        public long Id { get; } = id;

        public Stream Stream { get; } = stream;

        public SmppSession Session { get; set; } = null!;

        /// <summary>system_id of the accepted bind; set under the server lock. Holds a bind-limit slot.</summary>
        public string? ReservedSystemId { get; set; }

        public void RemoveFromServer() => server.Remove(this);
    }

    /// <summary>Glue between a session and the server: binds go to the server, the rest to the application.</summary>
    private sealed class SessionHandler(SmppServer server, Connection connection) : ISmppRequestHandler
    {
        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken) =>
            server._handler.HandleAsync(session, request, cancellationToken);

        public ValueTask<CommandStatus> AuthenticateAsync(SmppSession session, BindRequest bind, CancellationToken cancellationToken) =>
            server.AuthorizeBindAsync(connection, bind, cancellationToken);
    }
}
