namespace RestcommSmppBridge.Smpp.Protocol;

/// <summary>
/// Typed view of an SMPP 3.4 time field (§7.1.1): <c>schedule_delivery_time</c>, <c>validity_period</c> and
/// <c>final_date</c>. The codec carries these fields as raw C-octet strings; this type parses, validates and
/// formats them.
/// </summary>
/// <remarks>
/// <para>
/// Wire layout, 16 characters plus the NUL terminator (§7.1.1):
/// <code>
///  YY MM DD hh mm ss t nn p
///  |  |  |  |  |  |  | |  +-- '+' local time ahead of UTC, '-' behind UTC, 'R' relative
///  |  |  |  |  |  |  | +----- offset from UTC in quarter hours, 00-48
///  |  |  |  |  |  |  +------- tenths of a second, 0-9
///  +--+--+--+--+--+---------- year, month, day, hour, minute, second
/// </code>
/// An empty field (a single NUL on the wire) means "immediate" for schedule_delivery_time and "SMSC default" for
/// validity_period; <see cref="TryParse"/> reports it as a <see langword="null"/> value.
/// </para>
/// <para>
/// The two-digit year is read as 2000-2099. An absolute time keeps its UTC offset, so
/// <c>250102153000004+</c> is 2025-01-02 15:30:00.0 at UTC+01:00. A relative time
/// (<c>YYMMDDhhmmss000R</c>, §7.1.1.2) keeps its calendar components so that years and months are added as
/// calendar units by <see cref="ResolveAgainst"/>; its <c>tnn</c> must be <c>000</c>.
/// </para>
/// <para>
/// When a time is invalid an SMSC answers <see cref="InvalidScheduleStatus"/> (for schedule_delivery_time) or
/// <see cref="InvalidValidityStatus"/> (for validity_period).
/// </para>
/// </remarks>
public sealed class SmppTime : IEquatable<SmppTime>
{
    /// <summary>Length of a non-empty SMPP time field, without the NUL terminator (§7.1.1).</summary>
    public const int Length = 16;

    /// <summary>Status to answer when <c>schedule_delivery_time</c> is invalid: ESME_RINVSCHED (0x61).</summary>
    public const CommandStatus InvalidScheduleStatus = CommandStatus.InvalidScheduledDeliveryTime;

    /// <summary>Status to answer when <c>validity_period</c> is invalid: ESME_RINVEXPIRY (0x62).</summary>
    public const CommandStatus InvalidValidityStatus = CommandStatus.InvalidExpiry;

    private const int FirstYear = 2000;
    private const int MaxQuarterHours = 48;
    private const long TicksPerTenth = TimeSpan.TicksPerMillisecond * 100;
    private const long TicksPerQuarterHour = TimeSpan.TicksPerMinute * 15;

    // Approximations used only when a TimeSpan longer than 99 days must be spread over the YY and MM fields,
    // which an SMSC then resolves as calendar units (§7.1.1.2 gives no day counts for them).
    private const int DaysPerRelativeYear = 365;
    private const int DaysPerRelativeMonth = 30;

    private readonly DateTimeOffset _absolute;

    private SmppTime(DateTimeOffset absolute)
    {
        _absolute = absolute;
    }

    private SmppTime(int years, int months, int days, int hours, int minutes, int seconds)
    {
        IsRelative = true;
        Years = years;
        Months = months;
        Days = days;
        Hours = hours;
        Minutes = minutes;
        Seconds = seconds;
    }

    /// <summary>Gets a value indicating whether this is a relative time (<c>p</c> = <c>R</c>).</summary>
    public bool IsRelative { get; }

    /// <summary>
    /// Gets the absolute time, with its UTC offset and a precision of a tenth of a second.
    /// </summary>
    /// <exception cref="InvalidOperationException">The time is relative; use <see cref="ResolveAgainst"/>.</exception>
    public DateTimeOffset AbsoluteTime => IsRelative
        ? throw new InvalidOperationException("A relative SMPP time has no absolute value; use ResolveAgainst.")
        : _absolute;

