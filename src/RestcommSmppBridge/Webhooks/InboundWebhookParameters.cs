using System.Globalization;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// The parameters of the request to a number's SMS URL for an inbound message, in sending order: Restcomm's
/// <c>SmsSid, AccountSid, From, To, Body</c> (restcomm.md 2.1), then Twilio's extras, harmless to Restcomm apps:
/// <c>MessageSid, SmsMessageSid</c> (the same sid), <c>SmsStatus=received, ApiVersion, NumSegments, NumMedia=0</c>.
/// </summary>
public static class InboundWebhookParameters
{
    /// <summary>The parameters for a stored inbound message.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(SmsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Build(message.Sid, message.AccountSid, message.From, message.To, message.Body, message.ApiVersion, message.NumSegments);
    }

    /// <summary>The parameters for an inbound message.</summary>
    /// <param name="smsSid">The sid of the inbound record (<c>SM…</c>).</param>
    /// <param name="accountSid">The account owning the number it was sent to.</param>
    /// <param name="from">The sender, as received from the carrier.</param>
    /// <param name="to">The number it was sent to, as received.</param>
    /// <param name="body">The text (reassembled from all segments).</param>
    /// <param name="apiVersion">The API version, e.g. <c>2012-04-24</c>.</param>
    /// <param name="numSegments">How many SMPP segments carried it; less than 1 (unknown) is sent as 1.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(string smsSid, string accountSid, string from, string to,
        string body, string apiVersion, int numSegments)
    {
        ArgumentNullException.ThrowIfNull(smsSid);
        ArgumentNullException.ThrowIfNull(accountSid);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(apiVersion);
        return
        [
            new("SmsSid", smsSid),
            new("AccountSid", accountSid),
            new("From", from),
            new("To", to),
            new("Body", body),
            new("MessageSid", smsSid),
            new("SmsMessageSid", smsSid),
            new("SmsStatus", "received"),
            new("ApiVersion", apiVersion),
            new("NumSegments", Math.Max(1, numSegments).ToString(CultureInfo.InvariantCulture)),
            new("NumMedia", "0"),
        ];
    }
}
