using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Smpp.Client;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Carriers;

/// <summary>A route of a carrier: a destination prefix (digits only; empty = default route) and its preference.</summary>
/// <param name="Prefix">Digits a destination must start with (without '+'); empty matches every destination.</param>
/// <param name="Preference">Lower is tried first among carriers matching the same prefix length.</param>
public sealed record CarrierRoutePrefix(string Prefix, int Preference);

/// <summary>
/// Everything the bridge needs to talk to one carrier, mapped once from <see cref="CarrierOptions"/> into the SMPP
/// library's settings: the connection (<see cref="Client"/>), text (<see cref="Text"/>, <see cref="Compose"/>),
/// receipt id matching (<see cref="MessageIds"/>) and addressing (<see cref="Source"/>, <see cref="Destination"/>).
/// Immutable; shared by the supervisor, the router and the pipelines.
/// </summary>
public sealed class CarrierProfile
{
    private CarrierProfile(string name, int index, CarrierOptions options, SmppClientOptions client, ComposeOptions compose,
        MessageIdMatchOptions messageIds, TonNpiSetting source, TonNpiSetting destination, IReadOnlyList<CarrierRoutePrefix> routes)
    {
        Name = name;
        Index = index;
        Enabled = options.Enabled;
        Client = client;
        Compose = compose;
        MessageIds = messageIds;
        Source = source;
        Destination = destination;
        Routes = routes;
        AcceptedIsFinal = options.AcceptedIsFinal;
        RegisteredDelivery = (byte)options.RegisteredDelivery;
        InboundTemporaryError = ParseOptionalStatus(options.InboundTemporaryErrorStatus, InboundStatusValues.TryParseTemporary);
        InboundUnknownNumber = ParseOptionalStatus(options.InboundUnknownNumberStatus, InboundStatusValues.TryParseUnknownNumber);
        InboundAddressFormat = InboundAddressFormats.TryParse(options.InboundAddressFormat, out InboundAddressFormat format)
            ? format : throw Unvalidated();
    }

    /// <summary>The carrier's unique name (<c>Bridge:Carriers:N:Name</c>).</summary>
    public string Name { get; }

    /// <summary>Its position N under <c>Bridge:Carriers</c>, for messages that name a key.</summary>
    public int Index { get; }

    /// <summary>False: configured but neither bound nor routed to.</summary>
    public bool Enabled { get; }

    /// <summary>The <see cref="SmppClient"/> settings: host, credentials, binds, window, TPS, timers, backoff.</summary>
    public SmppClientOptions Client { get; }

    /// <summary>The bind type of every bind.</summary>
    public BindType BindType => Client.BindType;

    /// <summary>True when the carrier can carry outbound messages (not a receiver-only bind).</summary>
    public bool CanSend => Client.BindType != BindType.Receiver;

    /// <summary>True when the carrier delivers MO messages and receipts to us (not a transmitter-only bind).</summary>
    public bool CanReceive => Client.BindType != BindType.Transmitter;

    /// <summary>What data_coding 0 means on this carrier (decoding MO and receipts, encoding MT).</summary>
    public TextOptions Text => Compose.Text;

    /// <summary>How outbound text becomes submit_sm PDUs (charset, long-message method).</summary>
    public ComposeOptions Compose { get; }

    /// <summary>How message ids are written in submit_sm_resp, receipt text and receipted_message_id.</summary>
    public MessageIdMatchOptions MessageIds { get; }

    /// <summary>TON/NPI policy of source_addr.</summary>
    public TonNpiSetting Source { get; }

    /// <summary>TON/NPI policy of destination_addr.</summary>
    public TonNpiSetting Destination { get; }

    /// <summary>Whether a receipt with ACCEPTD (message_state 6) is final on this carrier.</summary>
    public bool AcceptedIsFinal { get; }

    /// <summary>registered_delivery of every submit_sm.</summary>
    public byte RegisteredDelivery { get; }

    /// <summary>The destination prefixes this carrier serves (empty: it sends nothing).</summary>
    public IReadOnlyList<CarrierRoutePrefix> Routes { get; }

    /// <summary>This carrier's answer to an MO that cannot be stored now; null: the global <c>Bridge:Inbound</c> one.</summary>
    public CommandStatus? InboundTemporaryError { get; }

    /// <summary>This carrier's answer to an MO for an unknown number; null: the global <c>Bridge:Inbound</c> one.</summary>
    public CommandStatus? InboundUnknownNumber { get; }

