using System.Globalization;

namespace RestcommSmppBridge.Api;

/// <summary>The two date formats of Restcomm's representations (restcomm.md §1.4), always in UTC.</summary>
internal static class RestcommDates
{
    /// <summary>
    /// DateCreated / DateUpdated: Java's <c>EEE, d MMM yyyy HH:mm:ss Z</c> in the US locale, e.g.
    /// <c>Thu, 19 Nov 2015 07:21:24 +0000</c>. We always print UTC, so the zone is the literal <c>+0000</c>.
    /// </summary>
    public static string FormatRfc2822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(Rfc2822, CultureInfo.InvariantCulture);

    /// <summary><see cref="FormatRfc2822(DateTimeOffset)"/> into <paramref name="destination"/> (31 characters at most), for writers that take a span.</summary>
    public static ReadOnlySpan<char> FormatRfc2822(DateTimeOffset value, Span<char> destination) =>
        value.ToUniversalTime().TryFormat(destination, out int written, Rfc2822, CultureInfo.InvariantCulture)
            ? destination[..written]
            : throw new ArgumentException("The destination is too short for an RFC 2822 date.", nameof(destination));

    // Java's "EEE, d MMM yyyy HH:mm:ss Z" for UTC.
    private const string Rfc2822 = "ddd, d MMM yyyy HH:mm:ss '+0000'";

    /// <summary>
    /// DateSent: ISO-8601 with milliseconds and offset, as Joda's <c>DateTime.toString()</c> prints it, which writes a
    /// zero offset as <c>Z</c>: <c>2015-11-19T07:21:24.000Z</c>, what Restcomm answers on a host whose zone is UTC.
    /// </summary>
    public static string FormatIso8601(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
