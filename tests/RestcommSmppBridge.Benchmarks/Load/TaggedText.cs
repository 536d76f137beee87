using System.Globalization;

namespace RestcommSmppBridge.Benchmarks.Load;

/// <summary>
/// The texts of <c>load mt</c> and <c>load mo</c>: each names its kind, phase and index (<c>mt s000042 …</c>,
/// <c>mo p001234 …</c>), so a submit_sm seen by the simulator, or the application's reply to an MO
/// (<c>re: mo p001234 …</c>), tells which send it belongs to. GSM 03.38 only, one segment.
/// </summary>
internal static class TaggedText
{
    /// <summary>The reply prefix the RCML application puts before the MO's text.</summary>
    public const string ReplyPrefix = "re: ";

    /// <summary>"mt s000042 code 42": kind, phase tag, index.</summary>
    public static string Format(string kind, char phase, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} {phase}{index:D6} code {index}");

    /// <summary>
    /// Reads the index back from a text made by <see cref="Format"/>, after an optional <paramref name="prefix"/>; false
    /// for any other text (another kind, another phase, a foreign message).
    /// </summary>
    public static bool TryParse(string text, string prefix, string kind, char phase, out int index)
    {
        index = -1;
        ReadOnlySpan<char> rest = text;
        if (!rest.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[prefix.Length..];
        if (!rest.StartsWith(kind, StringComparison.Ordinal) || rest.Length < kind.Length + 3 || rest[kind.Length] != ' ' || rest[kind.Length + 1] != phase)
        {
            return false;
        }

        rest = rest[(kind.Length + 2)..];
        int space = rest.IndexOf(' ');
        return space > 0 && int.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
