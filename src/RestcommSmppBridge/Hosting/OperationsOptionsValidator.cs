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
