using System.Diagnostics.CodeAnalysis;

namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// Reads delivery receipts: the SMPP 3.4 Appendix B text
/// <c>id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…</c>
/// plus the receipt TLVs <c>receipted_message_id</c> (0x001E), <c>message_state</c> (0x0427) and
/// <c>network_error_code</c> (0x0423), which take precedence over the text when present.
/// </summary>
/// <remarks>
/// <para>
/// Appendix B is only an example, so the text is read leniently: keys are case-insensitive (<c>Text:</c>,
/// <c>ID:</c>), may appear in any order or not at all, <c>submit date</c>/<c>done date</c> may be written with an
/// underscore, and a key is recognised only at the start of the text or after white space. A value runs to the
/// next recognised key or to the end of the text, so a last field with no trailing space is kept. Fields that are
/// one token by nature (id, sub, dlvrd, dates, stat, err) keep only their first white-space-separated token, so an
/// unknown vendor field such as <c>mcc:234</c> after a known one is ignored. <c>text:</c> takes everything after it
/// to the end, spaces and colons included, and no key after it is recognised.
/// </para>
/// <para>
/// Dates are <c>YYMMDDhhmm</c> (Appendix B), <c>YYMMDDhhmmss</c>, <c>YYYYMMDDhhmm</c> or <c>YYYYMMDDhhmmss</c>.
/// Twelve digits are read as <c>YYMMDDhhmmss</c> when that is a valid date and as <c>YYYYMMDDhhmm</c> otherwise.
/// Two-digit years are 2000-2099.
/// </para>
/// </remarks>
public static partial class DeliveryReceiptParser
{
    private const string TrimChars = " \t\r\n\0";

    private enum Field : byte
    {
        None,
        Id,
        Submitted,
        Delivered,
        SubmitDate,
        DoneDate,
        Stat,
        Error,
        Text,
    }

