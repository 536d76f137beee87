using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace RestcommSmppBridge.Smpp.Tests.Interop;

/// <summary>
/// One script of <c>Interop/node</c> (node's <c>smpp</c> package, an SMPP implementation independent of ours) run as a
/// child process. The scripts print one JSON object per line on stdout, each with an <c>event</c> name; a test waits
/// for the Nth event of a name, with a timeout, and reads what came before it. Dispose kills the process tree.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>Set to <c>skip</c> to turn missing node prerequisites into ignored tests instead of failures.</summary>
    internal const string SkipVariable = "SMPP_INTEROP";

    private static readonly TimeSpan s_disposeWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly string _script;

    // Unbounded on purpose: the scripts print a few lines per PDU and exit by themselves after their time limit, and
    // a bounded channel would block the pump once a test stops reading.
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly List<JsonElement> _seen = [];
    private readonly StringBuilder _diagnostics = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private NodeProcess(Process process, string script)
    {
        _process = process;
        _script = script;
        _stdoutPump = PumpStdoutAsync();
        _stderrPump = PumpStderrAsync();
    }

    /// <summary>Every event read so far, oldest first (only those a wait has already taken from the channel).</summary>
    public IReadOnlyList<JsonElement> Seen => _seen;

    /// <summary>
    /// Starts <c>node &lt;script&gt; &lt;args&gt;</c> in the node folder. Fails the test when node or
    /// <c>node_modules/smpp</c> is missing (CI installs both through <c>.ci/run</c>; a silent skip would hide a broken
    /// CI), unless <see cref="SkipVariable"/> is <c>skip</c>, which ignores the test instead.
    /// </summary>
    public static NodeProcess Start(string script, params string[] args)
    {
        (string node, string folder) = RequireNode();
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardErrorEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        start.ArgumentList.Add(script);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start)
            ?? throw new InvalidOperationException($"node {script} did not start.");
        return new NodeProcess(process, script);
    }

    /// <summary>
    /// Returns the <paramref name="occurrence"/>-th event named <paramref name="name"/> (1-based), waiting at most
    /// <paramref name="timeout"/>. Fails the test with everything node printed when the time passes or node exits
    /// first.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(string name, TimeSpan timeout, CancellationToken cancellationToken,
        int occurrence = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        int found = 0;
        foreach (JsonElement seen in _seen)
        {
            if (IsEvent(seen, name) && ++found == occurrence)
            {
                return seen;
            }
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                JsonElement next = await _lines.Reader.ReadAsync(timeoutCts.Token);
                _seen.Add(next);
                if (IsEvent(next, name) && ++found == occurrence)
                {
                    return next;
                }
            }
        }
        catch (ChannelClosedException)
        {
            int? exitCode = await ExitCodeAsync();
            Assert.Fail($"node {_script} ended (exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}) "
                + $"before event '{name}' #{occurrence}. {Describe()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"No event '{name}' #{occurrence} from node {_script} within {timeout.TotalSeconds} s. {Describe()}");
        }

        throw new UnreachableException();
    }

    /// <summary>The events named <paramref name="name"/> among <see cref="Seen"/>, oldest first.</summary>
    public IReadOnlyList<JsonElement> Events(string name)
    {
        var result = new List<JsonElement>();
        foreach (JsonElement seen in _seen)
        {
            if (IsEvent(seen, name))
            {
                result.Add(seen);
            }
        }

        return result;
    }

    /// <summary>Waits for node to exit by itself and returns its exit code; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"node {_script} did not exit within {timeout.TotalSeconds} s. {Describe()}");
        }

        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
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
            // It exited between the check and the kill.
        }

        using var waitCts = new CancellationTokenSource(s_disposeWait);
        try
        {
            await _process.WaitForExitAsync(waitCts.Token);
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(waitCts.Token);
        }
        catch (OperationCanceledException)
        {
            // A process that ignores SIGKILL this long is beyond what a test can fix; do not hang the run on it.
        }

        _process.Dispose();
    }

    /// <summary>The node executable on PATH and the folder with the scripts and their node_modules.</summary>
    private static (string Node, string Folder) RequireNode()
    {
        string folder = Path.Combine(FindRepositoryRoot(), "tests", "RestcommSmppBridge.Smpp.Tests", "Interop", "node");
        string? node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");
        string? problem = node is null
            ? "node (Node.js) is not on PATH"
            : !File.Exists(Path.Combine(folder, "node_modules", "smpp", "package.json"))
                ? $"node's smpp package is not installed in {folder}"
                : null;
        if (problem is not null)
        {
            string reason = $"Interop tests need Node.js and node's smpp package: {problem}. Install Node.js, then run "
                + $"`npm ci` in {folder} (.ci/run does both in CI).";
            if (string.Equals(Environment.GetEnvironmentVariable(SkipVariable), "skip", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Ignore($"{reason} Ignored because {SkipVariable}=skip.");
            }

            Assert.Fail($"{reason} Set {SkipVariable}=skip to ignore these tests where they cannot run.");
        }

        return (node!, folder);
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RestcommSmppBridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No RestcommSmppBridge.sln above {TestContext.CurrentContext.TestDirectory}: cannot find Interop/node.");
    }

    private static string? FindOnPath(string executable)
    {
        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string dir in dirs)
        {
            string candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsEvent(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("event", out JsonElement value)
        && value.ValueKind == JsonValueKind.String
        && value.ValueEquals(name);

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using JsonDocument document = JsonDocument.Parse(line);
                    _lines.Writer.TryWrite(document.RootElement.Clone());
                }
                catch (JsonException)
                {
                    AppendDiagnostic("stdout (not JSON): " + line);
                }
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            AppendDiagnostic("stderr: " + line);
        }
    }

    private void AppendDiagnostic(string line)
    {
        lock (_diagnostics)
        {
            // Bounded so a chatty failure cannot flood the test report.
            if (_diagnostics.Length < 8192)
            {
                _diagnostics.AppendLine(line);
            }
        }
    }

    private async Task<int?> ExitCodeAsync()
    {
        using var waitCts = new CancellationTokenSource(s_disposeWait);
        try
        {
            await _process.WaitForExitAsync(waitCts.Token);
            await _stderrPump.WaitAsync(waitCts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private string Describe()
    {
        var text = new StringBuilder();
        text.Append("Events so far: [");
        foreach (JsonElement seen in _seen)
        {
            text.Append(seen.GetRawText()).Append(' ');
        }

        text.Append(']');
        lock (_diagnostics)
        {
            if (_diagnostics.Length > 0)
            {
                text.Append(Environment.NewLine).Append(_diagnostics);
            }
        }

        return text.ToString();
    }
}
