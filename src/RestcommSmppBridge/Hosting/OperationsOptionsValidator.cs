using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Hosting;

/// <summary>Checks <c>Bridge:Host</c> at start, naming the key to fix.</summary>
internal sealed class BridgeHostOptionsValidator : IValidateOptions<BridgeHostOptions>
{
    public static readonly TimeSpan MinShutdownTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, BridgeHostOptions options) =>
        options.ShutdownTimeout < MinShutdownTimeout || options.ShutdownTimeout > MaxShutdownTimeout
            ? ValidateOptionsResult.Fail($"{BridgeHostOptions.SectionName}:ShutdownTimeout {options.ShutdownTimeout} is outside 00:00:01 – 00:10:00; carriers need time to unbind and the store to flush.")
            : ValidateOptionsResult.Success;
}

/// <summary>Checks <c>Bridge:Operations</c> at start without ever echoing the token.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        string? token = options.AdminToken;
        if (string.IsNullOrEmpty(token))
        {
            return ValidateOptionsResult.Success;
        }

        List<string> failures = [];
        if (token.Length < AdminOptions.MinTokenLength)
        {
            failures.Add($"{AdminOptions.SectionName}:AdminToken is {token.Length} characters long; use at least {AdminOptions.MinTokenLength} random characters (e.g. from `openssl rand -hex 32`), or leave it unset to turn the admin endpoints off.");
        }

        foreach (char c in token)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                failures.Add($"{AdminOptions.SectionName}:AdminToken contains whitespace or a control character, which an Authorization header cannot carry intact.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks the certificate expiry settings of <c>Bridge:Operations</c> at start, naming the key to fix.</summary>
internal sealed class CertificateExpiryOptionsValidator : IValidateOptions<CertificateExpiryOptions>
{
    public static readonly TimeSpan MinCheckInterval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxCheckInterval = TimeSpan.FromDays(7);

    public static readonly TimeSpan MinExpiryWarning = TimeSpan.FromDays(1);

    public static readonly TimeSpan MaxExpiryWarning = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, CertificateExpiryOptions options)
    {
        List<string> failures = [];
        if (options.CertificateCheckInterval < MinCheckInterval || options.CertificateCheckInterval > MaxCheckInterval)
        {
            failures.Add($"{CertificateExpiryOptions.SectionName}:CertificateCheckInterval {options.CertificateCheckInterval} is outside 00:01:00 – 7.00:00:00; check often enough that a warning comes well before a certificate expires, and no more than once a minute.");
        }

        if (options.CertificateExpiryWarning < MinExpiryWarning || options.CertificateExpiryWarning > MaxExpiryWarning)
        {
            failures.Add($"{CertificateExpiryOptions.SectionName}:CertificateExpiryWarning {options.CertificateExpiryWarning} is outside 1.00:00:00 – 365.00:00:00 (1 to 365 days before a certificate expires).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
