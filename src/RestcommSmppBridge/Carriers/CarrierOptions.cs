namespace RestcommSmppBridge.Carriers;

/// <summary>
/// The carriers the bridge binds to, bound from <c>Bridge:Carriers</c> (an array). Empty by default: a bridge with no
/// carrier serves the API and stores messages, but nothing is sent.
/// </summary>
public sealed class CarriersOptions
{
    /// <summary>The section the <see cref="Carriers"/> list lives in.</summary>
    public const string SectionName = "Bridge";

    /// <summary>The full key of the list, for messages and configuration lookups.</summary>
    public const string CarriersKey = "Bridge:Carriers";

    /// <summary>One entry per carrier (SMSC account). Default: none.</summary>
    public IList<CarrierOptions> Carriers { get; init; } = new List<CarrierOptions>();
}

/// <summary>
/// One carrier: where its SMSC is, how to bind, and what it does differently from the specification (architecture.md
/// "Per-carrier truth"). Enumerated settings are strings, matched case-insensitively, so that a typo gets a message
/// listing the allowed values instead of a binder exception. Every default follows SMPP 3.4.
/// </summary>
public sealed class CarrierOptions
{
    /// <summary>Unique name, used in logs, metrics, states and the store: letters, digits, '-', '_' or '.', at most 32. Required.</summary>
    public string? Name { get; init; }

    /// <summary>False keeps the carrier configured but never binds nor routes to it. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>SMSC host name or IP address. Required.</summary>
    public string? Host { get; init; }

    /// <summary>SMSC TCP port, 1..65535. Default 2775 (the SMPP port).</summary>
    public int Port { get; init; } = 2775;

    /// <summary>TLS settings. Default: off (plain TCP).</summary>
    public CarrierTlsOptions Tls { get; init; } = new();

    /// <summary>bind system_id, at most 15 printable ASCII characters (SMPP 3.4 §4.1.1). Required.</summary>
    public string? SystemId { get; init; }

    /// <summary>
    /// bind password, at most 8 printable ASCII characters (SMPP 3.4 §4.1.1). Required for an enabled carrier. Set it in
    /// the environment (<c>Bridge__Carriers__0__Password</c>), never in a committed file; it is never logged.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>bind system_type, at most 12 characters; some carriers route by it. Default empty.</summary>
    public string? SystemType { get; init; }

    /// <summary>
    /// bind address_range (SMPP 3.4 §4.1.1, §5.2.7): the addresses this ESME serves, at most 40 printable ASCII
    /// characters; some SMSCs read it as a regular expression selecting which MO messages a receiver gets. Default
    /// empty (most SMSCs want it empty).
    /// </summary>
    public string? AddressRange { get; init; }

    /// <summary>bind addr_ton of <see cref="AddressRange"/>: a number 0..6 (SMPP 3.4 §5.2.5). Default empty: 0 (unknown).</summary>
    public string? AddressRangeTon { get; init; }

    /// <summary>bind addr_npi of <see cref="AddressRange"/>: a number (0, 1, 3, 4, 6, 8, 9, 10, 14, 18). Default empty: 0 (unknown).</summary>
    public string? AddressRangeNpi { get; init; }

    /// <summary><c>Transmitter</c>, <c>Receiver</c> or <c>Transceiver</c>. Default <c>Transceiver</c>.</summary>
    public string? BindType { get; init; }

    /// <summary>How many binds to keep up (the carrier's session limit), 1..64. Default 1.</summary>
    public int Binds { get; init; } = 1;

    /// <summary>Requests in flight per bind before the next waits for a response, 1..100000. Default 10.</summary>
    public int WindowSize { get; init; } = 10;

    /// <summary>PDUs per second per bind (each part of a long message counts); 0 = unlimited. Default 0.</summary>
    public double Tps { get; init; }

