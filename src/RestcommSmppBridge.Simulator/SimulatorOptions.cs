using System.Net;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Simulator;

/// <summary>Settings of an <see cref="SmscSimulator"/>. Immutable; every part has a default that just works.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Where to listen. Default 127.0.0.1:0 (a free port; read <see cref="SmscSimulator.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>system_id announced in bind responses. Default "simsmsc".</summary>
    public string SystemId { get; init; } = "simsmsc";

    /// <summary>system_id → password; null accepts any bind. Default null.</summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; init; }

    /// <summary>Most sessions bound at once per system_id (0 = no limit); extra binds get <see cref="BindLimitStatus"/>. Default 0.</summary>
    public int MaxBindsPerSystemId { get; init; }

    /// <summary>Status of a bind over the limit. Default ESME_RALYBND (0x05).</summary>
    public CommandStatus BindLimitStatus { get; init; } = CommandStatus.AlreadyBound;

    /// <summary>Settings of each SMSC-side session (timeouts, window). Default: enquire_link every 30 s, bind within 30 s.</summary>
    public SmppSessionOptions Session { get; init; } = SmppSessionOptions.Default with { Name = "sim" };

    /// <summary>Format of the message_id in submit_sm_resp and data_sm_resp. Default hexadecimal, upper case, no padding.</summary>
    public MessageIdOptions MessageIds { get; init; } = new();

    /// <summary>Delivery receipts.</summary>
    public ReceiptOptions Receipts { get; init; } = new();

    /// <summary>Faults to inject.</summary>
    public FaultOptions Faults { get; init; } = new();

    /// <summary>Generated mobile-originated traffic (off by default).</summary>
    public MoGeneratorOptions MoGenerator { get; init; } = new();

    /// <summary>How many accepted submits are remembered (oldest dropped first). Default 100 000.</summary>
    public int AcceptedLogCapacity { get; init; } = 100_000;

    /// <summary>Seed for every random choice (outcomes, throttling, UUIDs); null for a random seed. Default null.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentException.ThrowIfNullOrEmpty(SystemId);
        ArgumentNullException.ThrowIfNull(Session);
        Session.Validate();
        MessageIds.Validate(nameof(MessageIds));
        Receipts.Validate();
        Faults.Validate();
        MoGenerator.Validate();
        if (MaxBindsPerSystemId < 0)
        {
            throw new ArgumentException("MaxBindsPerSystemId cannot be negative.");
        }

        if (AcceptedLogCapacity < 1)
        {
            throw new ArgumentException("AcceptedLogCapacity must be at least 1.");
        }
    }
}

/// <summary>How message ids are written.</summary>
public enum MessageIdStyle
{
    /// <summary>Hexadecimal digits of a 64-bit counter (e.g. <c>F4240</c>).</summary>
    Hex,

    /// <summary>Decimal digits of the same counter (e.g. <c>1000000</c>).</summary>
    Decimal,

    /// <summary>A UUID (<c>8-4-4-4-12</c>); it has no numeric value, so both places carry the same UUID.</summary>
    Uuid,
}

/// <summary>How one place (response or receipt) writes message ids.</summary>
public sealed record MessageIdOptions
{
    /// <summary>Hex, decimal or UUID. Default hex.</summary>
    public MessageIdStyle Style { get; init; } = MessageIdStyle.Hex;

    /// <summary>Pad numeric ids with leading zeros to this many digits (0 = no padding). Default 0.</summary>
    public int Width { get; init; }

    /// <summary>Lower-case hex digits and UUIDs (smpp.md P1 case mismatch). Default false (upper case).</summary>
    public bool LowerCase { get; init; }

    internal void Validate(string name)
    {
        if (Width is < 0 or > 64)
        {
            throw new ArgumentException($"{name}.Width must be 0..64, got {Width}.");
        }
    }
}

