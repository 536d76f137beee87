using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Inbound;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// Checks <c>Bridge:Carriers</c> at start: one message per mistake, each naming the exact key to fix, never echoing a
/// password. With the configuration at hand it also reports keys that bind to nothing (a misspelt <c>SytemId</c>
/// would otherwise be ignored silently) and passwords written into an appsettings file.
/// </summary>
internal sealed class CarriersOptionsValidator : IValidateOptions<CarriersOptions>
{
    private const int MaxNameLength = 32;

    private static readonly HashSet<string> s_carrierKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        nameof(CarrierOptions.Name), nameof(CarrierOptions.Enabled), nameof(CarrierOptions.Host), nameof(CarrierOptions.Port),
        nameof(CarrierOptions.Tls), nameof(CarrierOptions.SystemId), nameof(CarrierOptions.Password),
        nameof(CarrierOptions.SystemType), nameof(CarrierOptions.AddressRange), nameof(CarrierOptions.AddressRangeTon),
        nameof(CarrierOptions.AddressRangeNpi), nameof(CarrierOptions.BindType), nameof(CarrierOptions.Binds),
        nameof(CarrierOptions.WindowSize), nameof(CarrierOptions.Tps), nameof(CarrierOptions.EnquireLinkInterval),
        nameof(CarrierOptions.ResponseTimeout), nameof(CarrierOptions.LateResponseWindow), nameof(CarrierOptions.ConnectTimeout),
        nameof(CarrierOptions.ReconnectMinDelay), nameof(CarrierOptions.ReconnectMaxDelay), nameof(CarrierOptions.ThrottleMinPause),
        nameof(CarrierOptions.ThrottleMaxPause), nameof(CarrierOptions.MaxThrottleRetries),
        nameof(CarrierOptions.SourceTon),
        nameof(CarrierOptions.SourceNpi), nameof(CarrierOptions.DestTon), nameof(CarrierOptions.DestNpi),
        nameof(CarrierOptions.ShortCodeMaxDigits), nameof(CarrierOptions.ShortCodeTon), nameof(CarrierOptions.ShortCodeNpi),
        nameof(CarrierOptions.DataCodingZeroCharset), nameof(CarrierOptions.LongMessageMode), nameof(CarrierOptions.MessageIdFormat),
        nameof(CarrierOptions.ReceiptTextIdFormat), nameof(CarrierOptions.ReceiptedMessageIdFormat),
        nameof(CarrierOptions.AcceptedIsFinal), nameof(CarrierOptions.RegisteredDelivery), nameof(CarrierOptions.Routes),
        nameof(CarrierOptions.InboundTemporaryErrorStatus), nameof(CarrierOptions.InboundUnknownNumberStatus),
        nameof(CarrierOptions.InboundAddressFormat),
    };

    private static readonly HashSet<string> s_tlsKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        nameof(CarrierTlsOptions.Enabled), nameof(CarrierTlsOptions.TargetHost),
        nameof(CarrierTlsOptions.AllowInvalidCertificates), nameof(CarrierTlsOptions.PinnedThumbprints),
        nameof(CarrierTlsOptions.ClientCertificatePath), nameof(CarrierTlsOptions.ClientCertificateKeyPath),
        nameof(CarrierTlsOptions.ClientCertificatePassword),
    };

    private static readonly HashSet<string> s_routeKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        nameof(CarrierRouteOptions.Prefix), nameof(CarrierRouteOptions.Preference),
    };

    private readonly IConfiguration? _configuration;

    private readonly TimeProvider _time;

    /// <summary>Validates the bound options only; certificate dates are checked against <paramref name="time"/>.</summary>
    public CarriersOptionsValidator(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Validates the bound options and the raw keys under <c>Bridge:Carriers</c> of <paramref name="configuration"/>.</summary>
    public CarriersOptionsValidator(IConfiguration configuration, TimeProvider time)
    {
        _configuration = configuration;
        _time = time;
    }

    public ValidateOptionsResult Validate(string? name, CarriersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        Dictionary<string, int> names = new(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Carriers.Count; i++)
        {
            CarrierOptions carrier = options.Carriers[i];
            int before = failures.Count;
            ValidateCarrier(carrier, i, failures);
            if (failures.Count == before)
            {
                CheckClientCertificate(carrier, Key(i), failures);
            }
            if (!string.IsNullOrWhiteSpace(carrier.Name))
            {
                if (names.TryGetValue(carrier.Name.Trim(), out int first))
                {
                    failures.Add($"{Key(i)}:Name '{carrier.Name}' is already used by {Key(first)}; carrier names must be unique (case-insensitive).");
                }
                else
                {
                    names.Add(carrier.Name.Trim(), i);
                }
            }
        }

        if (_configuration is not null)
        {
            CheckRawKeys(_configuration, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds one message per mistake of carrier <paramref name="index"/> (everything but cross-carrier rules).</summary>
    internal static void ValidateCarrier(CarrierOptions carrier, int index, List<string> failures)
    {
        string key = Key(index);
        ValidateIdentity(carrier, index, key, failures);
        ValidateLink(carrier, key, failures);
        ValidateText(carrier, key, failures);
        ValidateInbound(carrier, key, failures);
        ValidateRoutes(carrier, key, failures);
    }

    /// <summary>
    /// Opens the client certificate the way the carrier will and checks it can be used now: a file mistake found at
    /// start is one line, not a TLS handshake failing at every reconnect. Only once the carrier's other settings
    /// passed, so that a path that is not absolute is reported once.
    /// </summary>
    private void CheckClientCertificate(CarrierOptions carrier, string key, List<string> failures)
    {
        if (!CarrierClientCertificate.IsConfigured(carrier))
        {
            return;
        }

        using X509Certificate2? certificate = CarrierClientCertificate.Load(carrier, key, failures);
        if (certificate is not null)
        {
            CarrierClientCertificate.CheckUsable(carrier, key, certificate, _time.GetUtcNow(), failures);
        }
    }

    /// <summary>The per-carrier inbound answers (the same values as their <c>Bridge:Inbound</c> defaults) and address form.</summary>
    private static void ValidateInbound(CarrierOptions carrier, string key, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(carrier.InboundTemporaryErrorStatus)
            && !InboundStatusValues.TryParseTemporary(carrier.InboundTemporaryErrorStatus, out _))
        {
            failures.Add($"{key}:InboundTemporaryErrorStatus must be {InboundStatusValues.TemporaryValues} (it is '{carrier.InboundTemporaryErrorStatus}'); leave it empty to use {InboundOptions.SectionName}:TemporaryErrorStatus.");
        }

        if (!string.IsNullOrWhiteSpace(carrier.InboundUnknownNumberStatus)
            && !InboundStatusValues.TryParseUnknownNumber(carrier.InboundUnknownNumberStatus, out _))
        {
            failures.Add($"{key}:InboundUnknownNumberStatus must be {InboundStatusValues.UnknownNumberValues} (it is '{carrier.InboundUnknownNumberStatus}'); leave it empty to use {InboundOptions.SectionName}:UnknownNumberStatus.");
        }

        if (!InboundAddressFormats.TryParse(carrier.InboundAddressFormat, out _))
        {
            failures.Add($"{key}:InboundAddressFormat '{carrier.InboundAddressFormat}' is not one of {InboundAddressFormats.Names}.");
        }
    }

    private static void ValidateIdentity(CarrierOptions carrier, int index, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(carrier.Name))
        {
            failures.Add($"{key}:Name is missing; give every carrier a unique name.");
        }
        else if (carrier.Name.Trim().Length > MaxNameLength || !IsNameText(carrier.Name.Trim()))
        {
            failures.Add($"{key}:Name '{carrier.Name}' must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(carrier.Host))
        {
            failures.Add($"{key}:Host is missing; set the SMSC host name or IP address.");
        }
        else if (Uri.CheckHostName(carrier.Host.Trim()) == UriHostNameType.Unknown)
        {
            failures.Add($"{key}:Host '{carrier.Host}' is not a host name or IP address.");
        }

        if (carrier.Port is < 1 or > 65535)
        {
            failures.Add(Invariant($"{key}:Port must be between 1 and 65535 (got {carrier.Port})."));
        }

        if (string.IsNullOrEmpty(carrier.SystemId))
        {
            failures.Add($"{key}:SystemId is missing; set the system_id the carrier gave you.");
        }
        else
        {
            CheckCString(carrier.SystemId, 15, $"{key}:SystemId", failures);
        }

        if (string.IsNullOrEmpty(carrier.Password))
        {
            // A disabled carrier may be configured on a machine that does not hold its secret.
            if (carrier.Enabled)
            {
                failures.Add($"{key}:Password is missing; set it in the environment as Bridge__Carriers__{index}__Password (never in appsettings.json).");
            }
        }
        else
        {
            // Never echo the value.
            CheckCString(carrier.Password, 8, $"{key}:Password", failures);
        }

        if (!string.IsNullOrEmpty(carrier.SystemType))
        {
            CheckCString(carrier.SystemType, 12, $"{key}:SystemType", failures);
        }

        if (!CarrierOptionValues.TryParseBindType(carrier.BindType, out _))
        {
            failures.Add($"{key}:BindType '{carrier.BindType}' is not one of {CarrierOptionValues.BindTypes}.");
        }

        ValidateAddressRange(carrier, key, failures);
        ValidateClientCertificateSettings(carrier, index, key, failures);
        if (carrier.Tls.Enabled)
        {
            if (!string.IsNullOrEmpty(carrier.Tls.TargetHost) && Uri.CheckHostName(carrier.Tls.TargetHost.Trim()) == UriHostNameType.Unknown)
            {
                failures.Add($"{key}:Tls:TargetHost '{carrier.Tls.TargetHost}' is not a host name.");
            }

            for (int i = 0; i < carrier.Tls.PinnedThumbprints.Count; i++)
            {
                string thumbprint = (carrier.Tls.PinnedThumbprints[i] ?? string.Empty).Replace(":", "", StringComparison.Ordinal);
                if (thumbprint.Length != 40 || !IsHex(thumbprint))
                {
                    failures.Add($"{key}:Tls:PinnedThumbprints:{i} is not a SHA-1 thumbprint (40 hex digits, colons allowed).");
                }
            }
        }
    }

    /// <summary>The bind's address_range and its TON/NPI (SMPP 3.4 §4.1.1: address_range is a C-Octet String of at most 41 octets).</summary>
    private static void ValidateAddressRange(CarrierOptions carrier, string key, List<string> failures)
    {
        if (!string.IsNullOrEmpty(carrier.AddressRange))
        {
            CheckCString(carrier.AddressRange, 40, $"{key}:AddressRange", failures);
        }

        if (!CarrierOptionValues.TryParseFixedTon(carrier.AddressRangeTon, out _))
        {
            failures.Add($"{key}:AddressRangeTon '{carrier.AddressRangeTon}' must be a TON between 0 and 6 (SMPP 3.4 §5.2.5); empty means 0 (unknown).");
        }

        if (!CarrierOptionValues.TryParseFixedNpi(carrier.AddressRangeNpi, out _))
        {
            failures.Add($"{key}:AddressRangeNpi '{carrier.AddressRangeNpi}' must be an NPI among {CarrierOptionValues.NpiValues} (SMPP 3.4 §5.2.6); empty means 0 (unknown).");
        }
    }

    /// <summary>
    /// What can be told about the client certificate settings without opening files (the instance check opens them):
    /// they need TLS, belong together and name absolute paths, since the certificate is read by the SMPP client,
    /// which knows nothing of the content root.
    /// </summary>
    private static void ValidateClientCertificateSettings(CarrierOptions carrier, int index, string key, List<string> failures)
    {
        CarrierTlsOptions tls = carrier.Tls;
        bool hasPath = !string.IsNullOrWhiteSpace(tls.ClientCertificatePath);
        if (!hasPath)
        {
            if (!string.IsNullOrWhiteSpace(tls.ClientCertificateKeyPath))
            {
                failures.Add($"{key}:Tls:ClientCertificateKeyPath is set without {key}:Tls:ClientCertificatePath; name the certificate the key belongs to.");
            }

            if (!string.IsNullOrEmpty(tls.ClientCertificatePassword))
            {
                failures.Add($"{key}:Tls:ClientCertificatePassword is set without {key}:Tls:ClientCertificatePath; name the certificate it opens (or remove Bridge__Carriers__{index.ToString(CultureInfo.InvariantCulture)}__Tls__ClientCertificatePassword).");
            }

            return;
        }

        if (!tls.Enabled)
        {
            failures.Add($"{key}:Tls:ClientCertificatePath is set but {key}:Tls:Enabled is false; a client certificate is only sent over TLS. Set Tls:Enabled to true or remove the path.");
            return;
        }

        CheckAbsolute(tls.ClientCertificatePath!, $"{key}:Tls:ClientCertificatePath", failures);
        if (!string.IsNullOrWhiteSpace(tls.ClientCertificateKeyPath))
        {
            CheckAbsolute(tls.ClientCertificateKeyPath, $"{key}:Tls:ClientCertificateKeyPath", failures);
        }
    }

    private static void CheckAbsolute(string path, string key, List<string> failures)
    {
        if (!Path.IsPathFullyQualified(path.Trim()))
        {
            failures.Add($"{key} '{path}' must be an absolute path (such as /etc/restcomm-smpp-bridge/carrier.pem).");
        }
    }

    private static void ValidateLink(CarrierOptions carrier, string key, List<string> failures)
    {
        if (carrier.Binds is < 1 or > 64)
        {
            failures.Add(Invariant($"{key}:Binds must be between 1 and 64 (got {carrier.Binds})."));
        }

        if (carrier.WindowSize is < 1 or > 100_000)
        {
            failures.Add(Invariant($"{key}:WindowSize must be between 1 and 100000 (got {carrier.WindowSize})."));
        }

        if (!double.IsFinite(carrier.Tps) || carrier.Tps < 0)
        {
            failures.Add(Invariant($"{key}:Tps must be 0 (unlimited) or a positive number of PDUs per second per bind (got {carrier.Tps})."));
        }

        CheckDuration(carrier.EnquireLinkInterval, TimeSpan.Zero, TimeSpan.FromHours(1), $"{key}:EnquireLinkInterval", "00:00:00 (off)", failures);
        CheckDuration(carrier.ResponseTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10), $"{key}:ResponseTimeout", "00:00:00.001", failures);
        if (carrier.LateResponseWindow is { } lateWindow)
        {
            CheckDuration(lateWindow, TimeSpan.Zero, TimeSpan.FromMinutes(10), $"{key}:LateResponseWindow", "00:00:00 (off)", failures);
        }

        CheckDuration(carrier.ConnectTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5), $"{key}:ConnectTimeout", "00:00:00.001", failures);
        CheckBackoff(carrier.ReconnectMinDelay, carrier.ReconnectMaxDelay, TimeSpan.FromDays(1), key,
            nameof(CarrierOptions.ReconnectMinDelay), nameof(CarrierOptions.ReconnectMaxDelay), failures);
        CheckBackoff(carrier.ThrottleMinPause, carrier.ThrottleMaxPause, TimeSpan.FromMinutes(10), key,
            nameof(CarrierOptions.ThrottleMinPause), nameof(CarrierOptions.ThrottleMaxPause), failures);

        if (carrier.MaxThrottleRetries is < 0 or > 1000)
        {
            failures.Add(Invariant($"{key}:MaxThrottleRetries must be between 0 and 1000 (got {carrier.MaxThrottleRetries})."));
        }

        if (carrier.RegisteredDelivery is < 0 or > 0x1F)
        {
            failures.Add(Invariant($"{key}:RegisteredDelivery must be between 0 and 31 (SMPP 3.4 §5.2.17; 1 = receipt on final outcome), got {carrier.RegisteredDelivery}."));
        }
    }

    private static void ValidateText(CarrierOptions carrier, string key, List<string> failures)
    {
        CheckTon(carrier.SourceTon, $"{key}:SourceTon", failures);
        CheckNpi(carrier.SourceNpi, $"{key}:SourceNpi", failures);
        CheckTon(carrier.DestTon, $"{key}:DestTon", failures);
        CheckNpi(carrier.DestNpi, $"{key}:DestNpi", failures);
        if (carrier.ShortCodeMaxDigits is < 0 or > 8)
        {
            failures.Add(Invariant($"{key}:ShortCodeMaxDigits must be between 0 (no short codes) and 8 (got {carrier.ShortCodeMaxDigits})."));
        }

        if (!CarrierOptionValues.IsValidTon(carrier.ShortCodeTon))
        {
            failures.Add(Invariant($"{key}:ShortCodeTon must be a TON between 0 and 6 (got {carrier.ShortCodeTon})."));
        }

        if (!CarrierOptionValues.IsValidNpi(carrier.ShortCodeNpi))
        {
            failures.Add(Invariant($"{key}:ShortCodeNpi must be one of {CarrierOptionValues.NpiValues} (got {carrier.ShortCodeNpi})."));
        }

        if (!CarrierOptionValues.TryParseCharset(carrier.DataCodingZeroCharset, out _))
        {
            failures.Add($"{key}:DataCodingZeroCharset '{carrier.DataCodingZeroCharset}' is not one of {CarrierOptionValues.Charsets}.");
        }

        if (!CarrierOptionValues.TryParseLongMessageMode(carrier.LongMessageMode, out _))
        {
            failures.Add($"{key}:LongMessageMode '{carrier.LongMessageMode}' is not one of {CarrierOptionValues.LongMessageModes}.");
        }

        CheckIdFormat(carrier.MessageIdFormat, $"{key}:MessageIdFormat", failures);
        CheckIdFormat(carrier.ReceiptTextIdFormat, $"{key}:ReceiptTextIdFormat", failures);
        CheckIdFormat(carrier.ReceiptedMessageIdFormat, $"{key}:ReceiptedMessageIdFormat", failures);
    }

    private static void ValidateRoutes(CarrierOptions carrier, string key, List<string> failures)
    {
        if (carrier.Routes.Count > 0 && CarrierOptionValues.TryParseBindType(carrier.BindType, out BindType bindType)
            && bindType == BindType.Receiver)
        {
            failures.Add($"{key}:Routes is set but BindType is Receiver: a receiver bind cannot send. Remove the routes or bind as Transmitter or Transceiver.");
        }

        Dictionary<string, int> prefixes = new(StringComparer.Ordinal);
        for (int i = 0; i < carrier.Routes.Count; i++)
        {
            CarrierRouteOptions route = carrier.Routes[i];
            string routeKey = Invariant($"{key}:Routes:{i}");
            if (route is null)
            {
                failures.Add($"{routeKey} is empty.");
                continue;
            }

            if (!CarrierOptionValues.TryNormalizePrefix(route.Prefix, out string digits))
            {
                failures.Add($"{routeKey}:Prefix '{route.Prefix}' must be digits with an optional leading '+', at most {CarrierOptionValues.MaxPrefixDigits} (empty = default route).");
            }
            else if (prefixes.TryGetValue(digits, out int first))
            {
                string shown = digits.Length == 0 ? "(default route)" : digits;
                failures.Add(Invariant($"{routeKey}:Prefix {shown} repeats {key}:Routes:{first}; give each prefix once."));
            }
            else
            {
                prefixes.Add(digits, i);
            }

            if (route.Preference is < 0 or > 65535)
            {
                failures.Add(Invariant($"{routeKey}:Preference must be between 0 and 65535 (got {route.Preference})."));
            }
        }
    }

    private static void CheckRawKeys(IConfiguration configuration, List<string> failures)
    {
        IConfigurationSection list = configuration.GetSection(CarriersOptions.CarriersKey);
        foreach (IConfigurationSection carrier in list.GetChildren())
        {
            string key = $"{CarriersOptions.CarriersKey}:{carrier.Key}";
            foreach (IConfigurationSection setting in carrier.GetChildren())
            {
                if (!s_carrierKeys.Contains(setting.Key))
                {
                    failures.Add($"{key}:{setting.Key} is not a carrier setting (misspelt?); it would be ignored.");
                }
                else if (setting.Key.Equals(nameof(CarrierOptions.Tls), StringComparison.OrdinalIgnoreCase))
                {
                    CheckChildren(setting, $"{key}:Tls", s_tlsKeys, "TLS setting", failures);
                }
                else if (setting.Key.Equals(nameof(CarrierOptions.Routes), StringComparison.OrdinalIgnoreCase))
                {
                    foreach (IConfigurationSection route in setting.GetChildren())
                    {
                        CheckChildren(route, $"{key}:Routes:{route.Key}", s_routeKeys, "route setting", failures);
                    }
                }
            }

            if (configuration is IConfigurationRoot root)
            {
                CheckSecretFile(root, key, "Password", $"Bridge__Carriers__{carrier.Key}__Password", failures);
                CheckSecretFile(root, key, "Tls:ClientCertificatePassword", $"Bridge__Carriers__{carrier.Key}__Tls__ClientCertificatePassword", failures);
            }
        }
    }

    private static void CheckSecretFile(IConfigurationRoot root, string key, string setting, string environmentName, List<string> failures)
    {
        if (PasswordFile(root, $"{key}:{setting}") is { } file)
        {
            failures.Add($"{key}:{setting} is written in {file}; remove it there and set it in the environment as {environmentName}.");
        }
    }

    private static void CheckChildren(IConfigurationSection section, string key, HashSet<string> known, string what, List<string> failures)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!known.Contains(child.Key))
            {
                failures.Add($"{key}:{child.Key} is not a {what} (misspelt?); it would be ignored.");
            }
        }
    }

    /// <summary>The appsettings file that holds <paramref name="key"/>, if any: committed files must hold no secrets.</summary>
    private static string? PasswordFile(IConfigurationRoot root, string key)
    {
        foreach (IConfigurationProvider provider in root.Providers)
        {
            if (provider is JsonConfigurationProvider json && json.Source.Path is { } path
                && Path.GetFileName(path).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
                && provider.TryGet(key, out string? value) && !string.IsNullOrEmpty(value))
            {
                return Path.GetFileName(path);
            }
        }

        return null;
    }

    private static void CheckCString(string value, int max, string key, List<string> failures)
    {
        if (value.Length > max)
        {
            failures.Add(Invariant($"{key} is {value.Length} characters long; SMPP allows at most {max} (SMPP 3.4 §4.1.1)."));
        }
        else if (!CarrierOptionValues.IsPrintableAscii(value))
        {
            failures.Add($"{key} must be printable ASCII (it travels as a C-Octet String).");
        }
    }

    /// <summary>A backoff's first and longest delay: each 1 ms to <paramref name="upper"/>, the longest not below the first.</summary>
    private static void CheckBackoff(TimeSpan min, TimeSpan max, TimeSpan upper, string key, string minName, string maxName,
        List<string> failures)
    {
        CheckDuration(min, TimeSpan.FromMilliseconds(1), upper, $"{key}:{minName}", "00:00:00.001", failures);
        CheckDuration(max, TimeSpan.FromMilliseconds(1), upper, $"{key}:{maxName}", "00:00:00.001", failures);
        if (max < min)
        {
            failures.Add(Invariant($"{key}:{maxName} ({max}) must not be shorter than {minName} ({min})."));
        }
    }

    private static void CheckDuration(TimeSpan value, TimeSpan min, TimeSpan max, string key, string minText, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add(Invariant($"{key} must be between {minText} and {max} (got {value})."));
        }
    }

    private static void CheckTon(string? value, string key, List<string> failures)
    {
        if (!CarrierOptionValues.TryParseTon(value, out _))
        {
            failures.Add($"{key} '{value}' must be 'auto' or a TON between 0 and 6 (SMPP 3.4 §5.2.5).");
        }
    }

    private static void CheckNpi(string? value, string key, List<string> failures)
    {
        if (!CarrierOptionValues.TryParseNpi(value, out _))
        {
            failures.Add($"{key} '{value}' must be 'auto' or an NPI among {CarrierOptionValues.NpiValues} (SMPP 3.4 §5.2.6).");
        }
    }

    private static void CheckIdFormat(string? value, string key, List<string> failures)
    {
        if (!CarrierOptionValues.TryParseMessageIdFormat(value, default, out _))
        {
            failures.Add($"{key} '{value}' is not one of {CarrierOptionValues.MessageIdFormats}.");
        }
    }

    private static bool IsNameText(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Key(int index) => Invariant($"{CarriersOptions.CarriersKey}:{index}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
