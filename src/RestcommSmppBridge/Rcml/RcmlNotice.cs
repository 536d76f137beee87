namespace RestcommSmppBridge.Rcml;

/// <summary>
/// A notification raised while handling an RCML interaction: Restcomm's Notifications resource rows (restcomm.md §2.2,
/// "notifications are rows, not HTTP errors"). <paramref name="Message"/> never contains the message body.
/// </summary>
/// <param name="Code">The Twilio-derived code (see <see cref="RcmlNoticeCodes"/>).</param>
/// <param name="Message">What went wrong and what the bridge did about it.</param>
public sealed record RcmlNotice(int Code, string Message);

/// <summary>
/// The notice codes the RCML side raises: Restcomm's where it has one (restcomm.md §5), Twilio's otherwise.
/// </summary>
public static class RcmlNoticeCodes
{
    /// <summary>11100: a URL (action, Redirect, statusCallback) is not a valid absolute http(s) URL once resolved.</summary>
    public const int InvalidUrl = 11100;

    /// <summary>11205: the fetch failed on the network (connection, TLS, timeout).</summary>
    public const int HttpConnectionFailure = 11205;

    /// <summary>11206: the app answered a status other than 200 (Restcomm also treats 201 and 204 as failures).</summary>
    public const int HttpProtocolViolation = 11206;

    /// <summary>12100: the document is not well-formed XML, has a DTD, is too large or its root is not <c>&lt;Response&gt;</c>.</summary>
    public const int DocumentParseFailure = 12100;

    /// <summary>12200: a part of the document is ignored (a <c>&lt;Media&gt;</c> noun, an element nested in a verb). Bridge addition, Twilio's code.</summary>
    public const int SchemaWarning = 12200;

    /// <summary>12300: the Content-Type contains none of <c>text/xml</c>, <c>application/xml</c>, <c>text/html</c>.</summary>
    public const int InvalidContentType = 12300;

    /// <summary>13001: the reply could not be submitted (the outbound side refused or failed).</summary>
    public const int ReplySendFailure = 13001;

    /// <summary>13710: a <c>&lt;Redirect&gt;</c> method other than GET or POST; POST is used.</summary>
    public const int InvalidRedirectMethod = 13710;

    /// <summary>14102: the reply's <c>from</c> is refused by the outbound side.</summary>
    public const int InvalidFrom = 14102;

    /// <summary>14103: an <c>&lt;Sms&gt;</c>/<c>&lt;Message&gt;</c> without text; the interaction stops.</summary>
    public const int InvalidBody = 14103;

    /// <summary>14104: an <c>&lt;Sms&gt;</c>/<c>&lt;Message&gt;</c> <c>method</c> or <c>statusCallbackMethod</c> other than GET or POST; POST is used.</summary>
    public const int InvalidSmsMethod = 14104;

    /// <summary>
    /// 14107: the interaction reached its fetch limit (initial + fallback + redirects + actions), the mark of a
    /// Redirect or action loop. Bridge addition: Twilio's code for reply loops; Restcomm has no limit.
    /// </summary>
    public const int LoopLimitReached = 14107;

    /// <summary>14110: a verb that has no meaning in an SMS reply (<c>Say</c>, <c>Dial</c>, <c>Email</c>, …); skipped.</summary>
    public const int InvalidVerb = 14110;
}
