using Microsoft.Extensions.Options;
using RestcommSmppBridge.Api;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Checks <c>Bridge:Accounts</c> and <c>Bridge:Numbers</c> at start, one message per mistake, each naming the exact
/// key to fix. Never echoes a token, nor a URL (it may carry credentials).
/// </summary>
internal sealed class AccountsOptionsValidator : IValidateOptions<AccountsOptions>
{
    public const int MaxFriendlyNameLength = 64;

    public ValidateOptionsResult Validate(string? name, AccountsOptions options)
    {
        List<string> failures = [];
        Dictionary<string, int> accountIndex = new(StringComparer.Ordinal);
        for (int i = 0; i < options.Accounts.Count; i++)
        {
            ValidateAccount(options.Accounts[i], $"Bridge:Accounts:{i}", i, accountIndex, failures);
        }

        Dictionary<string, int> numberIndex = new(StringComparer.Ordinal);
        for (int i = 0; i < options.Numbers.Count; i++)
        {
            ValidateNumber(options.Numbers[i], $"Bridge:Numbers:{i}", i, accountIndex, numberIndex, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The configured status, parsed case-insensitively; null when not one of active, suspended, closed.</summary>
    public static AccountStatus? ParseStatus(string? value) =>
        string.IsNullOrWhiteSpace(value) ? AccountStatus.Active
        : StorageWireValues.TryParseAccountStatus(value.Trim().ToLowerInvariant(), out AccountStatus status) ? status
        : null;

    private static void ValidateAccount(AccountSeed account, string key, int index, Dictionary<string, int> seen, List<string> failures)
    {
        if (string.IsNullOrEmpty(account.Sid))
        {
            failures.Add($"{key}:Sid is missing.");
        }
        else if (!Sids.IsValid(account.Sid, Sids.AccountPrefix))
        {
            failures.Add($"{key}:Sid '{account.Sid}' is not an account sid: it must be AC followed by 32 lowercase hex digits.");
        }
        else if (seen.TryGetValue(account.Sid, out int first))
        {
            failures.Add($"{key}:Sid '{account.Sid}' is already used by Bridge:Accounts:{first}.");
        }
        else
        {
            seen.Add(account.Sid, index);
        }

        if (string.IsNullOrWhiteSpace(account.AuthToken))
        {
            failures.Add($"{key}:AuthToken is missing; set it in the environment (Bridge__Accounts__{index}__AuthToken), not in appsettings.json.");
        }

        if (ParseStatus(account.Status) is null)
        {
            failures.Add($"{key}:Status '{account.Status}' is not one of active, suspended, closed.");
        }

        if (account.FriendlyName is { Length: > MaxFriendlyNameLength })
        {
            failures.Add($"{key}:FriendlyName is longer than {MaxFriendlyNameLength} characters.");
        }
    }

    private static void ValidateNumber(NumberSeed number, string key, int index, Dictionary<string, int> accounts,
        Dictionary<string, int> seen, List<string> failures)
    {
        if (string.IsNullOrEmpty(number.PhoneNumber))
        {
            failures.Add($"{key}:PhoneNumber is missing.");
        }
        else if (!SendSmsRequest.IsPhoneNumber(number.PhoneNumber))
        {
            failures.Add($"{key}:PhoneNumber '{number.PhoneNumber}' is not a phone number: digits with an optional leading +, at most 20.");
        }
        else if (seen.TryGetValue(number.PhoneNumber, out int first))
        {
            failures.Add($"{key}:PhoneNumber '{number.PhoneNumber}' is already configured at Bridge:Numbers:{first}; a number routes to one application only.");
        }
        else
        {
            seen.Add(number.PhoneNumber, index);
        }

        if (string.IsNullOrEmpty(number.AccountSid))
        {
            failures.Add($"{key}:AccountSid is missing.");
        }
        else if (!accounts.ContainsKey(number.AccountSid))
        {
            failures.Add($"{key}:AccountSid '{number.AccountSid}' is not one of the accounts under Bridge:Accounts.");
        }

        ValidateUrl(number.SmsUrl, $"{key}:SmsUrl", failures);
        ValidateMethod(number.SmsMethod, $"{key}:SmsMethod", failures);
        ValidateUrl(number.SmsFallbackUrl, $"{key}:SmsFallbackUrl", failures);
        ValidateMethod(number.SmsFallbackMethod, $"{key}:SmsFallbackMethod", failures);
        ValidateUrl(number.SmsStatusCallback, $"{key}:SmsStatusCallback", failures);

        if (number.FriendlyName is { Length: > MaxFriendlyNameLength })
        {
            failures.Add($"{key}:FriendlyName is longer than {MaxFriendlyNameLength} characters.");
        }
    }

    private static void ValidateUrl(string? value, string key, List<string> failures)
    {
        if (!string.IsNullOrEmpty(value) && !SendSmsRequest.IsAbsoluteHttpUrl(value))
        {
            failures.Add($"{key} is not an absolute http or https URL (it is relative or malformed).");
        }
    }

    private static void ValidateMethod(string? value, string key, List<string> failures)
    {
        if (!string.IsNullOrEmpty(value) && SendSmsRequest.NormalizeMethod(value) is null)
        {
            failures.Add($"{key} '{value}' is not GET or POST.");
        }
    }
}
