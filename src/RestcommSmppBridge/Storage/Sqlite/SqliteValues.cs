using System.Globalization;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>Conversions between the model and the column representations of the schema (see <see cref="SqliteMigrations"/>).</summary>
internal static class SqliteValues
{
    /// <summary>The escape character used with every <c>LIKE … ESCAPE '\'</c> in the store.</summary>
    public const char LikeEscape = '\\';

    /// <summary>An instant as stored: UTC ticks.</summary>
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    /// <summary>A stored instant back as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>A stored nullable instant back as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset? FromTicks(long? ticks) => ticks is long value ? FromTicks(value) : null;

    /// <summary>00:00 UTC of <paramref name="day"/> in ticks; <see cref="long.MinValue"/> when there is no bound.</summary>
    public static long StartOfDayTicks(DateOnly? day) =>
        day is DateOnly value ? value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks : long.MinValue;

    /// <summary>00:00 UTC of the day after <paramref name="day"/> in ticks (an exclusive bound); <see cref="long.MaxValue"/> when there is none.</summary>
    public static long EndOfDayExclusiveTicks(DateOnly? day) =>
        day is DateOnly value && value < DateOnly.MaxValue
            ? value.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks
            : long.MaxValue;

    /// <summary>
    /// A LIKE pattern that matches <paramref name="value"/> literally, with <paramref name="leadingWildcard"/> and
    /// <paramref name="trailingWildcard"/> added around it. <c>%</c>, <c>_</c> and the escape character in user input
    /// are escaped, so "50%" matches the text "50%", not "50" followed by anything (restcomm.md 1.8: Restcomm
    /// passed them through). Null stays null (no filter).
    /// </summary>
    public static string? LikePattern(string? value, bool leadingWildcard, bool trailingWildcard)
    {
        if (value is null)
        {
            return null;
        }

        int extra = (leadingWildcard ? 1 : 0) + (trailingWildcard ? 1 : 0);
        foreach (char c in value)
        {
            if (c is '%' or '_' or LikeEscape)
            {
                extra++;
            }
        }

        return string.Create(value.Length + extra, (value, leadingWildcard, trailingWildcard), static (span, state) =>
        {
            int i = 0;
            if (state.leadingWildcard)
            {
                span[i++] = '%';
            }

            foreach (char c in state.value)
            {
                if (c is '%' or '_' or LikeEscape)
                {
                    span[i++] = LikeEscape;
                }

                span[i++] = c;
            }

            if (state.trailingWildcard)
            {
                span[i] = '%';
            }
        });
    }

    public static MessageStatus ParseMessageStatus(string value, string sid) =>
        StorageWireValues.TryParseMessageStatus(value, out MessageStatus status)
            ? status
            : throw Corrupt("status", value, sid);

    public static MessageDirection ParseMessageDirection(string value, string sid) =>
        StorageWireValues.TryParseMessageDirection(value, out MessageDirection direction)
            ? direction
            : throw Corrupt("direction", value, sid);

    public static AccountStatus ParseAccountStatus(string value, string sid) =>
        StorageWireValues.TryParseAccountStatus(value, out AccountStatus status)
            ? status
            : throw Corrupt("status", value, sid);

    public static int? ToInt32(long? value) => value is long v ? checked((int)v) : null;

    private static InvalidDataException Corrupt(string column, string value, string sid) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Row {sid} holds an unknown {column} '{value}'; the database was changed outside the bridge."));
}
