using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting.Systemd;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Where the bridge reads its configuration from, lowest precedence first:
/// <list type="number">
/// <item><c>appsettings.json</c> in the content root (the embedded defaults, no secrets);</item>
/// <item><c>appsettings.{Environment}.json</c> in the content root (<c>DOTNET_ENVIRONMENT</c>, default Production);</item>
/// <item>each <c>--config PATH</c> file, in command-line order (the site file, e.g. /etc/restcomm-smpp-bridge/appsettings.json);</item>
/// <item>environment variables (<c>Bridge__Carriers__0__Password</c>);</item>
/// <item>command-line keys (<c>--Bridge:Api:MaxPageSize=100</c>).</item>
/// </list>
/// The content root is <c>--contentRoot</c> when given, else the binary's folder under systemd (its working
/// directory is the data folder, style.md P2), else the working directory (<c>dotnet run</c> from the repository).
/// </summary>
internal static class BridgeConfiguration
{
    /// <summary>The option naming a site configuration file.</summary>
    public const string ConfigOption = "--config";

    private const string ContentRootOption = "--contentRoot";

    /// <summary>The builder options: the arguments, and the content root rule above.</summary>
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        bool contentRootGiven = Array.Exists(args, static arg =>
            arg.StartsWith(ContentRootOption, StringComparison.OrdinalIgnoreCase)
            || arg.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = !contentRootGiven && SystemdHelpers.IsSystemdService() ? AppContext.BaseDirectory : null,
        };
    }

    /// <summary>
    /// Adds every <c>--config PATH</c> (or <c>--config=PATH</c>) file after the appsettings files and before the
    /// environment variables, so secrets in the environment still override the site file. A missing file is a
    /// configuration error (exit code 2), not an empty configuration.
    /// </summary>
    public static WebApplicationBuilder AddConfigFiles(this WebApplicationBuilder builder, string[] args)
    {
        IList<IConfigurationSource> sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        int insertAt = FindEnvironmentSource(sources);
        foreach (string path in FindConfigPaths(args))
        {
            string fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                throw new ConfigurationFileException(Directory.Exists(fullPath)
                    ? $"{ConfigOption} '{path}' is a folder; name the JSON file (e.g. /etc/restcomm-smpp-bridge/appsettings.json)."
                    : $"{ConfigOption} '{path}' does not exist{(string.Equals(path, fullPath, StringComparison.Ordinal) ? string.Empty : $" (resolved to {fullPath})")}.");
            }

            JsonConfigurationSource source = new() { Path = fullPath, Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();

            // Inserting into the manager's sources loads the file now: a syntax error surfaces here, as a
            // configuration error rather than later as a stack trace.
            sources.Insert(insertAt, source);
            insertAt++;
        }

        return builder;
    }

    /// <summary>The values of every <c>--config</c> option, in order.</summary>
    public static IReadOnlyList<string> FindConfigPaths(string[] args)
    {
        List<string> paths = [];
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (string.Equals(arg, ConfigOption, StringComparison.OrdinalIgnoreCase))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ConfigurationFileException($"{ConfigOption} needs a file name: {ConfigOption} /etc/restcomm-smpp-bridge/appsettings.json.");
                }

                paths.Add(args[++i]);
            }
            else if (arg.StartsWith(ConfigOption + "=", StringComparison.OrdinalIgnoreCase))
            {
                string value = arg[(ConfigOption.Length + 1)..];
                if (value.Length == 0)
                {
                    throw new ConfigurationFileException($"{ConfigOption}= needs a file name.");
                }

                paths.Add(value);
            }
        }

        return paths;
    }

    /// <summary>The index of the unprefixed environment-variables source (the app's, not the host's DOTNET_ one).</summary>
    private static int FindEnvironmentSource(IList<IConfigurationSource> sources)
    {
        for (int i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                return i;
            }
        }

        return sources.Count;
    }
}

/// <summary>A configuration file named on the command line is missing or cannot be read.</summary>
internal sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException()
    {
    }

    public ConfigurationFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
