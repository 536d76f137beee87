namespace RestcommSmppBridge.Inbound;

/// <summary>
/// A phone number for a log line: all but its last four digits masked, computed only if the line is written (so a
/// disabled level costs nothing, CA1873).
/// </summary>
internal readonly struct MaskedNumber(string number)
{
    public override string ToString() =>
        number.Length <= 4
            ? new string('*', number.Length)
            : string.Concat(new string('*', number.Length - 4), number.AsSpan(number.Length - 4));
}
