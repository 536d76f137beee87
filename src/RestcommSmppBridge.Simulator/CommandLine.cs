using System.Globalization;
using System.Net;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Simulator;

/// <summary>One MO to send once a receiver is bound (<c>--mo from:to:text</c>).</summary>
public sealed record MoSpec(string From, string To, string Text);

/// <summary>What the command line asked for.</summary>
public sealed record CommandLineSettings
{
    /// <summary>The simulator settings.</summary>
    public required SimulatorOptions Options { get; init; }

    /// <summary>Run time; the program stops by itself after it.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often counters are printed.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>MOs to send once a receiver is bound.</summary>
    public IReadOnlyList<MoSpec> Mos { get; init; } = [];

    /// <summary>--help was given.</summary>
    public bool Help { get; init; }
}

/// <summary>The outcome of parsing: settings, or an error message for the user.</summary>
public sealed record CommandLineResult(CommandLineSettings? Settings, string? Error);

/// <summary>Hand-written parser for the simulator's command line (no extra dependency; every error is a message, never a stack trace).</summary>
public static class CommandLine
{
    /// <summary>Longest run allowed: the simulator must always stop by itself.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: RestcommSmppBridge.Simulator [options]

        An SMSC simulator for SMPP 3.4. Prints counters every --stats-interval seconds and stops by itself
        after --duration seconds (exit code 0). Bad arguments: exit code 2. Cannot listen: exit code 1.

        Listening and binds
          --host <address>                  listen address (default 127.0.0.1; 0.0.0.0 for every interface)
          --port <n>                        TCP port, 0 = any free port (default 2775)
          --system-id <id> --password <pw>  an accepted account; repeat the pair for more. None = accept any bind
          --max-binds <n>                   sessions bound at once per system_id, 0 = no limit (default 0)
          --bind-limit-status <status>      answer to a bind over the limit (default 0x05)
        Message ids
          --id-format hex|decimal|uuid      submit_sm_resp / data_sm_resp ids (default hex)
          --id-width <n>                    pad numeric ids with leading zeros to n digits (default 0)
          --id-lowercase                    lower-case hex digits and UUIDs
          --receipt-id-format hex|decimal|uuid   ids in receipts (default: as --id-format)
          --receipt-id-width <n>            padding of receipt ids (default: as --id-width)
        Delivery receipts (when registered_delivery asks for one)
          --no-receipts                     never send receipts
          --receipt-delay <ms>              delay of the final receipt (default 0)
          --outcomes <list>                 weights, e.g. DELIVRD=90,UNDELIV=5,EXPIRED=5 (default DELIVRD=1)
          --enroute                         send an ENROUTE notification first
          --receipt-before-resp             send the final receipt before submit_sm_resp
          --receipt-format text|tlv|both    receipt text, TLVs or both (default both)
        Faults
          --throttle <fraction>             share of submits answered 0x58 ESME_RTHROTTLED, 0..1
          --drop-after <n>                  close a session's connection at its nth request
          --garbage-after <n>               write garbage instead of answering a session's nth request
          --response-delay <ms>             delay every submit_sm/data_sm response
          --refuse-binds <status>           refuse binds with this status, e.g. 0x0D
          --refuse-bind-count <n>           refuse only the first n binds (default 0 = all)
        MO traffic
          --mo-rate <per second>            generated MO messages (GSM, UCS-2, UDH, SAR) per second, up to 1000
          --mo-from <address>               source of generated MOs (default 447700900001)
          --mo-to <address>                 destination of generated MOs (default 12345)
          --mo <from:to:text>               send this MO once a receiver is bound (repeatable)
        Run
          --duration <seconds>              stop after this long, at most 86400 (default 60)
          --stats-interval <seconds>        print counters this often (default 5)
          --seed <n>                        random seed (outcomes, throttling, UUIDs)
          --help                            this text