/// <summary>Where a receipt carries its data (SMPP 3.4 Appendix B text, §5.3.2 TLVs, or both).</summary>
[Flags]
public enum ReceiptFormat
{
    /// <summary>The <c>id:… stat:… err:…</c> text in short_message.</summary>
    Text = 1,

    /// <summary>TLVs receipted_message_id (0x001E), message_state (0x0427), network_error_code (0x0423) on failure.</summary>
    Tlv = 2,

    /// <summary>Both.</summary>
    Both = Text | Tlv,
}

/// <summary>Delivery receipt behaviour (sent only when the submit's registered_delivery asks for one).</summary>
public sealed record ReceiptOptions
{
    /// <summary>Send receipts at all. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Time from accepting the submit to its final receipt. Default 0 (at once).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>
    /// Relative weights of the final outcomes. Default all DELIVRD. Example: DELIVRD 90, UNDELIV 5, EXPIRED 5.
    /// </summary>
    public IReadOnlyDictionary<MessageState, int> OutcomeWeights { get; init; } =
        new Dictionary<MessageState, int> { [MessageState.Delivered] = 1 };

    /// <summary>Send an ENROUTE intermediate notification (esm_class 0x20) before the final receipt. Default false.</summary>
    public bool IntermediateEnroute { get; init; }

    /// <summary>
    /// Send the final receipt, and wait (bounded by the session's response timeout) for its deliver_sm_resp,
    /// before answering submit_sm (smpp.md P2). <see cref="Delay"/> is then ignored. Default false.
    /// </summary>
    public bool BeforeResponse { get; init; }

    /// <summary>Text, TLVs or both. Default both.</summary>
    public ReceiptFormat Format { get; init; } = ReceiptFormat.Both;

    /// <summary>
    /// Id format in receipts (text and TLV); null uses <see cref="SimulatorOptions.MessageIds"/>. A different format
    /// (resp hex, receipt decimal) exercises smpp.md P1. Default null.
    /// </summary>
    public MessageIdOptions? IdFormat { get; init; }

    /// <summary>A receipt no receiver could take is retried this often. Default 1 s.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most receipts waiting for a receiver; beyond that the oldest are dropped and counted. Default 100 000.</summary>
    public int MaxPending { get; init; } = 100_000;

    internal void Validate()
    {
        if (Delay < TimeSpan.Zero || RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Receipts.Delay cannot be negative and Receipts.RetryInterval must be positive.");
        }

        ArgumentNullException.ThrowIfNull(OutcomeWeights);
        int total = 0;
        foreach (KeyValuePair<MessageState, int> weight in OutcomeWeights)
        {
            if (weight.Value < 0 || weight.Key is MessageState.Enroute or MessageState.Scheduled)
            {
                throw new ArgumentException($"Receipts.OutcomeWeights: {weight.Key} = {weight.Value} is not a final outcome with a weight >= 0.");
            }

            total += weight.Value;
        }

        if (Enabled && total <= 0)
        {
            throw new ArgumentException("Receipts.OutcomeWeights must have a positive total.");
        }

        if ((Format & ReceiptFormat.Both) == 0)
        {
            throw new ArgumentException("Receipts.Format must include Text or Tlv.");
        }

        IdFormat?.Validate("Receipts.IdFormat");
        if (MaxPending < 1)
        {
            throw new ArgumentException("Receipts.MaxPending must be at least 1.");
        }
    }
}

/// <summary>Faults the simulator injects. All off by default.</summary>
public sealed record FaultOptions
{
    /// <summary>Share of submit_sm/data_sm answered ESME_RTHROTTLED (0x58), 0..1. Default 0.</summary>
    public double ThrottleFraction { get; init; }

    /// <summary>
    /// Drop the TCP connection when a session receives its Nth request after the bind (submit_sm, data_sm, query_sm…;
    /// enquire_link and responses are not counted); that request is not answered. 0 = never. Default 0.
    /// </summary>
    public int DropAfterPdus { get; init; }

