namespace RestcommSmppBridge.Api;

/// <summary>
/// Log events of the REST API, EventIds 5000–5049 (5050–5099: account seeding, see
/// <c>Hosting/AccountsSeeder.Log.cs</c>). Never logs tokens or passwords; message bodies only at Debug.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 5000, EventName = "RequestRejected", Level = LogLevel.Information,
        Message = "{Method} {Path} rejected with {StatusCode}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string method, PathString path, int statusCode, string reason);

    [LoggerMessage(EventId = 5001, EventName = "AuthenticationFailed", Level = LogLevel.Warning,
        Message = "Authentication failed for {Method} {Path} (user {AccountSid}): {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string method, PathString path, string? accountSid, string reason);

    [LoggerMessage(EventId = 5002, EventName = "AccountNotActive", Level = LogLevel.Warning,
        Message = "Account {AccountSid} is {AccountStatus}; request {Method} {Path} refused")]
    public static partial void AccountNotActive(ILogger logger, string accountSid, string accountStatus, string method, PathString path);

    [LoggerMessage(EventId = 5003, EventName = "CrossAccountDenied", Level = LogLevel.Warning,
        Message = "Account {AccountSid} tried {Method} {Path} of account {PathAccountSid}; refused")]
    public static partial void CrossAccountDenied(ILogger logger, string accountSid, string method, PathString path, string pathAccountSid);

    [LoggerMessage(EventId = 5004, EventName = "MessageAccepted", Level = LogLevel.Debug,
        Message = "Message {MessageSid} accepted for account {AccountSid} ({NumSegments} segment(s))")]
    public static partial void MessageAccepted(ILogger logger, string messageSid, string accountSid, int numSegments);

    [LoggerMessage(EventId = 5005, EventName = "MessageAcceptedDetail", Level = LogLevel.Debug,
        Message = "Message {MessageSid} from {From} to {To}: {Body}")]
    public static partial void MessageAcceptedDetail(ILogger logger, string messageSid, string from, string to, string body);

    [LoggerMessage(EventId = 5006, EventName = "SendRefusedShuttingDown", Level = LogLevel.Information,
        Message = "Send for account {AccountSid} refused with 503: the bridge is shutting down")]
    public static partial void SendRefusedShuttingDown(ILogger logger, string accountSid);

    [LoggerMessage(EventId = 5007, EventName = "PageSizeClamped", Level = LogLevel.Debug,
        Message = "PageSize of {Path} lowered to the maximum {MaxPageSize}")]
    public static partial void PageSizeClamped(ILogger logger, PathString path, int maxPageSize);

    [LoggerMessage(EventId = 5008, EventName = "UnhandledException", Level = LogLevel.Error,
        Message = "{Method} {Path} failed; answered 500")]
    public static partial void UnhandledException(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 5013, EventName = "StoreUnavailable", Level = LogLevel.Error,
        Message = "{Method} {Path} failed in the store (it could not write or read); answered 503 with Retry-After")]
    public static partial void StoreUnavailable(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 5010, EventName = "PhoneNumberCreated", Level = LogLevel.Information,
        Message = "Phone number {PhoneNumberSid} ({PhoneNumber}) created in account {AccountSid}")]
    public static partial void PhoneNumberCreated(ILogger logger, string phoneNumberSid, string phoneNumber, string accountSid);

    [LoggerMessage(EventId = 5011, EventName = "PhoneNumberUpdated", Level = LogLevel.Information,
        Message = "Phone number {PhoneNumberSid} updated in account {AccountSid}")]
    public static partial void PhoneNumberUpdated(ILogger logger, string phoneNumberSid, string accountSid);

    [LoggerMessage(EventId = 5012, EventName = "PhoneNumberDeleted", Level = LogLevel.Information,
        Message = "Phone number {PhoneNumberSid} deleted from account {AccountSid}")]
    public static partial void PhoneNumberDeleted(ILogger logger, string phoneNumberSid, string accountSid);
}
