using System.Globalization;

namespace RestcommSmppBridge.Drills;

/// <summary>
/// What a drill found: the five counts of its closing line, the detail lines printed before it, and every broken
/// promise (a bound exceeded, a message without a final status) that fails the drill besides a loss.
/// </summary>
internal sealed class DrillResult
{
    public DrillResult(string name) => Name = name;

    public string Name { get; }

    public long Sent { get; set; }

    public long Delivered { get; set; }

    public long Lost { get; set; }

    public long Duplicated { get; set; }

    public long Failed { get; set; }

    public List<string> Problems { get; } = [];

    public bool Passed => Lost == 0 && Problems.Count == 0;

    /// <summary>The closing line, the one a script or a test reads.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"drill {Name}: sent={Sent} delivered={Delivered} lost={Lost} duplicated={Duplicated} failed={Failed}");

    /// <summary>Prints a detail line (indented, so only the closing line starts with "drill ").</summary>
    public void Detail(FormattableString text) => Console.WriteLine("  " + Name + ": " + text.ToString(CultureInfo.InvariantCulture));

    public void Problem(FormattableString text)
    {
        string problem = text.ToString(CultureInfo.InvariantCulture);
        Problems.Add(problem);
        Console.WriteLine("  " + Name + ": PROBLEM: " + problem);
    }
}