    /// <summary>
    /// With <see cref="DropAfterPdus"/>: before dropping, make sure the answers to the session's earlier requests have
    /// reached the ESME (an enquire_link round trip queued behind them), so exactly the Nth request goes unanswered,
    /// as when a link drops between two pipelined parts of a long message. The session then handles one request at a
    /// time, so each earlier answer is queued before the Nth request is looked at. Default false (drop at once).
    /// </summary>
    public bool DropAfterEarlierAnswers { get; init; }

    /// <summary>Write garbage instead of answering the Nth request of a session (counted as above). 0 = never. Default 0.</summary>
    public int GarbageAfterPdus { get; init; }

    /// <summary>The garbage: ASCII, whose first four octets read as a command_length far above any limit.</summary>
    public ReadOnlyMemory<byte> Garbage { get; init; } = "GARBAGE!NOT-SMPP\r\n"u8.ToArray();

    /// <summary>Wait this long before each submit_sm/data_sm response. Default 0.</summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>Refuse binds with this status (0x0D, 0x05, 0x0E…); null accepts them. Default null.</summary>
    public CommandStatus? RefuseBinds { get; init; }

    /// <summary>How many binds to refuse with <see cref="RefuseBinds"/> before accepting again; 0 = all. Default 0.</summary>
    public int RefuseBindCount { get; init; }

    internal void Validate()
    {
        if (ThrottleFraction is < 0 or > 1 || double.IsNaN(ThrottleFraction))
        {
            throw new ArgumentException($"Faults.ThrottleFraction must be 0..1, got {ThrottleFraction}.");
        }

        if (DropAfterPdus < 0 || GarbageAfterPdus < 0 || RefuseBindCount < 0)
        {
            throw new ArgumentException("Faults.DropAfterPdus, GarbageAfterPdus and RefuseBindCount cannot be negative.");
        }

        if (ResponseDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Faults.ResponseDelay cannot be negative.");
        }

        if (RefuseBinds == CommandStatus.Ok)
        {
            throw new ArgumentException("Faults.RefuseBinds must be an error status.");
        }
    }
}

/// <summary>Text encoding of an injected MO.</summary>
public enum MoEncoding
{
    /// <summary>GSM 03.38 when every character fits, else UCS-2.</summary>
    Auto,

    /// <summary>GSM 03.38 (data_coding 0x00); text that does not fit is refused.</summary>
    Gsm7,

    /// <summary>UCS-2 big-endian (data_coding 0x08).</summary>
    Ucs2,
}

/// <summary>How one MO is composed.</summary>
public sealed record MoOptions
{
    /// <summary>Shared defaults: auto encoding, 8-bit reference UDH.</summary>
    public static MoOptions Default { get; } = new();

    /// <summary>Encoding. Default auto.</summary>
    public MoEncoding Encoding { get; init; } = MoEncoding.Auto;

    /// <summary>How a long message travels. Default UDH with an 8-bit reference.</summary>
    public LongMessageMode LongMessageMode { get; init; } = LongMessageMode.UdhConcat8;

    /// <summary>Send to a receiver of this system_id; null picks any bound receiver. Default null.</summary>
    public string? SystemId { get; init; }
}

/// <summary>Generated MO traffic, for the command line and soak runs.</summary>
public sealed record MoGeneratorOptions
{
    /// <summary>MO messages per second (0 = off). Each long message counts once, whatever its parts. Default 0.</summary>
    public double Rate { get; init; }

    /// <summary>source_addr of generated messages. Default "447700900001".</summary>
    public string From { get; init; } = "447700900001";

    /// <summary>destination_addr of generated messages. Default "12345".</summary>
    public string To { get; init; } = "12345";

    internal void Validate()
    {
        // The generator ticks a PeriodicTimer every 1/Rate seconds; its period cannot be under 1 ms.
        if (Rate is < 0 or > 1000 || double.IsNaN(Rate))
        {
            throw new ArgumentException($"MoGenerator.Rate must be 0..1000 per second, got {Rate}.");
        }
    }
}
