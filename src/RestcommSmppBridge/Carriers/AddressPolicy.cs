using System.Diagnostics.CodeAnalysis;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// How one carrier wants the TON/NPI of one side (source or destination) of a submit_sm: detected from the address
/// (<see cref="Ton"/> and <see cref="Npi"/> null, the default) or fixed. Each of the two may be fixed alone.
/// </summary>
public sealed record TonNpiSetting
{
    /// <summary>Detect both from the address, with the default short-code rule.</summary>
    public static TonNpiSetting Auto { get; } = new();

    /// <summary>A fixed TON, or null to detect it. Default null.</summary>
    public TypeOfNumber? Ton { get; init; }

    /// <summary>A fixed NPI, or null to detect it. Default null.</summary>
    public NumberingPlan? Npi { get; init; }

    /// <summary>All-digit addresses of at most this many digits are short codes; 0 = none are. Default 6.</summary>
    public int ShortCodeMaxDigits { get; init; } = AddressPolicy.DefaultShortCodeMaxDigits;

    /// <summary>Detected TON of a short code. Default 3 (network specific), as Inetlab-based SMSCs expect.</summary>
    public TypeOfNumber ShortCodeTon { get; init; } = TypeOfNumber.NetworkSpecific;

    /// <summary>Detected NPI of a short code. Default 0 (unknown).</summary>
    public NumberingPlan ShortCodeNpi { get; init; } = NumberingPlan.Unknown;
}

/// <summary>An address as it goes into a PDU: TON, NPI and the text (never with a '+').</summary>
/// <param name="Ton">source_addr_ton or dest_addr_ton.</param>
/// <param name="Npi">source_addr_npi or dest_addr_npi.</param>
/// <param name="Address">source_addr or destination_addr.</param>
public readonly record struct SmppAddress(TypeOfNumber Ton, NumberingPlan Npi, string Address);

/// <summary>
/// Turns an API address (<c>+447700900123</c>, <c>447700900123</c>, <c>12345</c>, <c>ACME</c>) into what a carrier's
/// SMSC expects, following the auto-detect rule of smpp.md §5 (the rule of Kannel and Restcomm):
/// <list type="table">
/// <item><term><c>+</c> and digits</term><description>1/1 (international, E.164), the <c>+</c> stripped: SMPP carries
/// the digits only.</description></item>
/// <item><term>digits, more than <see cref="TonNpiSetting.ShortCodeMaxDigits"/></term><description>1/1 as well: the
/// REST API takes full international numbers (Twilio and Restcomm accept them without the <c>+</c>, and Restcomm
/// sends everything as 1/1). Carriers that want national numbers fix the TON to 2.</description></item>
/// <item><term>digits, at most <see cref="TonNpiSetting.ShortCodeMaxDigits"/> (6)</term><description>a short code:
/// <see cref="TonNpiSetting.ShortCodeTon"/>/<see cref="TonNpiSetting.ShortCodeNpi"/>, by default 3/0 (network
/// specific). No E.164 number with its country code is that short, so nothing international is misread.</description></item>
/// <item><term>anything else</term><description>5/0 alphanumeric: at most 11 characters (the GSM 03.40 TP-OA limit)
/// of printable ASCII, otherwise an error.</description></item>
/// </list>
/// A fixed <see cref="TonNpiSetting.Ton"/> or <see cref="TonNpiSetting.Npi"/> replaces the detected value; the text
/// is still checked and the <c>+</c> still stripped. Numbers have at most 20 digits (destination_addr is a
/// C-Octet String of 21, SMPP 3.4 §5.2.9; Kannel rejects longer ones too).
/// </summary>
public static class AddressPolicy
{
    /// <summary>Default <see cref="TonNpiSetting.ShortCodeMaxDigits"/>.</summary>
    public const int DefaultShortCodeMaxDigits = 6;

    /// <summary>Longest alphanumeric address: 11 characters (GSM 03.40 §9.1.2.5, TP-OA of 10 octets of packed septets).</summary>
    public const int MaxAlphanumericLength = 11;

    /// <summary>Longest numeric address: 20 digits.</summary>
    public const int MaxDigits = 20;

    /// <summary>Applies the policy; throws <see cref="ArgumentException"/> naming the problem when the address cannot be sent.</summary>
    public static SmppAddress Apply(string address, TonNpiSetting setting)
    {
        if (!TryApply(address, setting, out SmppAddress result, out string? error))
        {
            throw new ArgumentException(error, nameof(address));
        }

        return result;
    }

    /// <summary>Applies the policy; false with a message when the address cannot be sent.</summary>
    public static bool TryApply(string? address, TonNpiSetting setting, out SmppAddress result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(setting);
        result = default;
        string text = address?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "the address is empty";
            return false;
        }

        TypeOfNumber ton;
        NumberingPlan npi;
        if (text[0] == '+')
        {
            string digits = text[1..];
            if (!IsDigits(digits))
            {
                error = "a '+' must be followed by digits only";
                return false;
            }

            if (digits.Length > MaxDigits)
            {
                error = $"a number has at most {MaxDigits} digits, got {digits.Length}";
                return false;
            }

            text = digits;
            ton = TypeOfNumber.International;
            npi = NumberingPlan.Isdn;
        }
        else if (IsDigits(text))
        {
            if (text.Length > MaxDigits)
            {
                error = $"a number has at most {MaxDigits} digits, got {text.Length}";
                return false;
            }

            bool shortCode = text.Length <= setting.ShortCodeMaxDigits;
            ton = shortCode ? setting.ShortCodeTon : TypeOfNumber.International;
            npi = shortCode ? setting.ShortCodeNpi : NumberingPlan.Isdn;
        }
        else
        {
            if (text.Length > MaxAlphanumericLength)
            {
                error = $"an alphanumeric address has at most {MaxAlphanumericLength} characters, got {text.Length}";
                return false;
            }

            if (!CarrierOptionValues.IsPrintableAscii(text))
            {
                error = "an alphanumeric address must be printable ASCII";
                return false;
            }

            ton = TypeOfNumber.Alphanumeric;
            npi = NumberingPlan.Unknown;
        }

        result = new SmppAddress(setting.Ton ?? ton, setting.Npi ?? npi, text);
        error = null;
        return true;
    }

    /// <summary>True when <paramref name="address"/> is a number (digits with an optional leading '+').</summary>
    public static bool IsNumber(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        ReadOnlySpan<char> span = address.AsSpan().Trim();
        if (span.Length > 0 && span[0] == '+')
        {
            span = span[1..];
        }

        return IsDigits(span);
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
}
