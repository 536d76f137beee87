using System.Diagnostics.CodeAnalysis;

namespace RestcommSmppBridge.Storage;

/// <summary>
/// The lowercase strings Restcomm uses for statuses and directions, shared by the store (columns hold these
/// values) and the API (representations and filters). Parsing is ordinal and case-sensitive, as Restcomm's filters are.
/// </summary>
public static class StorageWireValues
{
    /// <summary>The wire value of a message status, e.g. <c>delivered</c>.</summary>
    public static string ToWireValue(this MessageStatus status) => status switch
    {
        MessageStatus.Queued => "queued",
        MessageStatus.Sending => "sending",
        MessageStatus.Sent => "sent",
        MessageStatus.Failed => "failed",
        MessageStatus.Received => "received",
        MessageStatus.Delivered => "delivered",
        MessageStatus.Undelivered => "undelivered",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown message status."),
    };

    /// <summary>The wire value of a direction, e.g. <c>outbound-api</c>.</summary>
    public static string ToWireValue(this MessageDirection direction) => direction switch
    {
        MessageDirection.Inbound => "inbound",
        MessageDirection.OutboundApi => "outbound-api",
        MessageDirection.OutboundCall => "outbound-call",
        MessageDirection.OutboundReply => "outbound-reply",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown message direction."),
    };

    /// <summary>The wire value of an account status, e.g. <c>active</c>.</summary>
    public static string ToWireValue(this AccountStatus status) => status switch
    {
        AccountStatus.Active => "active",
        AccountStatus.Suspended => "suspended",
        AccountStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown account status."),
    };

    /// <summary>True for <c>delivered</c>, <c>undelivered</c> and <c>failed</c>: no later status may replace them.</summary>
    public static bool IsFinal(this MessageStatus status) =>
        status is MessageStatus.Delivered or MessageStatus.Undelivered or MessageStatus.Failed;

    /// <summary>Parses a message status wire value (exact, lowercase).</summary>
    public static bool TryParseMessageStatus([NotNullWhen(true)] string? value, out MessageStatus status)
    {
        switch (value)
        {
            case "queued": status = MessageStatus.Queued; return true;
            case "sending": status = MessageStatus.Sending; return true;
            case "sent": status = MessageStatus.Sent; return true;
            case "failed": status = MessageStatus.Failed; return true;
            case "received": status = MessageStatus.Received; return true;
            case "delivered": status = MessageStatus.Delivered; return true;
            case "undelivered": status = MessageStatus.Undelivered; return true;
            default: status = default; return false;
        }
    }

    /// <summary>Parses a direction wire value (exact, lowercase).</summary>
    public static bool TryParseMessageDirection([NotNullWhen(true)] string? value, out MessageDirection direction)
    {
        switch (value)
        {
            case "inbound": direction = MessageDirection.Inbound; return true;
            case "outbound-api": direction = MessageDirection.OutboundApi; return true;
            case "outbound-call": direction = MessageDirection.OutboundCall; return true;
            case "outbound-reply": direction = MessageDirection.OutboundReply; return true;
            default: direction = default; return false;
        }
    }

    /// <summary>Parses an account status wire value (exact, lowercase).</summary>
    public static bool TryParseAccountStatus([NotNullWhen(true)] string? value, out AccountStatus status)
    {
        switch (value)
        {
            case "active": status = AccountStatus.Active; return true;
            case "suspended": status = AccountStatus.Suspended; return true;
            case "closed": status = AccountStatus.Closed; return true;
            default: status = default; return false;
        }
    }
}
