using System.Collections.Concurrent;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// One phase of <c>load mt</c>: the text each send carries (tagged with the phase, see <see cref="TaggedText"/>), the
/// StatusCallback it asks for, and, for every send answered 200, its message sid and when it started (or was due).
/// </summary>
internal sealed class MtTracking(char phase, Uri statusCallback)
{
    public const string Kind = "mt";

    private readonly ConcurrentDictionary<int, MtSend> _sends = new();

    public char Phase { get; } = phase;

    public Uri StatusCallback { get; } = statusCallback;

    /// <summary>Every accepted send by index.</summary>
    public IReadOnlyDictionary<int, MtSend> Sends => _sends;

    public int AcceptedCount => _sends.Count;

    public string TextOf(int index) => TaggedText.Format(Kind, Phase, index);

    public void Accepted(int index, string sid, long started) => _sends[index] = new MtSend(sid, started);
}

/// <summary>An accepted API send: its sid and the timestamp its latency counts from.</summary>
internal readonly record struct MtSend(string Sid, long Started);
