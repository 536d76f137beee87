namespace RestcommSmppBridge.Storage;

/// <summary>Where an <see cref="SmsMessage"/> came from (restcomm.md 1.4, <c>direction</c>).</summary>
public enum MessageDirection
{
    /// <summary><c>inbound</c>: received from a carrier (deliver_sm).</summary>
    Inbound,

    /// <summary><c>outbound-api</c>: sent through the REST API.</summary>
    OutboundApi,

    /// <summary><c>outbound-call</c>: sent by a client during a call.</summary>
    OutboundCall,

    /// <summary><c>outbound-reply</c>: sent by an RCML <c>&lt;Sms&gt;</c> verb in reply to an inbound message.</summary>
    OutboundReply,
}