    /// <summary>Gets the relative years (00-99); zero for an absolute time.</summary>
    public int Years { get; }

    /// <summary>Gets the relative months (00-99); zero for an absolute time.</summary>
    public int Months { get; }

    /// <summary>Gets the relative days (00-99); zero for an absolute time.</summary>
    public int Days { get; }

    /// <summary>Gets the relative hours (00-23); zero for an absolute time.</summary>
    public int Hours { get; }

    /// <summary>Gets the relative minutes (00-59); zero for an absolute time.</summary>
    public int Minutes { get; }

    /// <summary>Gets the relative seconds (00-59); zero for an absolute time.</summary>
    public int Seconds { get; }

    /// <summary>Compares two times for equality (same kind; same instant and offset, or same components).</summary>
    /// <param name="left">The first time.</param>
    /// <param name="right">The second time.</param>
    /// <returns><see langword="true"/> when both are equal or both are <see langword="null"/>.</returns>
    public static bool operator ==(SmppTime? left, SmppTime? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Compares two times for inequality.</summary>
    /// <param name="left">The first time.</param>
    /// <param name="right">The second time.</param>
    /// <returns><see langword="true"/> when the times differ.</returns>
    public static bool operator !=(SmppTime? left, SmppTime? right) => !(left == right);

    /// <summary>
    /// Creates an absolute time. Precision below a tenth of a second is truncated. An offset that is not a
    /// multiple of 15 minutes, or lies beyond ±12 hours (nn is at most 48), is not representable, so the value
    /// is converted to UTC.
    /// </summary>
    /// <param name="value">The instant and its offset.</param>
    /// <returns>The absolute SMPP time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The (possibly UTC-converted) year is outside 2000-2099.</exception>
    public static SmppTime FromAbsolute(DateTimeOffset value)
    {
        TimeSpan offset = value.Offset;
        if (offset.Ticks % TicksPerQuarterHour != 0 || Math.Abs(offset.Ticks) > MaxQuarterHours * TicksPerQuarterHour)
        {
            value = value.ToOffset(TimeSpan.Zero);
        }

        if (value.Year < FirstYear || value.Year > FirstYear + 99)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "SMPP time years are two digits, read as 2000-2099.");
        }

