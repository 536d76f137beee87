using System.Globalization;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Carriers;

/// <summary>
/// Parsing of the string-valued carrier settings, shared by the validator (which reports what fails) and
/// <see cref="CarrierProfile"/> (which maps what passed). Names match case-insensitively; null or empty is the default.
/// </summary>
internal static class CarrierOptionValues
{
    public const string Auto = "auto";

    public const string BindTypes = "Transmitter, Receiver, Transceiver";

    public const string Charsets = "Gsm7, Gsm7Packed, Latin1, Ascii";

    public const string LongMessageModes = "UdhConcat8, UdhConcat16, Sar, MessagePayload";

    public const string MessageIdFormats = "CaseInsensitive, Decimal, Hexadecimal, StripLeadingZeros, AsIs";

    public const string NpiValues = "0, 1, 3, 4, 6, 8, 9, 10, 14, 18";

    /// <summary>Longest prefix: destination_addr holds at most 20 characters (SMPP 3.4 §5.2.9, C-Octet String of 21).</summary>
    public const int MaxPrefixDigits = 20;

    public static bool TryParseBindType(string? value, out BindType bindType)
    {
        bindType = BindType.Transceiver;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "TRANSMITTER":
                bindType = BindType.Transmitter;
                return true;
            case "RECEIVER":
                bindType = BindType.Receiver;
                return true;
            case "TRANSCEIVER":
                return true;
            default:
                return false;
        }
    }

    public static bool TryParseCharset(string? value, out DefaultAlphabet alphabet)
    {
        alphabet = DefaultAlphabet.Gsm7Unpacked;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "GSM7":
                return true;
            case "GSM7PACKED":
                alphabet = DefaultAlphabet.Gsm7Packed;
                return true;
            case "LATIN1":
                alphabet = DefaultAlphabet.Latin1;
                return true;
            case "ASCII":
                alphabet = DefaultAlphabet.Ascii;
                return true;
            default:
                return false;
        }
    }

    public static bool TryParseLongMessageMode(string? value, out LongMessageMode mode)
    {
        mode = LongMessageMode.UdhConcat8;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "UDHCONCAT8":
                return true;
            case "UDHCONCAT16":
                mode = LongMessageMode.UdhConcat16;
                return true;
            case "SAR":
                mode = LongMessageMode.SarTlv;
                return true;
            case "MESSAGEPAYLOAD":
                mode = LongMessageMode.MessagePayload;
                return true;
            default:
                return false;
        }
    }

    public static bool TryParseMessageIdFormat(string? value, MessageIdFormat fallback, out MessageIdFormat format)
    {
        format = fallback;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "CASEINSENSITIVE":
                format = MessageIdFormat.CaseInsensitive;
                return true;
            case "DECIMAL":
                format = MessageIdFormat.Decimal;
                return true;
            case "HEXADECIMAL":
                format = MessageIdFormat.Hexadecimal;
                return true;
            case "STRIPLEADINGZEROS":
                format = MessageIdFormat.StripLeadingZeros;
                return true;
            case "ASIS":
                format = MessageIdFormat.AsIs;
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>auto</c> (or empty) gives null; a number 0..6 gives that TON (SMPP 3.4 §5.2.5).</summary>
    public static bool TryParseTon(string? value, out TypeOfNumber? ton)
    {
        ton = null;
        if (IsAuto(value))
        {
            return true;
        }

        if (TryParseTonNumber(value, out TypeOfNumber number))
        {
            ton = number;
            return true;
        }

        return false;
    }

    /// <summary><c>auto</c> (or empty) gives null; a defined NPI number gives that NPI (SMPP 3.4 §5.2.6).</summary>
    public static bool TryParseNpi(string? value, out NumberingPlan? npi)
    {
        npi = null;
        if (IsAuto(value))
        {
            return true;
        }

        if (TryParseNpiNumber(value, out NumberingPlan number))
        {
            npi = number;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A TON written as a number 0..6 (SMPP 3.4 §5.2.5), with empty meaning 0 (unknown): for settings that, unlike the
    /// submit_sm addresses, have no <c>auto</c> (the bind's addr_ton).
    /// </summary>
    public static bool TryParseFixedTon(string? value, out TypeOfNumber ton)
    {
        ton = TypeOfNumber.Unknown;
        return string.IsNullOrWhiteSpace(value) || TryParseTonNumber(value.Trim(), out ton);
    }

    /// <summary>An NPI written as a defined number (SMPP 3.4 §5.2.6), with empty meaning 0 (unknown): the bind's addr_npi.</summary>
    public static bool TryParseFixedNpi(string? value, out NumberingPlan npi)
    {
        npi = NumberingPlan.Unknown;
        return string.IsNullOrWhiteSpace(value) || TryParseNpiNumber(value.Trim(), out npi);
    }

    private static bool TryParseTonNumber(string? value, out TypeOfNumber ton)
    {
        bool parsed = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && IsValidTon(number);
        ton = parsed ? (TypeOfNumber)number : TypeOfNumber.Unknown;
        return parsed;
    }

    private static bool TryParseNpiNumber(string? value, out NumberingPlan npi)
    {
        bool parsed = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && IsValidNpi(number);
        npi = parsed ? (NumberingPlan)number : NumberingPlan.Unknown;
        return parsed;
    }

    public static bool IsValidTon(int value) => value is >= 0 and <= 6;

    public static bool IsValidNpi(int value) => value is 0 or 1 or 3 or 4 or 6 or 8 or 9 or 10 or 14 or 18;

    /// <summary>A prefix without its optional leading '+'; false when anything but digits remains or it is too long.</summary>
    public static bool TryNormalizePrefix(string? value, out string digits)
    {
        digits = string.Empty;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        ReadOnlySpan<char> span = value.AsSpan().Trim();
        if (span.Length > 0 && span[0] == '+')
        {
            span = span[1..];
        }

        if (span.Length > MaxPrefixDigits || span.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        digits = span.ToString();
        return true;
    }

    /// <summary>True for a C-Octet String value SMPP can carry: printable ASCII only.</summary>
    public static bool IsPrintableAscii(string value) => !value.AsSpan().ContainsAnyExceptInRange(' ', '~');

    private static bool IsAuto(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Equals(Auto, StringComparison.OrdinalIgnoreCase);
}
