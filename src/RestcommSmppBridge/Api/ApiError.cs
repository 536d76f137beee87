namespace RestcommSmppBridge.Api;

/// <summary>
/// A refused request: the HTTP status, the message shown to the client (Restcomm's own text where it has one) and,
/// where one fits, the Twilio error code a Twilio-minded client already knows. Written by
/// <see cref="RestcommResult.Error(ResponseFormat, ApiError)"/> in the requested format.
/// </summary>
/// <param name="StatusCode">The HTTP status, 4xx (or 5xx for our own failures).</param>
/// <param name="Message">One sentence saying what is wrong and how to fix it.</param>
/// <param name="Code">A Twilio error code (<see cref="ApiErrorCodes"/>), or null when none fits.</param>
internal sealed record ApiError(int StatusCode, string Message, int? Code = null)
{
    public static ApiError BadRequest(string message, int? code = null) => new(StatusCodes.Status400BadRequest, message, code);
}

/// <summary>
/// The Twilio error codes the API uses (twilio.com/docs/api/errors), only where Twilio's meaning is exactly ours or
/// where Restcomm itself answers with the code; other errors carry no code rather than a misleading one.
/// </summary>
internal static class ApiErrorCodes
{
    /// <summary>20004: the resource does not support the HTTP method.</summary>
    public const int MethodNotAllowed = 20004;

    /// <summary>20005: the account is not active.</summary>
    public const int AccountNotActive = 20005;

    /// <summary>20404: no resource at that URL.</summary>
    public const int NotFound = 20404;

    /// <summary>21211: invalid 'To' phone number.</summary>
    public const int InvalidTo = 21211;

    /// <summary>21212: invalid 'From' number.</summary>
    public const int InvalidFrom = 21212;

    /// <summary>21602: message body is required.</summary>
    public const int BodyMissing = 21602;

    /// <summary>21603: 'From' is required.</summary>
    public const int FromMissing = 21603;

    /// <summary>21604: 'To' is required.</summary>
    public const int ToMissing = 21604;

    /// <summary>21609: invalid StatusCallback URL.</summary>
    public const int InvalidStatusCallback = 21609;

    /// <summary>21617: the message body exceeds the length limit.</summary>
    public const int BodyTooLong = 21617;

    /// <summary>
    /// 21452: Restcomm's answer (400, body <c>21452</c>) when it cannot provision an IncomingPhoneNumber, among others
    /// one it already has. Restcomm's use of the code, kept so its clients see the same answer.
    /// </summary>
    public const int PhoneNumberAlreadyProvisioned = 21452;
}
