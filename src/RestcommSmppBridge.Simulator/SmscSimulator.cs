using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Simulator;

/// <summary>
/// An SMSC simulator on the stack's own server side (style.md R15): accepts binds, answers submit_sm and data_sm with
/// message ids, sends delivery receipts, injects MO traffic and faults, and counts everything. Tests start it on port
/// 0; <c>Program</c> runs it from the command line.
/// </summary>
public sealed partial class SmscSimulator : IAsyncDisposable, ISmppServerHandler, ISmppBindAuthenticator
{
    private readonly SmppServer _server;
    private readonly CredentialsAuthenticator _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly object _randomLock = new();
    private readonly MessageIdGenerator _ids;
    private readonly ConcatReferenceAllocator _references;
    private readonly ConditionalWeakTable<SmppSession, StrongBox<int>> _requestCounts = [];
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly ConcurrentQueue<ReceiptJob> _pendingReceipts = new();
    private readonly CancellationTokenSource _stopCts = new();
    private int _refusedBinds;
    private int _started;
    private int _stopped;

    /// <summary>Creates a simulator; call <see cref="Start"/> to listen.</summary>
    public SmscSimulator(SimulatorOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Options = options ?? new SimulatorOptions();
        Options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _random = Options.RandomSeed is { } seed ? new Random(seed) : new Random();
        _references = new ConcatReferenceAllocator(ConcatReferenceAllocator.DefaultBucketCount, Options.RandomSeed);
        _ids = new MessageIdGenerator(Options.MessageIds, Options.Receipts.IdFormat ?? Options.MessageIds, 1_000_000, NewGuid);
        _credentials = new CredentialsAuthenticator(Options.Credentials);
        Accepted = new AcceptedMessageLog(Options.AcceptedLogCapacity);
        _server = new SmppServer(new SmppServerOptions
        {
            EndPoint = Options.EndPoint,
            // DropAfterEarlierAnswers needs the answers to the earlier requests queued before the drop's
            // enquire_link: with requests handled one at a time, each answer is queued before the next request is
            // taken (with several at once the Nth could run while an earlier one was still being answered).
            Session = Options.Session with
            {
                LocalSystemId = Options.SystemId,
                InboundConcurrency = Options.Faults.DropAfterEarlierAnswers ? 1 : Options.Session.InboundConcurrency,
            },
            MaxBindsPerSystemId = Options.MaxBindsPerSystemId,
            BindLimitStatus = Options.BindLimitStatus,
        }, this, this, _time, _logger);
    }

    /// <summary>The settings.</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The bound address (the real port when started on port 0).</summary>
    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

    /// <summary>The counters.</summary>
    public SimulatorCounters Counters { get; } = new();

    /// <summary>Every submit_sm/data_sm accepted (bounded).</summary>
    public AcceptedMessageLog Accepted { get; }

    /// <summary>The underlying server (sessions, bound counts).</summary>
    public SmppServer Server => _server;