    /// <summary>Parses a receipt from the octets and TLVs of a <c>deliver_sm</c> or <c>data_sm</c>.</summary>
    /// <param name="shortMessageOrPayload">short_message, or message_payload when short_message is empty.</param>
    /// <param name="dataCoding">
    /// The PDU's data_coding: 0x08 is UCS-2 (UTF-16BE), anything else Latin-1. A UCS-2 receipt sent with another
    /// data_coding is detected from its zero octets and decoded as UTF-16 (farhadi/node-smpp#68).
    /// </param>
    /// <param name="receiptedMessageIdTlv">The <c>receipted_message_id</c> TLV, or <see langword="null"/> when absent.</param>
    /// <param name="messageStateTlv">The <c>message_state</c> TLV, or <see langword="null"/> when absent.</param>
    /// <param name="networkErrorCodeTlv">The <c>network_error_code</c> TLV value, or empty when absent.</param>
    /// <param name="receipt">The receipt, or <see langword="null"/> when the input is not a receipt.</param>
    /// <returns>
    /// <see langword="false"/> only when there is neither a message id (TLV or <c>id:</c>) nor a state
    /// (TLV or <c>stat:</c>). A receipt with an id but no state has <see cref="MessageState.Unknown"/> and a
    /// <see langword="null"/> <see cref="DeliveryReceipt.RawStatus"/>.
    /// </returns>
    public static bool TryParse(
        ReadOnlySpan<byte> shortMessageOrPayload,
        byte dataCoding,
        string? receiptedMessageIdTlv,
        byte? messageStateTlv,
        ReadOnlySpan<byte> networkErrorCodeTlv,
        [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        string text = ReceiptTextDecoder.Decode(shortMessageOrPayload, dataCoding);
        return TryParseCore(text, receiptedMessageIdTlv, messageStateTlv, networkErrorCodeTlv, out receipt);
    }

    /// <summary>Parses a receipt from its already decoded text, without TLVs.</summary>
    /// <param name="text">The receipt text.</param>
    /// <param name="receipt">The receipt, or <see langword="null"/> when the text is not a receipt.</param>
    /// <returns><see langword="false"/> when the text has neither an <c>id:</c> nor a <c>stat:</c>.</returns>
    public static bool TryParseText(string text, [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, null, null, default, out receipt);
    }

    private static bool TryParseCore(
        string text,
        string? receiptedMessageIdTlv,
        byte? messageStateTlv,
        ReadOnlySpan<byte> networkErrorCodeTlv,
        [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        TextFields fields = ReadFields(text);

        string? tlvId = NullIfEmpty(receiptedMessageIdTlv.AsSpan().Trim(TrimChars), receiptedMessageIdTlv);
        MessageState? state = null;
        if (messageStateTlv is byte stateByte && stateByte <= (byte)MessageState.Skipped)
        {
            state = (MessageState)stateByte;
        }
        else if (fields.Stat is not null)
        {
            state = MessageStateExtensions.FromStatWord(fields.Stat);
        }
        else if (messageStateTlv.HasValue)
        {
            // A message_state outside §5.2.28 still says "this is a receipt"; report it as UNKNOWN.
            state = MessageState.Unknown;
        }

        string? messageId = tlvId ?? fields.Id;
        if (messageId is null && state is null)
        {
            receipt = null;
            return false;
        }

        MessageState finalState = state ?? MessageState.Unknown;
        NetworkErrorCode? networkError = null;
        if (NetworkErrorCode.TryParse(networkErrorCodeTlv, out NetworkErrorCode code))
        {
            networkError = code;
        }

        receipt = new DeliveryReceipt
        {
            MessageId = messageId,
            ReceiptedMessageId = tlvId,
            TextMessageId = fields.Id,
            State = finalState,
            IsFinal = finalState.IsFinal(),
            RawStatus = fields.Stat,
            Submitted = fields.Submitted,
            Delivered = fields.Delivered,
            SubmitDate = fields.SubmitDate,
            DoneDate = fields.DoneDate,
            ErrorCode = fields.Error,
            NetworkError = networkError,
            Text = fields.Text,
        };
        return true;
    }

    private static TextFields ReadFields(string text)
    {
        TextFields fields = default;
        ReadOnlySpan<char> span = text;
        Field current = Field.None;
        int valueStart = 0;
        int i = 0;
        while (i < span.Length && current != Field.Text)
        {
            int keyLength = MatchKey(span, i, out Field field);
            if (keyLength == 0)
            {
                i++;
                continue;
            }

            if (current != Field.None)
            {
                Assign(ref fields, current, span[valueStart..i]);
            }

            current = field;
            i += keyLength;
            valueStart = i;
        }

        if (current != Field.None)
        {
            Assign(ref fields, current, span[valueStart..]);
        }

        return fields;
    }

    // Returns the length of "key:" (optional spaces before the colon) when a recognised key starts at index.
    private static int MatchKey(ReadOnlySpan<char> text, int index, out Field field)
    {
        field = Field.None;
        if (index > 0 && !IsSeparator(text[index - 1]))
        {
            return 0;
        }

        ReadOnlySpan<char> rest = text[index..];
        int wordLength;
        if (TryMatchTwoWords(rest, "submit", out wordLength))
        {
            field = Field.SubmitDate;
        }
        else if (TryMatchTwoWords(rest, "done", out wordLength))
        {
            field = Field.DoneDate;
        }
        else if (TryMatchWord(rest, "dlvrd", out wordLength))
        {
            field = Field.Delivered;
        }
        else if (TryMatchWord(rest, "stat", out wordLength))
        {
            field = Field.Stat;
        }
        else if (TryMatchWord(rest, "text", out wordLength))
        {
            field = Field.Text;
        }
        else if (TryMatchWord(rest, "sub", out wordLength))
        {
            field = Field.Submitted;
        }
        else if (TryMatchWord(rest, "err", out wordLength))
        {
            field = Field.Error;
        }
        else if (TryMatchWord(rest, "id", out wordLength))
        {
            field = Field.Id;
        }
        else
        {
            return 0;
        }

        int colon = wordLength;
        while (colon < rest.Length && rest[colon] == ' ')
        {
            colon++;
        }

        if (colon < rest.Length && rest[colon] == ':')
        {
            return colon + 1;
        }

        field = Field.None;
        return 0;
    }

    // "submit date" / "done date" with one or more spaces or underscores between the words.
    private static bool TryMatchTwoWords(ReadOnlySpan<char> rest, string first, out int length)
    {
        length = 0;
        if (!rest.StartsWith(first, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int i = first.Length;
        int separatorStart = i;
        while (i < rest.Length && (rest[i] == ' ' || rest[i] == '_'))
        {
            i++;
        }

        if (i == separatorStart || !rest[i..].StartsWith("date", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        length = i + 4;
        return true;
    }

    private static bool TryMatchWord(ReadOnlySpan<char> rest, string word, out int length)
    {
        length = word.Length;
        return rest.StartsWith(word, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c == '\0';

    private static void Assign(ref TextFields fields, Field field, ReadOnlySpan<char> rawValue)
    {
        ReadOnlySpan<char> value = rawValue.Trim(TrimChars);
        ReadOnlySpan<char> token = FirstToken(value);
        switch (field)
        {
            case Field.Id:
                fields.Id ??= NullIfEmpty(token, null);
                break;
            case Field.Submitted:
                fields.Submitted ??= ParseCount(token);
                break;
            case Field.Delivered:
                fields.Delivered ??= ParseCount(token);
                break;
            case Field.SubmitDate:
                fields.SubmitDate ??= ParseDate(token);
                break;
            case Field.DoneDate:
                fields.DoneDate ??= ParseDate(token);
                break;
            case Field.Stat:
                fields.Stat ??= NullIfEmpty(token, null);
                break;
            case Field.Error:
                if (fields.Error is null && !token.Equals("nul", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    fields.Error = NullIfEmpty(token, null);
                }

                break;
            case Field.Text:
                fields.Text ??= NullIfEmpty(value, null);
                break;
            default:
                break;
        }
    }

    private static ReadOnlySpan<char> FirstToken(ReadOnlySpan<char> value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (IsSeparator(value[i]))
            {
                return value[..i];
            }
        }

        return value;
    }

    private static string? NullIfEmpty(ReadOnlySpan<char> value, string? whole)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        return whole is not null && value.Length == whole.Length ? whole : value.ToString();
    }

    private static int? ParseCount(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty || token.Length > 9)
        {
            return null;
        }

        int result = 0;
        foreach (char c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            result = (result * 10) + (c - '0');
        }

        return result;
    }

    private static DateTime? ParseDate(ReadOnlySpan<char> token)
    {
        foreach (char c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return token.Length switch
        {
            10 => BuildDate(2000 + Digits(token, 0, 2), token[2..], hasSeconds: false),
            12 => BuildDate(2000 + Digits(token, 0, 2), token[2..], hasSeconds: true)
                ?? BuildFourDigitYearDate(token, hasSeconds: false),
            14 => BuildFourDigitYearDate(token, hasSeconds: true),
            _ => null,
        };
    }

    private static DateTime? BuildFourDigitYearDate(ReadOnlySpan<char> token, bool hasSeconds)
    {
        int year = Digits(token, 0, 4);

        // Four-digit years are a workaround some SMSCs apply; anything outside 1900-2099 means we misread the form.
        return year is < 1900 or > 2099 ? null : BuildDate(year, token[4..], hasSeconds);
    }

    // rest is MMDDhhmm[ss].
    private static DateTime? BuildDate(int year, ReadOnlySpan<char> rest, bool hasSeconds)
    {
        int month = Digits(rest, 0, 2);
        int day = Digits(rest, 2, 2);
        int hour = Digits(rest, 4, 2);
        int minute = Digits(rest, 6, 2);
        int second = hasSeconds ? Digits(rest, 8, 2) : 0;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
    }

    private static int Digits(ReadOnlySpan<char> token, int start, int count)
    {
        int result = 0;
        for (int i = start; i < start + count; i++)
        {
            result = (result * 10) + (token[i] - '0');
        }

        return result;
    }

    private struct TextFields
    {
        public string? Id;
        public int? Submitted;
        public int? Delivered;
        public DateTime? SubmitDate;
        public DateTime? DoneDate;
        public string? Stat;
        public string? Error;
        public string? Text;
    }
}