    /// <summary>How MO source and destination addresses of this carrier are stored.</summary>
    public InboundAddressFormat InboundAddressFormat { get; }

    /// <summary>
    /// Maps validated options. Throws <see cref="ArgumentException"/> with the validator's messages when
    /// <paramref name="options"/> has a mistake (the host validates at start, so the daemon never sees that).
    /// <paramref name="logger"/> and <paramref name="time"/> serve the TLS client certificate, which is read again
    /// when its files change (<see cref="ReloadingClientCertificate"/>).
    /// </summary>
    public static CarrierProfile FromOptions(CarrierOptions options, int index, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        CarriersOptionsValidator.ValidateCarrier(options, index, failures);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        string name = options.Name!.Trim();
        // Every parse below succeeds: the validation above ran the same parsers.
        BindType bindType = CarrierOptionValues.TryParseBindType(options.BindType, out BindType b) ? b : throw Unvalidated();
        DefaultAlphabet alphabet = CarrierOptionValues.TryParseCharset(options.DataCodingZeroCharset, out DefaultAlphabet a)
            ? a : throw Unvalidated();
        LongMessageMode longMode = CarrierOptionValues.TryParseLongMessageMode(options.LongMessageMode, out LongMessageMode m)
            ? m : throw Unvalidated();
        MessageIdFormat respFormat = ParseIdFormat(options.MessageIdFormat, MessageIdFormat.CaseInsensitive);
        MessageIdFormat textFormat = ParseIdFormat(options.ReceiptTextIdFormat, respFormat);
        MessageIdFormat tlvFormat = ParseIdFormat(options.ReceiptedMessageIdFormat, respFormat);
        TypeOfNumber rangeTon = CarrierOptionValues.TryParseFixedTon(options.AddressRangeTon, out TypeOfNumber t) ? t : throw Unvalidated();
        NumberingPlan rangeNpi = CarrierOptionValues.TryParseFixedNpi(options.AddressRangeNpi, out NumberingPlan n) ? n : throw Unvalidated();
        X509Certificate2? clientCertificate = LoadClientCertificate(options, index);

        var client = new SmppClientOptions
        {
            Name = name,
            Host = options.Host!.Trim(),
            Port = options.Port,
            Tls = options.Tls.Enabled
                ? new TlsClientOptions
                {
                    TargetHost = string.IsNullOrWhiteSpace(options.Tls.TargetHost) ? null : options.Tls.TargetHost.Trim(),
                    AllowInvalidCertificates = options.Tls.AllowInvalidCertificates,
                    PinnedThumbprints = [.. options.Tls.PinnedThumbprints],
                    ClientCertificate = clientCertificate,
                    ClientCertificateProvider = clientCertificate is null
                        ? null
                        : new ReloadingClientCertificate(options, CarrierKey(index), clientCertificate,
                            logger ?? NullLogger.Instance, time ?? TimeProvider.System).Current,
                }
                : null,
            SystemId = options.SystemId!,
            Password = options.Password ?? string.Empty,
            SystemType = options.SystemType ?? string.Empty,
            AddrTon = rangeTon,
            AddrNpi = rangeNpi,
            AddressRange = options.AddressRange ?? string.Empty,
            BindType = bindType,
            Binds = options.Binds,
            Session = SmppSessionOptions.Default with
            {
                WindowSize = options.WindowSize,
                ResponseTimeout = options.ResponseTimeout,
                LateResponseWindow = options.LateResponseWindow,
                EnquireLinkInterval = options.EnquireLinkInterval,
            },
            ConnectTimeout = options.ConnectTimeout,
            Reconnect = new BackoffOptions
            {
                Initial = options.ReconnectMinDelay,
                Max = options.ReconnectMaxDelay,
            },
            Tps = options.Tps,
            ThrottleBackoff = new BackoffOptions
            {
                Initial = options.ThrottleMinPause,
                Max = options.ThrottleMaxPause,
                Jitter = BackoffJitter.None,
            },
            MaxThrottleRetries = options.MaxThrottleRetries,
        };

        var compose = new ComposeOptions
        {
            Text = new TextOptions { DefaultAlphabet = alphabet },
            LongMessageMode = longMode,
        };
        var messageIds = new MessageIdMatchOptions
        {
            SubmitResponseFormat = respFormat,
            ReceiptTextFormat = textFormat,
            ReceiptedMessageIdFormat = tlvFormat,
        };

        return new CarrierProfile(name, index, options, client, compose, messageIds,
            TonNpi(options.SourceTon, options.SourceNpi, options), TonNpi(options.DestTon, options.DestNpi, options),
            CreateRoutes(options));
    }

