using System.Globalization;
using System.Numerics;

namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// Turns message ids into canonical keys so that a delivery receipt can be matched to the id returned in
/// submit_sm_resp, even when the carrier writes the two differently (hex vs decimal, leading zeros, case).
/// </summary>
/// <remarks>
/// <para>
/// Store <see cref="SubmitKey"/> of each submit_sm_resp id, look receipts up by <see cref="ReceiptKey"/>.
/// Numeric formats produce the decimal value of the id with no leading zeros (arbitrary size, so 20-digit ids
/// above <see cref="ulong.MaxValue"/> work); string formats produce the trimmed, upper-cased id.
/// </para>
/// <para>
/// Ids that do not fit their declared numeric format (a <c>G</c> in a hex id, a letter in a decimal one) never
/// throw: their key falls back to the <see cref="MessageIdFormat.CaseInsensitive"/> form. Such a key contains a
/// non-digit, so it can never collide with a numeric key, and an id sent identically in both places still matches.
/// </para>
/// </remarks>
public static class MessageIdNormalizer
{
    // UInt128 holds any 32-digit hex value without allocating; longer ids go through BigInteger.
    private const int MaxUInt128HexDigits = 32;

    /// <summary>Computes the canonical key of an id written in <paramref name="format"/>.</summary>
    /// <param name="id">The id as sent; <see langword="null"/> is treated as empty.</param>
    /// <param name="format">How the id is written.</param>
    /// <returns>The key; empty for an empty or blank id.</returns>
    public static string Normalize(string? id, MessageIdFormat format)
    {
        if (string.IsNullOrEmpty(id))
        {
            return string.Empty;
        }

        if (format == MessageIdFormat.AsIs)
        {
            return id;
        }

        ReadOnlySpan<char> trimmed = id.AsSpan().Trim();
        return format switch
        {
            MessageIdFormat.StripLeadingZeros => CaseFold(StripZeros(trimmed)),
            MessageIdFormat.Decimal => IsAll(trimmed, hex: false) ? StripZeros(trimmed).ToString() : CaseFold(trimmed),
            MessageIdFormat.Hexadecimal => IsAll(trimmed, hex: true) ? HexToDecimal(trimmed) : CaseFold(trimmed),
            _ => CaseFold(trimmed),
        };
    }

    /// <summary>Computes the key of a submit_sm_resp message_id for a carrier.</summary>
    /// <param name="submitId">The message_id from submit_sm_resp.</param>
    /// <param name="options">The carrier's id formats.</param>
    /// <returns>The key to store with the submitted message.</returns>
    public static string SubmitKey(string? submitId, MessageIdMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Normalize(submitId, options.SubmitResponseFormat);
    }

    /// <summary>
    /// Computes the key of a receipt for a carrier: from <see cref="DeliveryReceipt.ReceiptedMessageId"/> when
    /// present (the TLV wins), else from <see cref="DeliveryReceipt.TextMessageId"/>.
    /// </summary>
    /// <param name="receipt">The parsed receipt.</param>
    /// <param name="options">The carrier's id formats.</param>
    /// <returns>The key to look the submitted message up by; empty when the receipt carries no id.</returns>
    public static string ReceiptKey(DeliveryReceipt receipt, MessageIdMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(options);
        return receipt.ReceiptedMessageId is not null
            ? Normalize(receipt.ReceiptedMessageId, options.ReceiptedMessageIdFormat)
            : Normalize(receipt.TextMessageId, options.ReceiptTextFormat);
    }

    /// <summary>
    /// Tells whether a receipt's text <c>id:</c> designates the message whose submit_sm_resp carried
    /// <paramref name="submitId"/>.
    /// </summary>
    /// <param name="submitId">The message_id from submit_sm_resp.</param>
    /// <param name="receiptId">The <c>id:</c> from the receipt text.</param>
    /// <param name="options">The carrier's id formats.</param>
    /// <returns><see langword="true"/> when both keys are equal and not empty.</returns>
    public static bool Matches(string? submitId, string? receiptId, MessageIdMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return KeysMatch(Normalize(submitId, options.SubmitResponseFormat), Normalize(receiptId, options.ReceiptTextFormat));
    }

    /// <summary>
    /// Tells whether a receipt designates the message whose submit_sm_resp carried <paramref name="submitId"/>,
    /// using <see cref="ReceiptKey"/>.
    /// </summary>
    /// <param name="submitId">The message_id from submit_sm_resp.</param>
    /// <param name="receipt">The parsed receipt.</param>
    /// <param name="options">The carrier's id formats.</param>
    /// <returns><see langword="true"/> when both keys are equal and not empty.</returns>
    public static bool Matches(string? submitId, DeliveryReceipt receipt, MessageIdMatchOptions options) =>
        KeysMatch(SubmitKey(submitId, options), ReceiptKey(receipt, options));

    private static bool KeysMatch(string submitKey, string receiptKey) =>
        submitKey.Length > 0 && string.Equals(submitKey, receiptKey, StringComparison.Ordinal);

    private static string CaseFold(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return string.Empty;
        }

        return string.Create(id.Length, id, static (destination, source) => source.ToUpperInvariant(destination));
    }

    // Keeps a single "0" for an all-zero id, so "000" and "0" stay equal but non-empty.
    private static ReadOnlySpan<char> StripZeros(ReadOnlySpan<char> id)
    {
        ReadOnlySpan<char> stripped = id.TrimStart('0');
        return stripped.IsEmpty && !id.IsEmpty ? "0" : stripped;
    }

    private static bool IsAll(ReadOnlySpan<char> id, bool hex)
    {
        if (id.IsEmpty)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!(hex ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static string HexToDecimal(ReadOnlySpan<char> hex)
    {
        ReadOnlySpan<char> digits = StripZeros(hex);
        if (digits.Length <= MaxUInt128HexDigits)
        {
            UInt128 value = UInt128.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return value.ToString(CultureInfo.InvariantCulture);
        }

        // BigInteger reads a leading hex digit >= 8 as a sign bit; the leading zero keeps the value positive.
        // Ids this long are rare and their length is caller-controlled, so build a string rather than stackalloc.
        string positive = string.Concat("0", digits);
        BigInteger big = BigInteger.Parse(positive, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return big.ToString(CultureInfo.InvariantCulture);
    }
}
