using System.Globalization;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// <c>Bridge:Demo</c>: the embedded demo (README "Quick start"), read before the host is built because it adds
/// configuration of its own (a carrier, an account, a number). Off unless <c>Enabled</c> is true; the root
/// appsettings.json turns it on, config/appsettings.production.example.json turns it off.
/// </summary>
internal sealed record DemoSettings
{
    /// <summary>The section.</summary>
    public const string SectionName = "Bridge:Demo";

    /// <summary>Name of the demo carrier under <c>Bridge:Carriers</c>.</summary>
    public const string CarrierName = "demo";

    /// <summary>Default of <see cref="SimulatorPort"/>: the SMPP port.</summary>
    public const int DefaultSimulatorPort = 2775;

    /// <summary>Default of <see cref="Number"/>.</summary>
    public const string DefaultNumber = "+15550100";

    /// <summary>The file, in the data folder, holding the generated demo account.</summary>
    public const string AccountFileName = "demo-account.json";

    /// <summary><c>Bridge:Demo:Enabled</c>. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>Bridge:Demo:SimulatorPort</c>: TCP port of the embedded SMSC simulator on 127.0.0.1. Default 2775.</summary>
    public int SimulatorPort { get; init; } = DefaultSimulatorPort;

    /// <summary><c>Bridge:Demo:Number</c>: the demo account's number, whose SMS go to <c>/demo/sms</c>. Default +15550100.</summary>
    public string Number { get; init; } = DefaultNumber;

    /// <summary>Reads and checks the section; a mistake is a configuration error (one line, exit code 2).</summary>
    public static DemoSettings Read(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(SectionName);
        bool enabled = ReadBool(section, "Enabled", false);
        int port = DefaultSimulatorPort;
        if (section["SimulatorPort"] is { Length: > 0 } portText
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ConfigurationFileException($"{SectionName}:SimulatorPort '{portText}' must be a TCP port between 1 and 65535.");
        }

        string number = section["Number"] is { Length: > 0 } configured ? configured : DefaultNumber;
        if (!SendSmsRequest.IsPhoneNumber(number))
        {
            throw new ConfigurationFileException($"{SectionName}:Number '{number}' is not a phone number: digits with an optional leading +, at most 20.");
        }

        return new DemoSettings { Enabled = enabled, SimulatorPort = port, Number = number };
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return bool.TryParse(text, out bool value)
            ? value
            : throw new ConfigurationFileException($"{SectionName}:{key} '{text}' must be true or false.");
    }
}
