using System.Globalization;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Webhooks;

/// <summary>Checks <see cref="WebhookOptions"/> at start, one clear message per mistake.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    // Polly's timeout strategy refuses 10 ms or less; 20 ms keeps a margin.
    private static readonly TimeSpan s_minTimeout = TimeSpan.FromMilliseconds(20);

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        const string Section = WebhookOptions.SectionName;

        if (options.AttemptTimeout < s_minTimeout || options.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add(Invariant($"{Section}:AttemptTimeout must be between 00:00:00.020 and 00:05:00 (got {options.AttemptTimeout})."));
        }

        if (options.TotalTimeout < s_minTimeout || options.TotalTimeout > TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"{Section}:TotalTimeout must be between 00:00:00.020 and 01:00:00 (got {options.TotalTimeout})."));
        }
        else if (options.AttemptTimeout > options.TotalTimeout)
        {
            errors.Add(Invariant($"{Section}:AttemptTimeout ({options.AttemptTimeout}) must not be longer than TotalTimeout ({options.TotalTimeout})."));
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            errors.Add(Invariant($"{Section}:MaxAttempts must be between 1 and 10 (got {options.MaxAttempts})."));
        }

        if (options.BackoffInitial < TimeSpan.Zero || options.BackoffInitial > TimeSpan.FromMinutes(1))
        {
            errors.Add(Invariant($"{Section}:BackoffInitial must be between 00:00:00 and 00:01:00 (got {options.BackoffInitial})."));
        }

        if (options.BackoffMax > TimeSpan.FromMinutes(10))
        {
            errors.Add(Invariant($"{Section}:BackoffMax must be at most 00:10:00 (got {options.BackoffMax})."));
        }
        else if (options.BackoffMax < options.BackoffInitial)
        {
            errors.Add(Invariant($"{Section}:BackoffMax ({options.BackoffMax}) must not be shorter than BackoffInitial ({options.BackoffInitial})."));
        }

        if (options.MaxResponseBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add(Invariant($"{Section}:MaxResponseBytes must be between 1024 and 16777216 (got {options.MaxResponseBytes})."));
        }

        if (options.MaxRedirects is < 0 or > 20)
        {
            errors.Add(Invariant($"{Section}:MaxRedirects must be between 0 and 20 (got {options.MaxRedirects})."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