        Example: --port 2775 --system-id test --password test --duration 60 --mo-rate 5 --throttle 0.1
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return new CommandLineResult(ParseOrThrow(args), null);
        }
        catch (FormatException ex)
        {
            return new CommandLineResult(null, ex.Message);
        }
        catch (ArgumentException ex)
        {
            return new CommandLineResult(null, ex.Message);
        }
    }

    private static CommandLineSettings ParseOrThrow(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        IPAddress host = IPAddress.Loopback;
        int port = 2775;
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        string? pendingSystemId = null;
        var ids = new MessageIdOptions();
        MessageIdStyle? receiptStyle = null;
        int? receiptWidth = null;
        ReceiptOptions receipts = options.Receipts;
        FaultOptions faults = options.Faults;
        MoGeneratorOptions generator = options.MoGenerator;
        var mos = new List<MoSpec>();
        TimeSpan duration = TimeSpan.FromSeconds(60);
        TimeSpan stats = TimeSpan.FromSeconds(5);
        bool help = false;

        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                case "--host":
                    string hostText = Value();
                    host = IPAddress.TryParse(hostText, out IPAddress? parsed)
                        ? parsed
                        : throw new FormatException($"--host: '{hostText}' is not an IP address.");
                    break;
                case "--port":
                    port = Int(name, Value(), 0, 65535);
                    break;
                case "--system-id":
                    if (pendingSystemId is not null)
                    {
                        throw new FormatException($"--system-id {pendingSystemId} has no --password.");
                    }

                    pendingSystemId = Value();
                    if (pendingSystemId.Length is 0 or > 15)
                    {
                        throw new FormatException("--system-id must be 1 to 15 characters (SMPP 3.4 §4.1).");
                    }

                    break;
                case "--password":
                    string password = Value();
                    if (pendingSystemId is null)
                    {
                        throw new FormatException("--password must follow a --system-id.");
                    }

                    if (password.Length > 8)
                    {
                        throw new FormatException("--password must be at most 8 characters (SMPP 3.4 §4.1).");
                    }

                    credentials[pendingSystemId] = password;
                    pendingSystemId = null;
                    break;
                case "--max-binds":
                    options = options with { MaxBindsPerSystemId = Int(name, Value(), 0, 10_000) };
                    break;
                case "--bind-limit-status":
                    options = options with { BindLimitStatus = Status(name, Value()) };
                    break;
                case "--id-format":
                    ids = ids with { Style = Style(name, Value()) };
                    break;
                case "--id-width":
                    ids = ids with { Width = Int(name, Value(), 0, 64) };
                    break;
                case "--id-lowercase":
                    ids = ids with { LowerCase = true };
                    break;
                case "--receipt-id-format":
                    receiptStyle = Style(name, Value());
                    break;
                case "--receipt-id-width":
                    receiptWidth = Int(name, Value(), 0, 64);
                    break;
                case "--no-receipts":
                    receipts = receipts with { Enabled = false };
                    break;
                case "--receipt-delay":
                    receipts = receipts with { Delay = TimeSpan.FromMilliseconds(Int(name, Value(), 0, 86_400_000)) };
                    break;
                case "--outcomes":
                    receipts = receipts with { OutcomeWeights = Outcomes(Value()) };
                    break;
                case "--enroute":
                    receipts = receipts with { IntermediateEnroute = true };
                    break;
                case "--receipt-before-resp":
                    receipts = receipts with { BeforeResponse = true };
                    break;
                case "--receipt-format":
                    receipts = receipts with
                    {
                        Format = Value().ToUpperInvariant() switch
                        {
                            "TEXT" => ReceiptFormat.Text,
                            "TLV" => ReceiptFormat.Tlv,
                            "BOTH" => ReceiptFormat.Both,
                            string other => throw new FormatException($"--receipt-format: '{other}' is not text, tlv or both."),
                        },
                    };
                    break;
                case "--throttle":
                    faults = faults with { ThrottleFraction = Fraction(name, Value()) };
                    break;
                case "--drop-after":
                    faults = faults with { DropAfterPdus = Int(name, Value(), 0, int.MaxValue) };
                    break;
                case "--garbage-after":
                    faults = faults with { GarbageAfterPdus = Int(name, Value(), 0, int.MaxValue) };
                    break;
                case "--response-delay":
                    faults = faults with { ResponseDelay = TimeSpan.FromMilliseconds(Int(name, Value(), 0, 600_000)) };
                    break;
                case "--refuse-binds":
                    faults = faults with { RefuseBinds = Status(name, Value()) };
                    break;
                case "--refuse-bind-count":
                    faults = faults with { RefuseBindCount = Int(name, Value(), 0, int.MaxValue) };
                    break;
                case "--mo-rate":
                    generator = generator with { Rate = Double(name, Value(), 0, 1000) };
                    break;
                case "--mo-from":
                    generator = generator with { From = Value() };
                    break;
                case "--mo-to":
                    generator = generator with { To = Value() };
                    break;
                case "--mo":
                    mos.Add(Mo(Value()));
                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(Double(name, Value(), 0.001, MaxDuration.TotalSeconds));
                    break;
                case "--stats-interval":
                    stats = TimeSpan.FromSeconds(Double(name, Value(), 0.1, MaxDuration.TotalSeconds));
                    break;
                case "--seed":
                    options = options with { RandomSeed = Int(name, Value(), int.MinValue, int.MaxValue) };
                    break;
                default:
                    throw new FormatException($"Unknown option '{name}'.");
            }
        }

        if (pendingSystemId is not null)
        {
            throw new FormatException($"--system-id {pendingSystemId} has no --password.");
        }

        if (receiptStyle is not null || receiptWidth is not null)
        {
            receipts = receipts with
            {
                IdFormat = ids with { Style = receiptStyle ?? ids.Style, Width = receiptWidth ?? ids.Width },
            };
        }

        options = options with
        {
            EndPoint = new IPEndPoint(host, port),
            Credentials = credentials.Count == 0 ? null : credentials,
            MessageIds = ids,
            Receipts = receipts,
            Faults = faults,
            MoGenerator = generator,
        };
        options.Validate();
        return new CommandLineSettings { Options = options, Duration = duration, StatsInterval = stats, Mos = mos, Help = help };
    }

    private static int Int(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name}: '{text}' is not a whole number from {min} to {max}.");

    private static double Double(string name, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name}: '{text}' is not a number from {min} to {max}.");

    private static double Fraction(string name, string text) => Double(name, text, 0, 1);

    private static MessageIdStyle Style(string name, string text) => text.ToUpperInvariant() switch
    {
        "HEX" => MessageIdStyle.Hex,
        "DECIMAL" or "DEC" => MessageIdStyle.Decimal,
        "UUID" => MessageIdStyle.Uuid,
        _ => throw new FormatException($"{name}: '{text}' is not hex, decimal or uuid."),
    };

    private static CommandStatus Status(string name, string text)
    {
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (uint.TryParse(hex ? text[2..] : text, hex ? NumberStyles.HexNumber : NumberStyles.Integer,
            CultureInfo.InvariantCulture, out uint value) && value != 0)
        {
            return (CommandStatus)value;
        }

        throw new FormatException($"{name}: '{text}' is not a non-zero command_status (e.g. 0x0D or 13).");
    }

    private static Dictionary<MessageState, int> Outcomes(string text)
    {
        var weights = new Dictionary<MessageState, int>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            string word = equals < 0 ? item : item[..equals];
            MessageState state = MessageStateExtensions.FromStatWord(word);
            if (state == MessageState.Unknown && !word.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"--outcomes: '{word}' is not a receipt state (DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, ACCEPTD, UNKNOWN).");
            }

            if (!state.IsFinal())
            {
                throw new FormatException($"--outcomes: '{word}' is not a final state.");
            }

            weights[state] = equals < 0 ? 1 : Int("--outcomes", item[(equals + 1)..], 0, 1_000_000);
        }

        return weights.Count > 0 ? weights : throw new FormatException("--outcomes needs at least one STATE=weight.");
    }

    private static MoSpec Mo(string text)
    {
        // from:to:text; the text may itself contain colons.
        string[] parts = text.Split(':', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new FormatException($"--mo: '{text}' is not from:to:text.");
        }

        return new MoSpec(parts[0], parts[1], parts[2]);
    }
}