    /// <summary>
    /// A submit_sm carrying this carrier's addressing and registered_delivery, ready for
    /// <see cref="MessageComposer.Compose"/>. False with a message when an address cannot be sent (the destination
    /// must be a number; see <see cref="AddressPolicy"/> for the rules).
    /// </summary>
    public bool TryCreateSubmitTemplate(string source, string destination, [NotNullWhen(true)] out SubmitSm? template,
        [NotNullWhen(false)] out string? error)
    {
        template = null;
        if (!AddressPolicy.IsNumber(destination))
        {
            error = "destination: a destination must be a number (digits with an optional leading '+')";
            return false;
        }

        if (!AddressPolicy.TryApply(source, Source, out SmppAddress from, out string? sourceError))
        {
            error = "source: " + sourceError;
            return false;
        }

        if (!AddressPolicy.TryApply(destination, Destination, out SmppAddress to, out string? destinationError))
        {
            error = "destination: " + destinationError;
            return false;
        }

        template = new SubmitSm
        {
            SourceAddrTon = from.Ton,
            SourceAddrNpi = from.Npi,
            SourceAddr = from.Address,
            DestAddrTon = to.Ton,
            DestAddrNpi = to.Npi,
            DestinationAddr = to.Address,
            RegisteredDelivery = RegisteredDelivery,
        };
        error = null;
        return true;
    }

    /// <summary>The profile for logs: no password.</summary>
    public override string ToString() => $"CarrierProfile {{ Name = {Name}, Enabled = {Enabled}, {Client} }}";

    private static TonNpiSetting TonNpi(string? ton, string? npi, CarrierOptions options)
    {
        return new TonNpiSetting
        {
            Ton = CarrierOptionValues.TryParseTon(ton, out TypeOfNumber? fixedTon) ? fixedTon : throw Unvalidated(),
            Npi = CarrierOptionValues.TryParseNpi(npi, out NumberingPlan? fixedNpi) ? fixedNpi : throw Unvalidated(),
            ShortCodeMaxDigits = options.ShortCodeMaxDigits,
            ShortCodeTon = (TypeOfNumber)options.ShortCodeTon,
            ShortCodeNpi = (NumberingPlan)options.ShortCodeNpi,
        };
    }

    /// <summary>
    /// The carrier's TLS client certificate as the files hold it at start, or null when none is configured. Its dates
    /// were checked by the validator at start; a file that changed since then is reported here the same way. Later
    /// changes of the files are picked up at the next connect (<see cref="ReloadingClientCertificate"/>).
    /// </summary>
    private static X509Certificate2? LoadClientCertificate(CarrierOptions options, int index)
    {
        if (!CarrierClientCertificate.IsConfigured(options))
        {
            return null;
        }

        List<string> failures = [];
        X509Certificate2? certificate = CarrierClientCertificate.Load(options, CarrierKey(index), failures);
        return certificate ?? throw new ArgumentException(string.Join(" ", failures), nameof(options));
    }

    private static string CarrierKey(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{CarriersOptions.CarriersKey}:{index}");

    private static CommandStatus? ParseOptionalStatus(string? value, TryParseStatus parse) =>
        string.IsNullOrWhiteSpace(value) ? null : parse(value, out CommandStatus status) ? status : throw Unvalidated();

    private delegate bool TryParseStatus(string? text, out CommandStatus status);

    private static MessageIdFormat ParseIdFormat(string? value, MessageIdFormat fallback) =>
        CarrierOptionValues.TryParseMessageIdFormat(value, fallback, out MessageIdFormat format) ? format : throw Unvalidated();

    private static InvalidOperationException Unvalidated() =>
        new("A carrier setting passed validation but cannot be parsed; the validator and the profile disagree.");

    private static CarrierRoutePrefix[] CreateRoutes(CarrierOptions options)
    {
        var routes = new CarrierRoutePrefix[options.Routes.Count];
        for (int i = 0; i < routes.Length; i++)
        {
            string digits = CarrierOptionValues.TryNormalizePrefix(options.Routes[i].Prefix, out string d) ? d : throw Unvalidated();
            routes[i] = new CarrierRoutePrefix(digits, options.Routes[i].Preference);
        }

        return routes;
    }
}
