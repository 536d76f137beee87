using System.Globalization;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Outbound;

/// <summary>Checks <see cref="OutboundOptions"/> at start, one clear message per mistake.</summary>
internal sealed class OutboundOptionsValidator : IValidateOptions<OutboundOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        const string Section = OutboundOptions.SectionName;
        Range(errors, $"{Section}:PollInterval", options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Range(errors, $"{Section}:MaxConcurrency", options.MaxConcurrency, 1, 4096);
        Range(errors, $"{Section}:MaxAttempts", options.MaxAttempts, 1, 100);
        Range(errors, $"{Section}:RetryBackoffMin", options.RetryBackoffMin, TimeSpan.Zero, TimeSpan.FromHours(1));
        Range(errors, $"{Section}:RetryBackoffMax", options.RetryBackoffMax, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (options.RetryBackoffMax < options.RetryBackoffMin)
        {
            errors.Add(Invariant($"{Section}:RetryBackoffMax ({options.RetryBackoffMax}) must not be shorter than RetryBackoffMin ({options.RetryBackoffMin})."));
        }

        if (!Enum.TryParse(options.UnknownOutcome, ignoreCase: true, out UnknownOutcomePolicy policy) || !Enum.IsDefined(policy)
            || int.TryParse(options.UnknownOutcome, CultureInfo.InvariantCulture, out _))
        {
            errors.Add(Invariant($"{Section}:UnknownOutcome must be Resubmit or Fail (got '{options.UnknownOutcome}')."));
        }

        Range(errors, $"{Section}:PendingReceiptTtl", options.PendingReceiptTtl, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Range(errors, $"{Section}:MaxQueueTime", options.MaxQueueTime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Range(errors, $"{Section}:CallbackConcurrency", options.CallbackConcurrency, 1, 256);
        Range(errors, $"{Section}:CallbackQueueCapacity", options.CallbackQueueCapacity, 1, 1_000_000);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(Invariant($"{key} must be between {min} and {max} (got {value})."));
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(Invariant($"{key} must be between {min} and {max} (got {value})."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