    /// <summary>Interval between enquire_link while the link is quiet; 0 disables. Default 30 s.</summary>
    public TimeSpan EnquireLinkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for its response before its outcome is unknown. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after <see cref="ResponseTimeout"/> a submit_sm_resp is still taken as the answer (instead of being
    /// dropped and the message resubmitted as a copy); 0 turns it off, at most 10 minutes. Default null: the same as
    /// <see cref="ResponseTimeout"/>.
    /// </summary>
    public TimeSpan? LateResponseWindow { get; init; }

    /// <summary>Time allowed for the TCP connect and TLS handshake. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay before reconnecting a lost or refused bind. Default 1 s.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the (exponential, jittered) reconnect delay. Default 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The bind-wide pause after an ESME_RTHROTTLED or ESME_RMSGQFUL answer. It doubles while the SMSC refuses the
    /// first PDU sent after a pause, up to <see cref="ThrottleMaxPause"/>, and starts over once it accepts one.
    /// 1 ms to 10 min. Default 1 s.
    /// </summary>
    public TimeSpan ThrottleMinPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the throttle pause, 1 ms to 10 min and not below <see cref="ThrottleMinPause"/>. Default 30 s.</summary>
    public TimeSpan ThrottleMaxPause { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a PDU answered ESME_RTHROTTLED or ESME_RMSGQFUL is sent again on the same carrier (after a
    /// bind-wide pause) before the router fails over to the next carrier, 0..1000. Default 10.
    /// </summary>
    public int MaxThrottleRetries { get; init; } = 10;

    /// <summary>source_addr_ton: <c>auto</c> (see <see cref="AddressPolicy"/>) or a number 0..6. Default <c>auto</c>.</summary>
    public string? SourceTon { get; init; }

    /// <summary>source_addr_npi: <c>auto</c> or a number (0, 1, 3, 4, 6, 8, 9, 10, 14, 18). Default <c>auto</c>.</summary>
    public string? SourceNpi { get; init; }

    /// <summary>dest_addr_ton: <c>auto</c> or a number 0..6. Default <c>auto</c>.</summary>
    public string? DestTon { get; init; }

    /// <summary>dest_addr_npi: <c>auto</c> or a number (0, 1, 3, 4, 6, 8, 9, 10, 14, 18). Default <c>auto</c>.</summary>
    public string? DestNpi { get; init; }

    /// <summary>
    /// With <c>auto</c>, an all-digit address of at most this many digits is a short code; 0 treats every all-digit
    /// address as international. 0..8. Default 6.
    /// </summary>
    public int ShortCodeMaxDigits { get; init; } = AddressPolicy.DefaultShortCodeMaxDigits;

    /// <summary>TON given to short codes with <c>auto</c>, 0..6. Default 3 (network specific).</summary>
    public int ShortCodeTon { get; init; } = 3;

    /// <summary>NPI given to short codes with <c>auto</c>. Default 0 (unknown).</summary>
    public int ShortCodeNpi { get; init; }

    /// <summary>
    /// What data_coding 0 means on this SMSC (smpp.md §8): <c>Gsm7</c> (GSM 03.38, one septet per octet),
    /// <c>Gsm7Packed</c>, <c>Latin1</c> or <c>Ascii</c>. Default <c>Gsm7</c>.
    /// </summary>
    public string? DataCodingZeroCharset { get; init; }

    /// <summary>
    /// How a message longer than one SMS travels (smpp.md §10): <c>UdhConcat8</c>, <c>UdhConcat16</c>, <c>Sar</c> or
    /// <c>MessagePayload</c>. Default <c>UdhConcat8</c>.
    /// </summary>
    public string? LongMessageMode { get; init; }

    /// <summary>
    /// How the message_id of submit_sm_resp is written (smpp.md §14, P1): <c>CaseInsensitive</c>, <c>Decimal</c>,
    /// <c>Hexadecimal</c>, <c>StripLeadingZeros</c> or <c>AsIs</c>. Also the format of the receipt text id and of
    /// receipted_message_id unless they are set. Default <c>CaseInsensitive</c>.
    /// </summary>
    public string? MessageIdFormat { get; init; }

    /// <summary>Format of the <c>id:</c> in receipt text, when it differs from <see cref="MessageIdFormat"/>. Default: the same.</summary>
    public string? ReceiptTextIdFormat { get; init; }

    /// <summary>Format of the receipted_message_id TLV, when it differs from <see cref="MessageIdFormat"/>. Default: the same.</summary>
    public string? ReceiptedMessageIdFormat { get; init; }

    /// <summary>Whether a receipt with stat ACCEPTD ends the message (SMPP 3.4 says so; Kannel treats it as intermediate). Default true.</summary>
    public bool AcceptedIsFinal { get; init; } = true;

    /// <summary>registered_delivery of every submit_sm (SMPP 3.4 §5.2.17), 0..31. Default 1 (receipt on final outcome).</summary>
    public int RegisteredDelivery { get; init; } = 1;

    /// <summary>
    /// deliver_sm_resp status when an MO message of this carrier cannot be stored now (store unavailable, webhook
    /// backlog full), so its SMSC redelivers: <c>0x64</c>, <c>0x14</c>, <c>0x58</c> or <c>0x08</c>, hex or decimal.
    /// Default: empty, <c>Bridge:Inbound:TemporaryErrorStatus</c> applies.
    /// </summary>
    public string? InboundTemporaryErrorStatus { get; init; }

    /// <summary>
    /// deliver_sm_resp status when no IncomingPhoneNumber matches the destination of an MO message of this carrier: a
    /// command_status up to <c>0xFF</c> such as <c>0x0B</c>, <c>0x64</c> or <c>0</c>. Default: empty,
    /// <c>Bridge:Inbound:UnknownNumberStatus</c> applies.
    /// </summary>
    public string? InboundUnknownNumberStatus { get; init; }

    /// <summary>
    /// How the source and destination of an MO message are stored and shown to applications: <c>E164</c> writes an
    /// all-digit address with TON 1 (international) as <c>+digits</c>, the form Restcomm applications compare
    /// numbers in; <c>AsReceived</c> keeps what the SMSC sent. Default <c>E164</c>.
    /// </summary>
    public string? InboundAddressFormat { get; init; }

    /// <summary>
    /// Destination prefixes this carrier serves. Empty: the carrier sends nothing (inbound only). Default: none.
    /// </summary>
    public IList<CarrierRouteOptions> Routes { get; init; } = new List<CarrierRouteOptions>();

    /// <summary>Everything but the passwords.</summary>
    public override string ToString() =>
        $"CarrierOptions {{ Name = {Name}, Host = {Host}, Port = {Port}, SystemId = {SystemId}, Password = {(string.IsNullOrEmpty(Password) ? "(empty)" : "***")}, BindType = {BindType}, Binds = {Binds}, AddressRange = {AddressRange}, Tls = {Tls} }}";
}

/// <summary>TLS of one carrier (<c>Bridge:Carriers:N:Tls</c>).</summary>
public sealed class CarrierTlsOptions
{
    /// <summary>Connect with TLS. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Name the server certificate must carry. Default: the host.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Accept any certificate (lab SMSCs only; prefer <see cref="PinnedThumbprints"/>). Default false.</summary>
    public bool AllowInvalidCertificates { get; init; }

    /// <summary>SHA-1 thumbprints (40 hex digits, colons allowed) accepted even when the chain does not validate. Default: none.</summary>
    public IList<string> PinnedThumbprints { get; init; } = new List<string>();

    /// <summary>
    /// Absolute path of the client certificate sent to SMSCs that demand mutual TLS: a PFX (PKCS#12) file, or a PEM
    /// certificate with its private key in the same file or in <see cref="ClientCertificateKeyPath"/>. Needs
    /// <see cref="Enabled"/>. Default: none (no client certificate).
    /// </summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>Absolute path of the PEM private key, when <see cref="ClientCertificatePath"/> is a PEM certificate without it. Default: none.</summary>
    public string? ClientCertificateKeyPath { get; init; }

    /// <summary>
    /// Password of the PFX file or of the encrypted PEM key. A secret: set it in the environment
    /// (<c>Bridge__Carriers__0__Tls__ClientCertificatePassword</c>), never in a committed file; it is never logged.
    /// Default: none.
    /// </summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>Everything but the certificate password.</summary>
    public override string ToString() =>
        $"CarrierTlsOptions {{ Enabled = {Enabled}, TargetHost = {TargetHost}, AllowInvalidCertificates = {AllowInvalidCertificates}, PinnedThumbprints = {PinnedThumbprints.Count}, ClientCertificatePath = {ClientCertificatePath}, ClientCertificateKeyPath = {ClientCertificateKeyPath}, ClientCertificatePassword = {(string.IsNullOrEmpty(ClientCertificatePassword) ? "(empty)" : "***")} }}";
}

/// <summary>One route of a carrier (<c>Bridge:Carriers:N:Routes:M</c>).</summary>
public sealed class CarrierRouteOptions
{
    /// <summary>
    /// Destination prefix: digits with an optional leading '+' (ignored: destinations are compared without it), at
    /// most 20. Empty = the default route (matches every destination, with the shortest possible match). Default empty.
    /// </summary>
    public string? Prefix { get; init; }

    /// <summary>Among carriers matching the same prefix length, lower is tried first, 0..65535. Default 100.</summary>
    public int Preference { get; init; } = 100;
}
