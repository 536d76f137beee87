using System.Globalization;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Inbound;

/// <summary>The inbound pipeline (<c>Bridge:Inbound</c>): answers to the SMSC, duplicates, reassembly, webhooks.</summary>
public sealed class InboundOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Inbound";

    /// <summary>
    /// The deliver_sm_resp status when a message cannot be stored now (store down, webhook backlog full), so the SMSC
    /// delivers it again later. <c>0x64</c> (ESME_RX_T_APPN, the default), <c>0x14</c> (ESME_RMSGQFUL),
    /// <c>0x58</c> (ESME_RTHROTTLED) or <c>0x08</c> (ESME_RSYSERR); hex <c>0x…</c> or decimal. Never 0: rule 1.
    /// A carrier's <c>InboundTemporaryErrorStatus</c> replaces it for that carrier's messages.
    /// </summary>
    public string TemporaryErrorStatus { get; init; } = "0x64";

    /// <summary>
    /// The deliver_sm_resp status when no IncomingPhoneNumber matches the destination. Default <c>0x0B</c>
    /// (ESME_RINVDSTADR): no app can ever take the message, so the SMSC should stop retrying and may report it to
    /// the sender. <c>0x64</c> or <c>0x08</c> make the SMSC retry (restcomm.md §3.3 "→ bridge", for numbers being
    /// provisioned); <c>0</c> accepts and drops it as Restcomm did. The message is logged either way, never stored.
    /// A carrier's <c>InboundUnknownNumberStatus</c> replaces it for that carrier's messages.
    /// </summary>
    public string UnknownNumberStatus { get; init; } = "0x0B";

    /// <summary>
    /// How long a message equal to one already stored (same carrier, source, destination and user data; for a long
    /// message the same reference and part content) counts as the SMSC's redelivery and is acknowledged without a
    /// second webhook. Default 10 minutes: longer than SMSCs' usual retry after a lost deliver_sm_resp, short enough
    /// that a subscriber who really sends "YES" twice is seldom merged.
    /// </summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the parts of a long message wait for the missing ones, from the first part. Then the parts held are
    /// delivered with <c>[…]</c> in place of each missing one (the SMPP library's documented policy). Default 5 minutes.
    /// </summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often expired partial messages and old duplicate keys are looked for. Default 30 seconds.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RCML interactions run at once. Default 16.</summary>
    public int WebhookConcurrency { get; init; } = 16;

    /// <summary>
    /// Runs of an interaction that failed on the transport (no answer, or 5xx after the webhook client's own retries)
    /// before it is marked failed. Default 5.
    /// </summary>
    public int WebhookMaxAttempts { get; init; } = 5;

    /// <summary>Pause before the second run; doubled for each next one up to <see cref="WebhookRetryMaxDelay"/>. Default 30 s.</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest pause between runs. Default 10 minutes.</summary>
    public TimeSpan WebhookRetryMaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Pending webhooks beyond which new messages are answered <see cref="TemporaryErrorStatus"/> (architecture.md
    /// rule 3: a slow app slows the SMSC instead of growing a queue). Default 10,000.
    /// </summary>
    public int MaxPendingWebhooks { get; init; } = 10_000;

    internal CommandStatus TemporaryError => InboundStatusValues.Parse(TemporaryErrorStatus);

    internal CommandStatus UnknownNumber => InboundStatusValues.Parse(UnknownNumberStatus);
}

/// <summary>Reads the status strings of <see cref="InboundOptions"/>.</summary>
internal static class InboundStatusValues
{
    /// <summary>The temporary statuses a carrier may want for "try again later".</summary>
    public static readonly CommandStatus[] Temporary =
        [CommandStatus.ReceiverTemporaryAppError, CommandStatus.MessageQueueFull, CommandStatus.Throttled, CommandStatus.SystemError];

    /// <summary>What a temporary-error setting may hold, for messages.</summary>
    public const string TemporaryValues = "0x64, 0x14, 0x58 or 0x08";

    /// <summary>What an unknown-number setting may hold, for messages.</summary>
    public const string UnknownNumberValues = "a command_status such as 0x0B, 0x64 or 0";

    /// <summary>
    /// Reads a "cannot store now" status (<see cref="InboundOptions.TemporaryErrorStatus"/> and its per-carrier
    /// override): one of <see cref="Temporary"/>, never 0 (architecture.md rule 1).
    /// </summary>
    public static bool TryParseTemporary(string? text, out CommandStatus status) =>
        TryParse(text, out status) && Array.IndexOf(Temporary, status) >= 0;

    /// <summary>
    /// Reads an unknown-number status (<see cref="InboundOptions.UnknownNumberStatus"/> and its per-carrier override):
    /// any command_status up to 0xFF (SMPP 3.4 §5.1.3 defines none above; 0 is Restcomm's accept-and-drop).
    /// </summary>
    public static bool TryParseUnknownNumber(string? text, out CommandStatus status) =>
        TryParse(text, out status) && (uint)status <= 0xFF;

    /// <summary>Reads <c>0x64</c> or <c>100</c>.</summary>
    public static bool TryParse(string? text, out CommandStatus status)
    {
        status = CommandStatus.Ok;
        ReadOnlySpan<char> value = text.AsSpan().Trim();
        uint number;
        bool parsed = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number)
            : uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
        if (!parsed)
        {
            return false;
        }

        status = (CommandStatus)number;
        return true;
    }

    public static CommandStatus Parse(string text) =>
        TryParse(text, out CommandStatus status) ? status : throw new InvalidOperationException("Inbound options were not validated.");
}

/// <summary>Checks <see cref="InboundOptions"/> at start, one message per mistake.</summary>
internal sealed class InboundOptionsValidator : IValidateOptions<InboundOptions>
{
    public ValidateOptionsResult Validate(string? name, InboundOptions options)
    {
        List<string> failures = [];
        const string Section = InboundOptions.SectionName;
        if (!InboundStatusValues.TryParseTemporary(options.TemporaryErrorStatus, out _))
        {
            failures.Add($"{Section}:TemporaryErrorStatus must be {InboundStatusValues.TemporaryValues} (it is '{options.TemporaryErrorStatus}').");
        }

        if (!InboundStatusValues.TryParseUnknownNumber(options.UnknownNumberStatus, out _))
        {
            failures.Add($"{Section}:UnknownNumberStatus must be {InboundStatusValues.UnknownNumberValues} (it is '{options.UnknownNumberStatus}').");
        }

        Positive(options.DuplicateWindow, "DuplicateWindow", failures);
        Positive(options.ReassemblyTimeout, "ReassemblyTimeout", failures);
        Positive(options.SweepInterval, "SweepInterval", failures);
        Positive(options.WebhookRetryDelay, "WebhookRetryDelay", failures);
        if (options.WebhookRetryMaxDelay < options.WebhookRetryDelay)
        {
            failures.Add($"{Section}:WebhookRetryMaxDelay must be at least WebhookRetryDelay (it is {options.WebhookRetryMaxDelay}).");
        }

        Range(options.WebhookConcurrency, 1, 1024, "WebhookConcurrency", failures);
        Range(options.WebhookMaxAttempts, 1, 100, "WebhookMaxAttempts", failures);
        Range(options.MaxPendingWebhooks, 1, 10_000_000, "MaxPendingWebhooks", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(7))
        {
            failures.Add($"{InboundOptions.SectionName}:{key} must be more than 0 and at most 7 days (it is {value}).");
        }
    }

    private static void Range(int value, int min, int max, string key, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{InboundOptions.SectionName}:{key} must be between {min} and {max} (it is {value}).");
        }
    }
}