        long truncatedTicks = value.Ticks - (value.Ticks % TicksPerTenth);
        return new SmppTime(new DateTimeOffset(truncatedTicks, value.Offset));
    }

    /// <summary>Creates a relative time from its components (§7.1.1.2).</summary>
    /// <param name="years">Years, 0-99.</param>
    /// <param name="months">Months, 0-99.</param>
    /// <param name="days">Days, 0-99.</param>
    /// <param name="hours">Hours, 0-23.</param>
    /// <param name="minutes">Minutes, 0-59.</param>
    /// <param name="seconds">Seconds, 0-59.</param>
    /// <returns>The relative SMPP time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A component is outside its range.</exception>
    public static SmppTime FromRelative(int years, int months, int days, int hours, int minutes, int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(years, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(months, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, 23);
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, 59);
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, 59);
        return new SmppTime(years, months, days, hours, minutes, seconds);
    }

    /// <summary>
    /// Creates a relative time from a duration. Fractions of a second are truncated. Up to 99 days the value is
    /// exact (DD hh mm ss); longer durations are spread over years of 365 days and months of 30 days, which the
    /// SMSC resolves as calendar units, so they may land a few days off.
    /// </summary>
    /// <param name="duration">A non-negative duration below 100 years of 365 days.</param>
    /// <returns>The relative SMPP time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative or 100 years or more.</exception>
    public static SmppTime FromRelative(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);

        int totalDays = duration.Days;
        int years = 0;
        int months = 0;
        int days = totalDays;
        if (totalDays > 99)
        {
            years = totalDays / DaysPerRelativeYear;
            int rest = totalDays % DaysPerRelativeYear;

            // 360-364 remaining days would make 12 months; keep MM at 11 and let DD (up to 99) take the rest.
            months = Math.Min(rest / DaysPerRelativeMonth, 11);
            days = rest - (months * DaysPerRelativeMonth);
        }

        if (years > 99)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A relative SMPP time cannot exceed 99 years.");
        }

        return new SmppTime(years, months, days, duration.Hours, duration.Minutes, duration.Seconds);
    }

    /// <summary>Formats an instant as an absolute SMPP time (see <see cref="FromAbsolute"/> for offset rules).</summary>
    /// <param name="value">The instant and its offset.</param>
    /// <returns>The 16-character form, e.g. <c>250102153000004+</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 2000-2099.</exception>
    public static string FormatAbsolute(DateTimeOffset value) => FromAbsolute(value).Format();

    /// <summary>Formats a duration as a relative SMPP time (see <see cref="FromRelative(TimeSpan)"/>).</summary>
    /// <param name="duration">A non-negative duration below 100 years.</param>
    /// <returns>The 16-character form, e.g. <c>000001000000000R</c> for one day.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative or too long.</exception>
    public static string FormatRelative(TimeSpan duration) => FromRelative(duration).Format();

    /// <summary>Parses an SMPP time field.</summary>
    /// <param name="text">The field without its NUL terminator.</param>
    /// <returns>The parsed time.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">
    /// The text is empty (the NULL time, which <see cref="TryParse"/> accepts) or is not a valid SMPP time.
    /// </exception>
    public static SmppTime Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new FormatException("An empty SMPP time is the NULL value (immediate / SMSC default); use TryParse to accept it.");
        }

        if (!TryParse(text, out SmppTime? value, out string? error))
        {
            throw new FormatException(error);
        }

        return value!;
    }

    /// <summary>
    /// Parses an SMPP time field. <see langword="null"/> or empty text is the valid NULL time and yields
    /// <see langword="true"/> with a <see langword="null"/> value.
    /// </summary>
    /// <param name="text">The field without its NUL terminator.</param>
    /// <param name="value">The parsed time, or <see langword="null"/> for the NULL time or on failure.</param>
    /// <param name="error">Why parsing failed, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the text is empty or a valid SMPP time.</returns>
    public static bool TryParse(string? text, out SmppTime? value, out string? error)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            error = null;
            return true;
        }

        if (text.Length != Length)
        {
            error = $"An SMPP time must be {Length} characters (YYMMDDhhmmsstnnp), got {text.Length}.";
            return false;
        }

        for (int i = 0; i < Length - 1; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                error = $"An SMPP time must have digits in positions 1-15; position {i + 1} is '{text[i]}'.";
                return false;
            }
        }

        int yy = TwoDigits(text, 0);
        int month = TwoDigits(text, 2);
        int day = TwoDigits(text, 4);
        int hour = TwoDigits(text, 6);
        int minute = TwoDigits(text, 8);
        int second = TwoDigits(text, 10);
        int tenths = text[12] - '0';
        int quarterHours = TwoDigits(text, 13);
        char sign = text[15];

        if (sign is not ('+' or '-' or 'R'))
        {
            error = $"SMPP time position 16 must be '+', '-' or 'R', got '{sign}'.";
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            error = $"SMPP time hh:mm:ss {hour:D2}:{minute:D2}:{second:D2} is out of range (00-23, 00-59, 00-59).";
            return false;
        }

        if (sign == 'R')
        {
            if (tenths != 0 || quarterHours != 0)
            {
                error = "A relative SMPP time (§7.1.1.2) must have tnn = 000.";
                return false;
            }

            value = new SmppTime(yy, month, day, hour, minute, second);
            error = null;
            return true;
        }

        if (month is < 1 or > 12)
        {
            error = $"SMPP time month {month:D2} is out of range 01-12.";
            return false;
        }

        int year = FirstYear + yy;
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"SMPP time day {day:D2} is not valid for {year:D4}-{month:D2}.";
            return false;
        }

        if (quarterHours > MaxQuarterHours)
        {
            error = $"SMPP time UTC offset {quarterHours:D2} is out of range 00-48 quarter hours.";
            return false;
        }

        TimeSpan offset = TimeSpan.FromTicks(quarterHours * TicksPerQuarterHour);
        if (sign == '-')
        {
            offset = -offset;
        }

        value = new SmppTime(new DateTimeOffset(year, month, day, hour, minute, second, tenths * 100, offset));
        error = null;
        return true;
    }

    /// <summary>
    /// Resolves the time to an instant: an absolute time is returned as is; a relative time is added to
    /// <paramref name="now"/> as calendar years and months, then days, hours, minutes and seconds.
    /// </summary>
    /// <param name="now">The reference instant, normally the SMSC's receipt time from a <see cref="TimeProvider"/>.</param>
    /// <returns>The resolved instant.</returns>
    public DateTimeOffset ResolveAgainst(DateTimeOffset now)
    {
        if (!IsRelative)
        {
            return _absolute;
        }

        return now.AddYears(Years)
            .AddMonths(Months)
            .AddDays(Days)
            .Add(new TimeSpan(Hours, Minutes, Seconds));
    }

    /// <summary>Formats the time in its 16-character wire form (without the NUL terminator).</summary>
    /// <returns>For example <c>250102153000004+</c> or <c>000001000000000R</c>.</returns>
    public string Format()
    {
        return string.Create(Length, this, static (span, time) =>
        {
            if (time.IsRelative)
            {
                WriteTwoDigits(span, 0, time.Years);
                WriteTwoDigits(span, 2, time.Months);
                WriteTwoDigits(span, 4, time.Days);
                WriteTwoDigits(span, 6, time.Hours);
                WriteTwoDigits(span, 8, time.Minutes);
                WriteTwoDigits(span, 10, time.Seconds);
                span[12] = '0';
                WriteTwoDigits(span, 13, 0);
                span[15] = 'R';
                return;
            }

            DateTimeOffset value = time._absolute;
            WriteTwoDigits(span, 0, value.Year - FirstYear);
            WriteTwoDigits(span, 2, value.Month);
            WriteTwoDigits(span, 4, value.Day);
            WriteTwoDigits(span, 6, value.Hour);
            WriteTwoDigits(span, 8, value.Minute);
            WriteTwoDigits(span, 10, value.Second);
            span[12] = (char)('0' + (value.Millisecond / 100));
            long offsetTicks = value.Offset.Ticks;
            WriteTwoDigits(span, 13, (int)(Math.Abs(offsetTicks) / TicksPerQuarterHour));
            span[15] = offsetTicks < 0 ? '-' : '+';
        });
    }

    /// <summary>Returns the 16-character wire form; see <see cref="Format"/>.</summary>
    /// <returns>The wire form.</returns>
    public override string ToString() => Format();

    /// <inheritdoc/>
    public bool Equals(SmppTime? other)
    {
        if (other is null)
        {
            return false;
        }

        if (IsRelative != other.IsRelative)
        {
            return false;
        }

        return IsRelative
            ? Years == other.Years && Months == other.Months && Days == other.Days
                && Hours == other.Hours && Minutes == other.Minutes && Seconds == other.Seconds
            : _absolute.EqualsExact(other._absolute);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SmppTime);

    /// <inheritdoc/>
    public override int GetHashCode() => IsRelative
        ? HashCode.Combine(Years, Months, Days, Hours, Minutes, Seconds)
        : HashCode.Combine(_absolute.UtcTicks, _absolute.Offset);

    private static int TwoDigits(string text, int index) => ((text[index] - '0') * 10) + (text[index + 1] - '0');

    private static void WriteTwoDigits(Span<char> span, int index, int value)
    {
        span[index] = (char)('0' + (value / 10));
        span[index + 1] = (char)('0' + (value % 10));
    }
}
