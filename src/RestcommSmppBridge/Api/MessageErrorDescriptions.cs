namespace RestcommSmppBridge.Api;

/// <summary>
/// Restcomm's <c>MessageError</c> descriptions (restcomm.md §1.6, the numbers Twilio uses), which the representation
/// shows as <c>error_message</c> next to <c>error_code</c>, as Restcomm does. The bridge's own reason for a failure
/// (<c>submit_sm_resp 0x0000000B</c>, <c>gave up after 5 attempt(s): …</c>) stays in the store and in the log line of
/// the failure (OutboxFailed, 7105): it names carrier internals an application has no use for and cannot rely on.
/// </summary>
internal static class MessageErrorDescriptions
{
    /// <summary>The description of <paramref name="code"/>; <paramref name="stored"/> for a code outside the table.</summary>
    public static string? For(int code, string? stored) => code switch
    {
        30001 => "Queue overflow",
        30002 => "Account suspended",
        30003 => "Unreachable destination handset",
        30004 => "Message blocked",
        30005 => "Unknown destination handset",
        30006 => "Landline or unreachable carrier",
        30007 => "Carrier violation",
        30008 => "Unknown error",
        30009 => "Missing segment",
        30010 => "Message price exceeds max price",
        _ => stored,
    };
}
