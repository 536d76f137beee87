using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace RestcommSmppBridge.Tests.Hosting;

/// <summary>
/// The real daemon binary (<c>dotnet RestcommSmppBridge.dll</c>) as a child process, started from the test output
/// folder so that it reads the root appsettings.json, with its settings in environment variables. Its address is read
/// from the host's "Now listening on:" line, so tests use port 0 and wait on a signal, never on a sleep. Disposing
/// kills whatever is still running.
/// </summary>
internal sealed partial class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DaemonProcess(Process process) => _process = process;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGTERM, as systemd does on stop.</summary>
    public void Terminate()
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit(10_000);
    }

    public int ExitCode => _process.ExitCode;

    public static DaemonProcess Start(IDictionary<string, string> environment, params string[] arguments)
    {
        string folder = TestContext.CurrentContext.TestDirectory;
        ProcessStartInfo start = new("dotnet", [Path.Combine(folder, "RestcommSmppBridge.dll"), .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = folder,
            UseShellExecute = false,
        };
        // The root appsettings.json turns the embedded demo on; tests opt in, so that parallel daemons do not
        // compete for the simulator's port.
        start.Environment["Bridge__Demo__Enabled"] = "false";
        foreach (KeyValuePair<string, string> pair in environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        Process process = new() { StartInfo = start, EnableRaisingEvents = true };
        DaemonProcess daemon = new(process);
        process.OutputDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.Exited += (_, _) => daemon._listening.TrySetException(
            new InvalidOperationException("The daemon exited before listening:\n" + daemon.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>The first address the host reports listening on.</summary>
    public Task<Uri> WaitListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    /// <summary>Waits for the process to end by itself; kills it (and fails) past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource cancel = new(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException("The daemon did not exit in time:\n" + Output);
        }

        // The exit event may precede the last redirected lines; this overload waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using CancellationTokenSource cancel = new(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cancel.Token);
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Now listening on:", StringComparison.Ordinal) && ListeningAddress().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Value));
        }
    }

    [GeneratedRegex("https?://[^\\s\"]+")]
    private static partial Regex ListeningAddress();
}
