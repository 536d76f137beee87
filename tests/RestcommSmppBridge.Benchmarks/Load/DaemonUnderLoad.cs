using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The real daemon (<c>dotnet RestcommSmppBridge.dll</c>, Release build) as a separate process on a free loopback
/// port, with a fresh database in a temp folder and one seeded account. Console logging is at Warning, so the per-send
/// Information line does not turn the run into a console benchmark; the host's "Now listening on:" line still shows
/// (appsettings.json keeps Microsoft.Hosting.Lifetime at Information) and is what the start waits for. Disposing
/// kills the process and deletes the folder.
/// </summary>
internal sealed class DaemonUnderLoad : IAsyncDisposable
{
    private const int KeptOutputLines = 200;

    private readonly Process _process;
    private readonly string _folder;
    private readonly Queue<string> _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lineCount;

    private DaemonUnderLoad(Process process, string folder, Uri address, string accountSid, string authToken)
    {
        _process = process;
        _folder = folder;
        Address = address;
        AccountSid = accountSid;
        AuthToken = authToken;
    }

    public Uri Address { get; }

    public string AccountSid { get; }

    public string AuthToken { get; }

    public int ProcessId => _process.Id;

    public string DatabasePath => Path.Combine(_folder, "bridge.db");

    /// <summary>Console lines the daemon wrote so far; the run reports how many it wrote under load (expected: none).</summary>
    public int LineCount => Volatile.Read(ref _lineCount);

    /// <summary>The last lines the daemon wrote, for a failure message.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="daemonDll"/> <paramref name="arguments"/></c> and waits (at most
    /// <paramref name="timeout"/>) until it listens. <paramref name="bare"/>: the process is the
    /// <see cref="BareServer"/>, which logs through the default providers and needs server GC set, as the Web SDK
    /// sets it for the daemon. <paramref name="accountSid"/>: the seeded account's sid, when the caller's extra
    /// environment must name it (a number's AccountSid); a new one when null.
    /// </summary>
    public static async Task<DaemonUnderLoad> StartAsync(string daemonDll, IReadOnlyList<string> arguments, bool bare,
        IReadOnlyDictionary<string, string> extraEnvironment, TimeSpan timeout, string? accountSid = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), "rsb-restload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        int port = FreeLoopbackPort();
        accountSid ??= Sids.NewAccountSid();
        string authToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        // The daemon's own folder is the working directory, so it reads the shipped appsettings.json as in production.
        ProcessStartInfo start = new("dotnet", [daemonDll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(daemonDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Bridge__Storage__Path"] = Path.Combine(folder, "bridge.db");
        start.Environment["Bridge__Accounts__0__Sid"] = accountSid;
        start.Environment["Bridge__Accounts__0__AuthToken"] = authToken;
        start.Environment["Bridge__Accounts__0__FriendlyName"] = "load";

        // The shipped appsettings.json turns the embedded demo on: an SMSC simulator on the fixed port 2775 and a
        // default route to it. Under load that would be a second carrier nobody measures, and two runs at once
        // would collide on the port. The drivers that want a carrier configure their own.
        start.Environment["Bridge__Demo__Enabled"] = "false";
        if (bare)
        {
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            start.Environment["DOTNET_gcServer"] = "1";
        }

        foreach (KeyValuePair<string, string> pair in extraEnvironment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        Process process = new() { StartInfo = start, EnableRaisingEvents = true };
        DaemonUnderLoad daemon = new(process, folder, new Uri($"http://127.0.0.1:{port}/"), accountSid, authToken);
        process.OutputDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.Exited += (_, _) => daemon._listening.TrySetException(
            new InvalidOperationException("The daemon exited before listening:\n" + daemon.RecentOutput));
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await daemon._listening.Task.WaitAsync(timeout);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    public double CpuSeconds() => ProcFs.CpuSeconds(_process.Id);

    public long PeakRssBytes() => ProcFs.PeakRssBytes(_process.Id);

    /// <summary>SIGKILL, as a crash: what was answered 200 must be in the file anyway (the run checks it).</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
            return;
        }

        using CancellationTokenSource cancel = new(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a finished run for.
        }
    }

    private static int FreeLoopbackPort()
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }

        Interlocked.Increment(ref _lineCount);
        if (!_listening.Task.IsCompleted && line.Contains("Now listening on:", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    /// <summary>Basic credentials of the seeded account.</summary>
    public string BasicCredentials() => Convert.ToBase64String(Encoding.UTF8.GetBytes(AccountSid + ":" + AuthToken));
}
