using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// The real daemon (<c>dotnet RestcommSmppBridge.dll</c>) as a child process, configured only through environment
/// variables, started from its own folder so that it reads the shipped appsettings.json as in production. It can be
/// killed with SIGKILL and started again on the same database any number of times; each start takes a new free
/// loopback port and waits for the host's "Now listening on:" line.
/// </summary>
internal sealed class DrillDaemon : IAsyncDisposable
{
    private const int KeptOutputLines = 300;

    private readonly string _daemonDll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Queue<string> _output = new();
    private Process? _process;
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DrillDaemon(string daemonDll, IReadOnlyDictionary<string, string> environment)
    {
        _daemonDll = daemonDll;
        _environment = environment;
    }

    /// <summary>The API address of the current (or last) start.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:1/");

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public int ProcessId => _process?.Id ?? 0;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the daemon wrote (every start), for a failure message.</summary>
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

    /// <summary>Starts the process and waits (at most <paramref name="timeout"/>) until it listens.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The daemon is already running.");
        }

        _process?.Dispose();
        int port = FreeLoopbackPort();
        ProcessStartInfo start = new("dotnet", [_daemonDll])
        {
            WorkingDirectory = Path.GetDirectoryName(_daemonDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Bridge__Demo__Enabled"] = "false";
        foreach (KeyValuePair<string, string> pair in _environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _listening = listening;
        Process process = new() { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException("The daemon exited before listening:\n" + RecentOutput));
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _process = process;
        process.Start();
        Starts++;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await listening.Task.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, as a crash or an OOM kill. Waits (bounded) for the exit.</summary>
    public async Task KillAsync()
    {
        Process? process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        using CancellationTokenSource wait = new(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(wait.Token);
    }

    /// <summary>SIGTERM, as systemd stops it; SIGKILL past <paramref name="timeout"/>. Returns the exit code (-1 if killed).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        Process? process = _process;
        if (process is null || process.HasExited)
        {
            return process?.ExitCode ?? 0;
        }

        using (Process kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync();
        }

        using CancellationTokenSource wait = new(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return -1;
        }
    }

    /// <summary>Resident memory (VmRSS of /proc/pid/status) in bytes; 0 when not running or not Linux.</summary>
    public long RssBytes()
    {
        Process? process = _process;
        if (process is null || process.HasExited)
        {
            return 0;
        }

        try
        {
            foreach (string line in File.ReadLines($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    // "VmRSS:	  123456 kB"
                    string kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Exited between the check and the read.
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private void OnLine(string? line, TaskCompletionSource listening)
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

        if (line.Contains("Now listening on:", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }
}
