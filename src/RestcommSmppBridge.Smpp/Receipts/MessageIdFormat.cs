namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// How a carrier writes message ids in one place (submit_sm_resp, receipt text or <c>receipted_message_id</c>).
/// <see cref="MessageIdNormalizer"/> turns an id and its format into a canonical key; two ids match when their
/// keys are equal, so a hexadecimal submit_sm_resp id and a decimal receipt id for the same number match.
/// </summary>
public enum MessageIdFormat : byte
{
    /// <summary>The id is compared exactly as sent (ordinal, not trimmed).</summary>
    AsIs = 0,

    /// <summary>
    /// Trimmed and upper-cased (invariant): alphanumeric ids and UUIDs whose case varies between the response and
    /// the receipt (jookies/jasmin#916). The default.
    /// </summary>
    CaseInsensitive = 1,

    /// <summary>
    /// Trimmed, upper-cased and stripped of leading zeros: alphanumeric ids padded to a fixed width in one place
    /// only (jookies/jasmin#408, #423).
    /// </summary>
    StripLeadingZeros = 2,

    /// <summary>
    /// Decimal digits, compared by numeric value of any size (<c>000024</c> = <c>24</c>, jookies/jasmin#375;
    /// 20-digit ids beyond <see cref="long.MaxValue"/>, #586). The key is the decimal value.
    /// </summary>
    Decimal = 3,

    /// <summary>
    /// Hexadecimal digits (either case), compared by numeric value of any size; the key is the decimal value, so
    /// <c>00B8BE19</c> matches a <see cref="Decimal"/> <c>12107289</c> (jookies/jasmin#1129, Kannel msg-id-type).
    /// </summary>
    Hexadecimal = 4,
}
