using System.Globalization;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// Every message a drill sends carries a text that names it (<c>PREFIX-0000042</c>), so the simulator's log, the app's
/// records and the database can be joined on the text alone, whatever sids or carrier ids the bridge gave it.
/// </summary>
internal sealed class DrillBodies
{
    private readonly string _prefix;

    public DrillBodies(string prefix, int count)
    {
        _prefix = prefix + "-";
        Count = count;
    }

    public int Count { get; }

    public string Body(int index) => _prefix + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The index a text names, or -1 when it is not one of these bodies.</summary>
    public int IndexOf(string text)
    {
        if (text.Length != _prefix.Length + 7 || !text.StartsWith(_prefix, StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || index >= Count)
        {
            return -1;
        }

        return index;
    }
}
