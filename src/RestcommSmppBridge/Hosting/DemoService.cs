using System.Globalization;
using System.Text;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Prints what to try once the bridge listens, and stops the embedded simulator after the carriers have unbound
/// (hosted services stop in reverse order, and this one is registered before the carriers).
/// </summary>
internal sealed partial class DemoService : IHostedService
{
    private readonly DemoRuntime _demo;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<DemoService> _logger;
    private CancellationTokenRegistration _started;

    public DemoService(DemoRuntime demo, IHostApplicationLifetime lifetime, ILogger<DemoService> logger)
    {
        _demo = demo;
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _lifetime.ApplicationStarted.Register(OnStarted);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _started.DisposeAsync().ConfigureAwait(false);
        await _demo.Simulator.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The block printed at start: commands to paste, and what each should give.</summary>
    internal static string Instructions(DemoRuntime demo)
    {
        string baseUrl = demo.BridgeUrl.ToString().TrimEnd('/');
        string messages = $"{baseUrl}{RestcommApiRoutes.BasePath}/Accounts/{demo.Account.Sid}/SMS/Messages.json";
        string auth = $"{demo.Account.Sid}:{demo.Account.AuthToken}";
        string number = demo.Settings.Number;
        StringBuilder text = new();
        text.AppendLine();
        text.AppendLine("==================== Restcomm SMPP bridge: demo mode ====================");
        text.AppendLine(CultureInfo.InvariantCulture, $"SMSC simulator on {demo.Simulator.LocalEndPoint} (carrier '{DemoSettings.CarrierName}'), demo number {number}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Demo account (kept in {demo.AccountFile}):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  AccountSid {demo.Account.Sid}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  AuthToken  {demo.Account.AuthToken}");
        text.AppendLine();
        text.AppendLine("1. Send an SMS through the API (the simulator accepts it, then reports DELIVRD):");
        text.AppendLine(CultureInfo.InvariantCulture, $"   curl -u {auth} -X POST {messages} --data-urlencode \"From={number}\" --data-urlencode \"To=+15550199\" --data-urlencode \"Body=Hello\"");
        text.AppendLine("   -> JSON with \"status\": \"queued\"; within a second or two the message becomes \"delivered\".");
        text.AppendLine();
        text.AppendLine("2. List the messages:");
        text.AppendLine(CultureInfo.InvariantCulture, $"   curl -u {auth} {messages}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"3. Make the simulator send an SMS (MO) to {number}; its application {DemoEndpoints.SmsPath} answers \"You said: ...\":");
        text.AppendLine(CultureInfo.InvariantCulture, $"   curl -X POST {baseUrl}{DemoEndpoints.MoPath} --data-urlencode \"From=+15550199\" --data-urlencode \"To={number}\" --data-urlencode \"Body=Hi bridge\"");
        text.AppendLine("   -> the list (2.) then shows an \"inbound\" message \"Hi bridge\" and an \"outbound-reply\" \"You said: Hi bridge\" that becomes \"delivered\".");
        text.AppendLine("Demo mode is for trying the bridge: set Bridge:Demo:Enabled to false in production.");
        text.Append("=========================================================================");
        return text.ToString();
    }

    private void OnStarted()
    {
        Log.DemoReady(_logger, _demo.Simulator.LocalEndPoint, _demo.Account.Sid, _demo.Settings.Number, _demo.AccountFile);

        // On the console, not through the logger: the block carries the demo token, and log sinks must never
        // receive a token above Debug. Under systemd the demo is off (config/appsettings.production.example.json).
        Console.Out.WriteLine(Instructions(_demo));
        Console.Out.Flush();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5150, EventName = "DemoReady", Level = LogLevel.Information,
            Message = "Demo mode: SMSC simulator on {SimulatorEndPoint}, demo account {AccountSid} (token in {AccountFile}), number {PhoneNumber} answered by /demo/sms")]
        public static partial void DemoReady(ILogger logger, System.Net.IPEndPoint simulatorEndPoint, string accountSid, string phoneNumber, string accountFile);
    }
}