    /// <summary>Starts listening, the receipt retry timer and, when configured, the MO generator.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The simulator was already started.");
        }

        _server.Start();
        Log.Started(_logger, LocalEndPoint.ToString());
        Track(RetryReceiptsLoopAsync);
        if (Options.MoGenerator.Rate > 0)
        {
            Track(MoGeneratorLoopAsync);
        }
    }

    /// <summary>Stops the background work, unbinds every ESME (bounded) and stops listening.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            await _server.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await _stopCts.CancelAsync().ConfigureAwait(false);
        await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_background.Keys).ConfigureAwait(false);
        Log.Stopped(_logger, Counters.Snapshot());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _started) != 0)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        _stopCts.Dispose();
    }

    /// <summary>
    /// Waits until a session that can receive deliver_sm (RX or TRX) is bound, of <paramref name="systemId"/> or any.
    /// Polls every 20 ms of the simulator's clock.
    /// </summary>
    public async Task<SmppSession> WaitForReceiverAsync(string? systemId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20), _time);
        while (true)
        {
            if (_server.SelectReceiver(systemId) is { } session)
            {
                return session;
            }

            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    ValueTask<CommandStatus> ISmppBindAuthenticator.AuthenticateAsync(BindRequest bind, string remoteEndPoint,
        CancellationToken cancellationToken)
    {
        if (Options.Faults.RefuseBinds is { } refusal
            && (Options.Faults.RefuseBindCount == 0 || Interlocked.Increment(ref _refusedBinds) <= Options.Faults.RefuseBindCount))
        {
            return ValueTask.FromResult(refusal);
        }

        return ValueTask.FromResult(_credentials.Check(bind));
    }

    /// <inheritdoc />
    void ISmppServerHandler.OnBindDecided(SmppSession session, BindRequest bind, CommandStatus status)
    {
        if (status == CommandStatus.Ok)
        {
            Counters.BindAccepted();
        }
        else
        {
            Counters.BindRefused();
            Log.BindRefused(_logger, session.Name, bind.SystemId, status);
        }
    }

    /// <inheritdoc />
    async ValueTask<SmppResponse?> ISmppServerHandler.HandleAsync(SmppSession session, SmppRequest request,
        CancellationToken cancellationToken)
    {
        int count = Interlocked.Increment(ref _requestCounts.GetValue(session, static _ => new StrongBox<int>()).Value);
        FaultOptions faults = Options.Faults;
        if (faults.DropAfterPdus > 0 && count == faults.DropAfterPdus)
        {
            if (faults.DropAfterEarlierAnswers)
            {
                await FlushEarlierAnswersAsync(session, cancellationToken).ConfigureAwait(false);
            }

            Counters.Drop();
            Log.DropFault(_logger, session.Name, count);
            await session.AbortAsync($"simulator drop fault after {count} requests").ConfigureAwait(false);
            return null;
        }

        if (faults.GarbageAfterPdus > 0 && count == faults.GarbageAfterPdus)
        {
            Counters.GarbageWritten();
            Log.GarbageFault(_logger, session.Name, count);
            await _server.WriteRawAsync(session, faults.Garbage, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return request switch
        {
            SubmitSm or DataSm => await HandleSubmitAsync(session, request, cancellationToken).ConfigureAwait(false),
            CancelSm => request.CreateResponse(CommandStatus.CancelFailed),
            ReplaceSm => request.CreateResponse(CommandStatus.ReplaceFailed),
            QuerySm => request.CreateResponse(CommandStatus.QueryFailed),
            _ => request.CreateResponse(CommandStatus.InvalidCommandId),
        };
    }

    /// <summary>
    /// Waits until the ESME has read every answer written before now: PDUs go out in order, so its enquire_link_resp
    /// (SMPP 3.4 §4.11) comes after it read them. A session that closes meanwhile ends the wait.
    /// </summary>
    private static async Task FlushEarlierAnswersAsync(SmppSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SendRequestAsync(new EnquireLink(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException)
        {
            // The link is gone already: nothing more can reach the ESME.
        }
    }

    private async ValueTask<SmppResponse?> HandleSubmitAsync(SmppSession session, SmppRequest request,
        CancellationToken cancellationToken)
    {
        Counters.SubmitReceived();
        if (Options.Faults.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(Options.Faults.ResponseDelay, _time, cancellationToken).ConfigureAwait(false);
        }

        if (Options.Faults.ThrottleFraction > 0 && NextDouble() < Options.Faults.ThrottleFraction)
        {
            Counters.Throttle();
            Counters.Response(CommandStatus.Throttled);
            return request.CreateResponse(CommandStatus.Throttled);
        }

        MessageIdPair ids = _ids.Next();
        AcceptedMessage? accepted = null;
        Accepted.Add(sequence => accepted = Describe(sequence, ids, session, request));
        Counters.Accepted();

        ReceiptOptions receipts = Options.Receipts;
        byte wanted = (byte)(accepted!.RegisteredDelivery & 0x03);
        if (receipts.Enabled && wanted is RegisteredDelivery.FinalReceipt or RegisteredDelivery.FailureReceipt)
        {
            MessageState outcome = PickOutcome();
            bool sendFinal = wanted == RegisteredDelivery.FinalReceipt || outcome != MessageState.Delivered;
            var job = new ReceiptJob(accepted, outcome, sendFinal, session);
            if (receipts.BeforeResponse)
            {
                await RunReceiptJobAsync(job, TimeSpan.Zero).ConfigureAwait(false);
            }
            else
            {
                Track(() => RunReceiptJobAsync(job, receipts.Delay));
            }
        }

        Counters.Response(CommandStatus.Ok);
        MessageIdResponse response = request is SubmitSm ? new SubmitSmResp() : new DataSmResp();
        response.MessageId = ids.ResponseId;
        return response;
    }

    private AcceptedMessage Describe(long sequence, MessageIdPair ids, SmppSession session, SmppRequest request)
    {
        InboundUserData data;
        byte registeredDelivery;
        string source;
        string destination;
        bool payload;
        if (request is SubmitSm submit)
        {
            data = InboundUserData.From(submit, TextOptions.Default);
            registeredDelivery = submit.RegisteredDelivery;
            source = submit.SourceAddr;
            destination = submit.DestinationAddr;
            payload = submit.ShortMessage.Length == 0 && submit.HasTlvs && submit.Tlvs.Contains(TlvTag.MessagePayload);
        }
        else
        {
            var dataSm = (DataSm)request;
            data = InboundUserData.From(dataSm, TextOptions.Default);
            registeredDelivery = dataSm.RegisteredDelivery;
            source = dataSm.SourceAddr;
            destination = dataSm.DestinationAddr;
            payload = false;
        }

        ConcatenationKind kind = data.Header?.Concatenation is { } concat
            ? concat.SixteenBitReference ? ConcatenationKind.Udh16 : ConcatenationKind.Udh8
            : data.Part is not null ? ConcatenationKind.Sar
            : payload ? ConcatenationKind.Payload
            : ConcatenationKind.None;
        return new AcceptedMessage
        {
            Sequence = sequence,
            MessageId = ids.ResponseId,
            ReceiptMessageId = ids.ReceiptId,
            CommandId = request.CommandId,
            SystemId = session.PeerSystemId ?? string.Empty,
            SessionName = session.Name,
            Source = source,
            Destination = destination,
            Text = data.DecodeText(TextOptions.Default),
            DataCoding = data.DataCoding,
            EsmClass = request is SubmitSm s ? s.EsmClass : ((DataSm)request).EsmClass,
            RegisteredDelivery = registeredDelivery,
            Concatenation = kind,
            Part = data.Part,
            AcceptedAt = _time.GetUtcNow(),
        };
    }

    private MessageState PickOutcome()
    {
        IReadOnlyDictionary<MessageState, int> weights = Options.Receipts.OutcomeWeights;
        int total = 0;
        foreach (KeyValuePair<MessageState, int> weight in weights)
        {
            total += weight.Value;
        }

        int roll;
        lock (_randomLock)
        {
            roll = _random.Next(total);
        }

        // Walk in a fixed order so one seed always gives the same outcomes.
        foreach (KeyValuePair<MessageState, int> weight in weights.OrderBy(w => w.Key))
        {
            if (roll < weight.Value)
            {
                return weight.Key;
            }

            roll -= weight.Value;
        }

        return MessageState.Delivered;
    }

    private double NextDouble()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_randomLock)
        {
            _random.NextBytes(bytes);
        }

        // RFC 9562 version 4, variant 10: random UUIDs as carriers issue them.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Runs background work tracked for <see cref="StopAsync"/>; it must end on its own once stopping.</summary>
    private void Track(Func<Task> work)
    {
        // Registered before it starts, so the removal below can never run first and leave a stale entry.
        var start = new Task<Task>(() => RunTrackedAsync(work));
        Task task = start.Unwrap();
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _background, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        using (ExecutionContext.SuppressFlow())
        {
            start.Start(TaskScheduler.Default);
        }
    }

    private async Task RunTrackedAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopCts.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is SmppNotSentException or SmppOutcomeUnknownException or ObjectDisposedException)
        {
            Log.BackgroundFailed(_logger, ex.Message);
        }
    }

    private sealed record ReceiptJob(AcceptedMessage Message, MessageState Outcome, bool SendFinal, SmppSession Origin);
}
