using System.Globalization;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start, one clear message per mistake.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private static readonly TimeSpan s_maxBusyTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        const string Section = StorageOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add($"{Section}:Path is empty; set it to the database file, e.g. ./data/bridge.db.");
        }
        else if (options.Path.AsSpan().IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{Section}:Path '{options.Path}' contains characters that are not allowed in a path.");
        }
        else if (options.Path.EndsWith('/') || options.Path.EndsWith(System.IO.Path.DirectorySeparatorChar))
        {
            errors.Add($"{Section}:Path '{options.Path}' names a folder; it must name the database file, e.g. {options.Path}bridge.db.");
        }
        else if (options.Path.Equals(":memory:", StringComparison.Ordinal))
        {
            errors.Add($"{Section}:Path ':memory:' is not durable; give a file path.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            errors.Add($"{Section}:Synchronous must be Normal or Full (got {options.Synchronous}).");
        }

        if (options.BusyTimeout < TimeSpan.FromMilliseconds(1) || options.BusyTimeout > s_maxBusyTimeout)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:BusyTimeout must be between 00:00:00.001 and 00:10:00 (got {options.BusyTimeout})."));
        }

        if (options.MaxBatchSize is < 1 or > 65_536)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:MaxBatchSize must be between 1 and 65536 (got {options.MaxBatchSize})."));
        }

        if (options.WriteQueueCapacity is < 1 or > 1_048_576)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:WriteQueueCapacity must be between 1 and 1048576 (got {options.WriteQueueCapacity})."));
        }

        if (options.CheckpointInterval < TimeSpan.FromMilliseconds(10) || options.CheckpointInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:CheckpointInterval must be between 00:00:00.010 and 00:10:00 (got {options.CheckpointInterval})."));
        }

        if (options.LogRestartPages is < 1_024 or > 1_048_576)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:LogRestartPages must be between 1024 and 1048576 (got {options.LogRestartPages})."));
        }

        if (options.CommitInterval < TimeSpan.Zero || options.CommitInterval > TimeSpan.FromMilliseconds(100))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:CommitInterval must be between 00:00:00 and 00:00:00.100 (got {options.CommitInterval})."));
        }

        if (options.MessageRetention != TimeSpan.Zero
            && (options.MessageRetention < TimeSpan.FromDays(1) || options.MessageRetention > TimeSpan.FromDays(3650)))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:MessageRetention must be 0 (keep every message) or between 1.00:00:00 (a day) and 3650.00:00:00 (got {options.MessageRetention})."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
