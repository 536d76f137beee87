using System.Globalization;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// The parameters of a status callback, in sending order. Restcomm sends From, To, Body (twice), AccountSid, the
/// error code's enum name and MessageSid, MessageStatus (restcomm.md 1.7); the bridge sends Twilio's set instead,
/// which Restcomm users have asked for (#2577), and never the message body:
/// <c>MessageSid, SmsSid, MessageStatus, SmsStatus, AccountSid, From, To, ApiVersion[, ErrorCode]</c>.
/// </summary>
public static class StatusCallbackParameters
{
    /// <summary>
    /// Twilio's "Unknown error" (restcomm.md 1.6), sent when a message failed without a more precise code, because
    /// callers of Twilio's shape expect a code with every failure.
    /// </summary>
    public const int UnknownErrorCode = 30008;

    /// <summary>The parameters for the message's current status.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(SmsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Build(message.Sid, message.AccountSid, message.From, message.To, message.Status, message.ApiVersion, message.ErrorCode);
    }

    /// <summary>The parameters for a message that moved to <paramref name="status"/>.</summary>
    /// <param name="messageSid">The message's sid (sent as MessageSid and SmsSid).</param>
    /// <param name="accountSid">The owning account.</param>
    /// <param name="from">The sender, as stored.</param>
    /// <param name="to">The destination, as stored.</param>
    /// <param name="status">The new status (sent as MessageStatus and SmsStatus, e.g. <c>delivered</c>).</param>
    /// <param name="apiVersion">The record's API version, e.g. <c>2012-04-24</c>.</param>
    /// <param name="errorCode">
    /// The error code (30001–30010); sent, as a number, only with <c>failed</c> and <c>undelivered</c>, where a missing
    /// code becomes <see cref="UnknownErrorCode"/>. Ignored for other statuses.
    /// </param>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(string messageSid, string accountSid, string from, string to,
        MessageStatus status, string apiVersion, int? errorCode)
    {
        ArgumentNullException.ThrowIfNull(messageSid);
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(apiVersion);
        string wireStatus = status.ToWireValue();
        bool failed = status is MessageStatus.Failed or MessageStatus.Undelivered;
        List<KeyValuePair<string, string>> parameters = new(failed ? 9 : 8)
        {
            new("MessageSid", messageSid),
            new("SmsSid", messageSid),
            new("MessageStatus", wireStatus),
            new("SmsStatus", wireStatus),
            new("AccountSid", accountSid),
            new("From", from),
            new("To", to),
            new("ApiVersion", apiVersion),
        };
        if (failed)
        {
            parameters.Add(new("ErrorCode", (errorCode ?? UnknownErrorCode).ToString(CultureInfo.InvariantCulture)));
        }

        return parameters;
    }
}
