using System.Globalization;

namespace RestcommSmppBridge.Rcml;

/// <summary>
/// The form parameters of a request to an SMS app (restcomm.md §2.1), in Restcomm's order followed by the Twilio extras.
/// One builder for the initial request, Redirects and actions, so every request an app sees has the same shape.
/// </summary>
public static class RcmlParameters
{
    /// <summary><c>SmsStatus</c> of the initial request and of Redirects.</summary>
    public const string StatusReceived = "received";

    /// <summary><c>SmsStatus</c> of an <c>action</c> request, sent right after the reply is submitted (restcomm.md §2.3).</summary>
    public const string StatusSending = "sending";

    /// <summary>The <c>ApiVersion</c> parameter (the only version the bridge serves).</summary>
    public const string ApiVersion = "2012-04-24";

    /// <summary>
    /// <c>SmsSid, AccountSid, From, To, Body</c> (Restcomm's set) then <c>MessageSid, SmsMessageSid, SmsStatus,
    /// ApiVersion, NumSegments, NumMedia</c> (Twilio's, restcomm.md §2.1 "→ bridge"). Every sid is the inbound one, as in
    /// Restcomm's action request.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(RcmlInboundMessage inbound, string smsStatus = StatusReceived)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return
        [
            new("SmsSid", inbound.SmsSid),
            new("AccountSid", inbound.AccountSid),
            new("From", inbound.From),
            new("To", inbound.To),
            new("Body", inbound.Body),
            new("MessageSid", inbound.SmsSid),
            new("SmsMessageSid", inbound.SmsSid),
            new("SmsStatus", smsStatus),
            new("ApiVersion", ApiVersion),
            new("NumSegments", inbound.NumSegments.ToString(CultureInfo.InvariantCulture)),
            new("NumMedia", "0"),
        ];
    }
}
