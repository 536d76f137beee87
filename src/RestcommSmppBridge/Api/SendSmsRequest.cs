using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace RestcommSmppBridge.Api;

/// <summary>
/// The form of <c>POST …/SMS/Messages</c> (restcomm.md §1.3), validated. Missing parameters give Restcomm's own texts
/// ("From can not be null."); the plausibility checks, the Body limit and <c>StatusCallbackMethod</c> are ours.
/// </summary>
internal sealed record SendSmsRequest(string From, string To, string Body, string? StatusCallback, string StatusCallbackMethod,
    string? Encoding)
{
    /// <summary>The stored <see cref="Storage.SmsMessage.Encoding"/> when the client asks for UCS-2.</summary>
    public const string Ucs2Encoding = "UCS2";

    /// <summary>Longest alphanumeric sender (GSM 03.40 §9.1.2.5: 11 characters in 7-bit).</summary>
    public const int MaxAlphanumericSenderLength = 11;

    /// <summary>Longest numeric address: SMPP 3.4 §5.2.8/§5.2.9 allow 20 characters for source and destination.</summary>
    public const int MaxAddressLength = 20;

    /// <summary>
    /// The parameters a send may carry: Restcomm's (<c>ApiVersion</c> is accepted and ignored: the bridge stores only
    /// 2012-04-24) and our <c>StatusCallbackMethod</c>. <c>X-*</c> names are accepted and ignored too.
    /// </summary>
    public static readonly string[] Parameters = ["From", "To", "Body", "StatusCallback", "StatusCallbackMethod", "Encoding", "ApiVersion"];

    /// <summary>Unicode characters (scalar values) in <paramref name="text"/>: a surrogate pair counts once, a lone surrogate once.</summary>
    internal static int CountCharacters(string text)
    {
        int count = 0;
        foreach (System.Text.Rune _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Reads and checks the form; the first mistake found becomes <paramref name="error"/>.</summary>
    public static bool TryParse(IFormCollection form, int maxBodyLength, [NotNullWhen(true)] out SendSmsRequest? request,
        [NotNullWhen(false)] out ApiError? error)
    {
        request = null;
        if (ApiRequests.TryFindUnknown(form, Parameters, allowXHeaders: true, out error))
        {
            return false;
        }

        string? from = Single(form, "From");
        string? to = Single(form, "To");
        string? body = Single(form, "Body");

        // Same order and texts as Restcomm's validate(): From, To, Body.
        if (string.IsNullOrEmpty(from))
        {
            error = ApiError.BadRequest("From can not be null.", ApiErrorCodes.FromMissing);
            return false;
        }

        if (string.IsNullOrEmpty(to))
        {
            error = ApiError.BadRequest("To can not be null.", ApiErrorCodes.ToMissing);
            return false;
        }

        if (string.IsNullOrEmpty(body))
        {
            error = ApiError.BadRequest("Body can not be null.", ApiErrorCodes.BodyMissing);
            return false;
        }

        if (LooksLikeUnencodedPlus(from) || LooksLikeUnencodedPlus(to))
        {
            // A raw '+' in an x-www-form-urlencoded body decodes to a space: the most common client mistake.
            bool fromIsWrong = LooksLikeUnencodedPlus(from);
            error = ApiError.BadRequest(
                $"{(fromIsWrong ? "From" : "To")} starts with a space: a + in a form body must be sent encoded as %2B.",
                fromIsWrong ? ApiErrorCodes.InvalidFrom : ApiErrorCodes.InvalidTo);
            return false;
        }

        if (!IsPhoneNumber(from) && !IsAlphanumericSender(from))
        {
            error = ApiError.BadRequest(
                "From must be a phone number (digits with an optional leading +, at most 20) or an alphanumeric sender of at most 11 letters and digits.",
                ApiErrorCodes.InvalidFrom);
            return false;
        }

        if (!IsPhoneNumber(to))
        {
            error = ApiError.BadRequest("To must be a phone number (digits with an optional leading +, at most 20).", ApiErrorCodes.InvalidTo);
            return false;
        }

        // Characters as a person counts them: an emoji (two UTF-16 units) is one. Never more than the units, so a body
        // within the limit in units (nearly every one) is not counted.
        if (body.Length > maxBodyLength && CountCharacters(body) is int characters && characters > maxBodyLength)
        {
            error = ApiError.BadRequest($"Body is too long: {characters} characters, the maximum is {maxBodyLength}.", ApiErrorCodes.BodyTooLong);
            return false;
        }

        string? statusCallback = Single(form, "StatusCallback");
        if (string.IsNullOrEmpty(statusCallback))
        {
            statusCallback = null;
        }
        else if (!IsAbsoluteHttpUrl(statusCallback))
        {
            error = ApiError.BadRequest("StatusCallback must be an absolute http or https URL.", ApiErrorCodes.InvalidStatusCallback);
            return false;
        }

        string? method = Single(form, "StatusCallbackMethod");
        string? normalizedMethod = string.IsNullOrEmpty(method) ? "POST" : NormalizeMethod(method);
        if (normalizedMethod is null)
        {
            error = ApiError.BadRequest("StatusCallbackMethod must be GET or POST.");
            return false;
        }

        if (!TryParseEncoding(Single(form, "Encoding"), out string? encoding))
        {
            // Restcomm answers 500 here (the enum lookup throws outside its try block); a 400 says what is wrong.
            error = ApiError.BadRequest("Encoding must be GSM, UCS-2 or UTF-8.");
            return false;
        }

        request = new SendSmsRequest(from, to, body, statusCallback, normalizedMethod, encoding);
        error = null;
        return true;
    }

    /// <summary>Digits with an optional leading <c>+</c>, 1 to <see cref="MaxAddressLength"/> digits.</summary>
    public static bool IsPhoneNumber(string value)
    {
        ReadOnlySpan<char> digits = value.StartsWith('+') ? value.AsSpan(1) : value.AsSpan();
        if (digits.Length == 0 || digits.Length > MaxAddressLength)
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// 1 to 11 ASCII letters, digits or spaces, with at least one letter (an all-digit value is a number, checked above),
    /// not starting or ending with a space.
    /// </summary>
    public static bool IsAlphanumericSender(string value)
    {
        if (value.Length == 0 || value.Length > MaxAlphanumericSenderLength || value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        bool hasLetter = false;
        foreach (char c in value)
        {
            if (char.IsAsciiLetter(c))
            {
                hasLetter = true;
            }
            else if (!char.IsAsciiDigit(c) && c != ' ')
            {
                return false;
            }
        }

        return hasLetter;
    }

    /// <summary>
    /// Restcomm's <c>Encoding</c> parameter (restcomm.md §1.3), any case, <c>-</c> or <c>_</c>. <c>UCS-2</c> forces
    /// UCS-2 (stored as <see cref="Ucs2Encoding"/>); <c>GSM</c>, <c>UTF-8</c> or none leave the choice to the outbound
    /// side (null), which uses GSM 7-bit when every character fits and UCS-2 otherwise, instead of Restcomm's '?'.
    /// </summary>
    public static bool TryParseEncoding(string? value, out string? encoding)
    {
        encoding = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        string normalized = value.Replace('_', '-');
        if (string.Equals(normalized, "UCS-2", StringComparison.OrdinalIgnoreCase))
        {
            encoding = Ucs2Encoding;
            return true;
        }

        return string.Equals(normalized, "GSM", StringComparison.OrdinalIgnoreCase)
            || string.Equals(normalized, "UTF-8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A space followed by a valid number: what <c>+1555…</c> becomes when the client forgot to encode the +.</summary>
    public static bool LooksLikeUnencodedPlus(string value) =>
        value.Length > 1 && value[0] == ' ' && IsPhoneNumber(value[1..]);

    /// <summary>An absolute <c>http</c> or <c>https</c> URL with a host.</summary>
    public static bool IsAbsoluteHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary><c>GET</c> or <c>POST</c> in any case, upper-cased; null for anything else.</summary>
    public static string? NormalizeMethod(string value)
    {
        if (string.Equals(value, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return "GET";
        }

        return string.Equals(value, "POST", StringComparison.OrdinalIgnoreCase) ? "POST" : null;
    }

    // Restcomm reads the first value of a repeated parameter (getFirst).
    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out StringValues values) && values.Count > 0 ? values[0] : null;
}
