using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Turns a configuration mistake found at start into one clear line per problem on stderr and exit code 2, never a
/// stack trace (the operator fixes a file, not our code). A listening address another process holds is reported the
/// same way: the fix is in the configuration or on the machine, not in the bridge.
/// </summary>
internal static partial class StartupErrors
{
    /// <summary>Exit code for a configuration the bridge refuses to start with.</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>
    /// Runs every <c>ValidateOnStart</c> validator now, before the host starts, so a mistake surfaces here as an
    /// exception for <see cref="TryReport"/> instead of being logged with a stack trace by the host.
    /// </summary>
    public static async Task ValidateConfigurationAsync(this WebApplication app)
    {
        if (app.Services.GetService<IAsyncStartupValidator>() is { } validator)
        {
            await validator.ValidateAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="exception"/> is a configuration problem; writes its lines to <paramref name="error"/>.</summary>
    public static bool TryReport(Exception exception, TextWriter error)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                foreach (string failure in validation.Failures)
                {
                    error.WriteLine($"configuration error: {failure}");
                }

                return true;

            // The binder's message names the key, the value and the type ("Failed to convert configuration value
            // 'abc' at 'Bridge:Api:MaxPageSize' to type 'System.Int32'").
            case InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                error.WriteLine($"configuration error: {exception.Message}");
                return true;

            case ConfigurationFileException:
                error.WriteLine($"configuration error: {exception.Message}");
                return true;

            // A JSON syntax error in appsettings*.json or a --config file: the outer message names the file, the
            // inner one the line and position.
            case InvalidDataException when exception.Message.StartsWith("Failed to load configuration from file", StringComparison.Ordinal):
                error.WriteLine($"configuration error: {exception.Message} {exception.InnerException?.Message}".TrimEnd());
                return true;

            // A mistake in the Serilog section (a sink entry without Name, an unknown formatter type, a bad level):
            // Serilog's configuration reader throws while the host builds the logger.
            case InvalidOperationException or ArgumentException or FormatException or TypeLoadException
                when string.Equals(exception.Source, "Serilog.Settings.Configuration", StringComparison.Ordinal):
                error.WriteLine($"configuration error: Serilog: {exception.Message}");
                return true;

            // Kestrel could not bind an address of Urls or Kestrel:Endpoints: "Failed to bind to address
            // http://127.0.0.1:8080: address already in use." wrapping AddressInUseException.
            case IOException when IsAddressInUse(exception):
                error.WriteLine(AddressInUseLine(exception));
                return true;

            case AggregateException aggregate when aggregate.InnerExceptions.Count > 0
                && aggregate.InnerExceptions.All(inner => TryReport(inner, TextWriter.Null)):
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    TryReport(inner, error);
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="exception"/> or one of its causes is Kestrel's "address already in use".</summary>
    public static bool IsAddressInUse(Exception? exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is AddressInUseException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One line naming the address, e.g. "Cannot listen on http://127.0.0.1:8080: address already in use".</summary>
    internal static string AddressInUseLine(Exception exception)
    {
        Match match = KestrelBindFailure().Match(exception.Message);
        string where = match.Success ? " on " + match.Groups["address"].Value : string.Empty;
        return $"Cannot listen{where}: address already in use (another process holds it; stop it, or change Urls or Kestrel:Endpoints)";
    }

    [GeneratedRegex(@"^Failed to bind to address (?<address>\S+?): address already in use", RegexOptions.CultureInvariant)]
    private static partial Regex KestrelBindFailure();
}
