using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Tests.Time;

[TestFixture]
public sealed class SmppTimeTests
{
    [Test]
    public void Parse_AbsoluteExampleFromSpecNotes_GivesLocalTimeWithOffset()
    {
        SmppTime time = SmppTime.Parse("250102153000004+");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.IsRelative, Is.False);
            Assert.That(time.AbsoluteTime.DateTime, Is.EqualTo(new DateTime(2025, 1, 2, 15, 30, 0)));
            Assert.That(time.AbsoluteTime.Offset, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(time.AbsoluteTime.UtcDateTime, Is.EqualTo(new DateTime(2025, 1, 2, 14, 30, 0, DateTimeKind.Utc)));
        }
    }

    [Test]
    public void Parse_RelativeOneDay_HasOneDayComponent()
    {
        SmppTime time = SmppTime.Parse("000001000000000R");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.IsRelative, Is.True);
            Assert.That(time.Days, Is.EqualTo(1));
            Assert.That(time.Years + time.Months + time.Hours + time.Minutes + time.Seconds, Is.Zero);
        }
    }

    [Test]
    public void Parse_RelativeTenMinutes_HasTenMinuteComponent()
    {
        SmppTime time = SmppTime.Parse("000000001000000R");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.IsRelative, Is.True);
            Assert.That(time.Minutes, Is.EqualTo(10));
            Assert.That(time.Days, Is.Zero);
        }
    }

    [Test]
    public void Parse_TenthsAndNegativeOffset_AreKept()
    {
        SmppTime time = SmppTime.Parse("991231235959920-");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.AbsoluteTime.Year, Is.EqualTo(2099));
            Assert.That(time.AbsoluteTime.Millisecond, Is.EqualTo(900));
            Assert.That(time.AbsoluteTime.Offset, Is.EqualTo(TimeSpan.FromHours(-5)));
        }
    }

    [Test]
    public void Parse_LeapDay2024_IsValid()
    {
        SmppTime time = SmppTime.Parse("240229000000000+");

        Assert.That(time.AbsoluteTime.Day, Is.EqualTo(29));
    }

    [TestCase("250102153000004+")]
    [TestCase("000101000000000+")]
    [TestCase("991231235959948-")]
    [TestCase("250615081530748+")]
    [TestCase("000001000000000R")]
    [TestCase("000000001000000R")]
    [TestCase("990099235959000R")]
    public void Format_AfterParse_RoundTrips(string text)
    {
        SmppTime time = SmppTime.Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.Format(), Is.EqualTo(text));
            Assert.That(time.ToString(), Is.EqualTo(text));
            Assert.That(SmppTime.Parse(time.Format()), Is.EqualTo(time));
        }
    }

    [Test]
    public void Format_ZeroOffsetWithMinusSign_NormalisesToPlus()
    {
        SmppTime time = SmppTime.Parse("250102153000000-");

        Assert.That(time.Format(), Is.EqualTo("250102153000000+"));
    }

    [TestCase(null)]
    [TestCase("")]
    public void TryParse_NullOrEmpty_IsTheNullTime(string? text)
    {
        bool ok = SmppTime.TryParse(text, out SmppTime? value, out string? error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(value, Is.Null);
            Assert.That(error, Is.Null);
        }
    }

    [TestCase("251302153000004+", "month")]
    [TestCase("250002153000004+", "month")]
    [TestCase("250132153000004+", "day")]
    [TestCase("250100153000004+", "day")]
    [TestCase("250230153000004+", "day")]
    [TestCase("250229153000004+", "day")]
    [TestCase("250431153000004+", "day")]
    [TestCase("250102243000004+", "hh:mm:ss")]
    [TestCase("250102156000004+", "hh:mm:ss")]
    [TestCase("250102153060004+", "hh:mm:ss")]
    [TestCase("250102153000049+", "offset")]
    [TestCase("250102153000004X", "position 16")]
    [TestCase("250102153000004", "16 characters")]
    [TestCase("2501021530000040+", "16 characters")]
    [TestCase("25010215300000A+", "digits")]
    [TestCase("25-102153000004+", "digits")]
    [TestCase("000001000000100R", "tnn = 000")]
    [TestCase("000001000000004R", "tnn = 000")]
    [TestCase("000001240000000R", "hh:mm:ss")]
    public void TryParse_InvalidField_FailsWithReason(string text, string reason)
    {
        bool ok = SmppTime.TryParse(text, out SmppTime? value, out string? error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(value, Is.Null);
            Assert.That(error, Does.Contain(reason));
        }
    }

    [Test]
    public void Parse_InvalidMonth_ThrowsFormatExceptionNamingTheField()
    {
        Assert.That(() => SmppTime.Parse("251302153000004+"),
            Throws.TypeOf<FormatException>().With.Message.Contains("month 13"));
    }

    [Test]
    public void Parse_Empty_ThrowsFormatExceptionPointingToTryParse()
    {
        Assert.That(() => SmppTime.Parse(string.Empty),
            Throws.TypeOf<FormatException>().With.Message.Contains("TryParse"));
    }

    [Test]
    public void ErrorStatuses_AreSpecCodes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That((uint)SmppTime.InvalidScheduleStatus, Is.EqualTo(0x61u));
            Assert.That((uint)SmppTime.InvalidValidityStatus, Is.EqualTo(0x62u));
        }
    }

    [Test]
    public void ResolveAgainst_Relative_AddsCalendarMonthsAndYears()
    {
        // 1 year 1 month 1 day 02:03:04 from 2024-01-31: Feb 2025 has 28 days, so the month clamps to the 28th.
        DateTimeOffset now = new(2024, 1, 31, 10, 0, 0, TimeSpan.Zero);
        SmppTime time = SmppTime.Parse("010101020304000R");

        DateTimeOffset resolved = time.ResolveAgainst(now);

        Assert.That(resolved, Is.EqualTo(new DateTimeOffset(2025, 3, 1, 12, 3, 4, TimeSpan.Zero)));
    }

    [Test]
    public void ResolveAgainst_RelativeTenMinutes_UsesFakeClock()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new(new DateTimeOffset(2025, 6, 1, 23, 55, 0, TimeSpan.Zero));
        SmppTime time = SmppTime.Parse("000000001000000R");

        DateTimeOffset resolved = time.ResolveAgainst(clock.GetUtcNow());

        Assert.That(resolved, Is.EqualTo(new DateTimeOffset(2025, 6, 2, 0, 5, 0, TimeSpan.Zero)));
    }

    [Test]
    public void ResolveAgainst_Absolute_IgnoresNow()
    {
        SmppTime time = SmppTime.Parse("250102153000004+");

        DateTimeOffset resolved = time.ResolveAgainst(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.That(resolved, Is.EqualTo(new DateTimeOffset(2025, 1, 2, 15, 30, 0, TimeSpan.FromHours(1))));
    }

    [Test]
    public void AbsoluteTime_OnRelative_Throws()
    {
        SmppTime time = SmppTime.Parse("000001000000000R");

        Assert.That(() => time.AbsoluteTime, Throws.InvalidOperationException);
    }

    [Test]
    public void FormatAbsolute_QuarterHourOffset_KeepsOffset()
    {
        // Nepal, UTC+05:45 = 23 quarter hours.
        DateTimeOffset value = new(2025, 3, 4, 5, 6, 7, 890, new TimeSpan(5, 45, 0));

        Assert.That(SmppTime.FormatAbsolute(value), Is.EqualTo("250304050607823+"));
    }

    [Test]
    public void FormatAbsolute_NegativeOffset_WritesMinus()
    {
        DateTimeOffset value = new(2025, 3, 4, 5, 6, 7, new TimeSpan(-3, -30, 0));

        Assert.That(SmppTime.FormatAbsolute(value), Is.EqualTo("250304050607014-"));
    }

    [Test]
    public void FormatAbsolute_OffsetNotQuarterHour_ConvertsToUtc()
    {
        DateTimeOffset value = new(2025, 3, 4, 5, 6, 7, new TimeSpan(0, 10, 0));

        Assert.That(SmppTime.FormatAbsolute(value), Is.EqualTo("250304045607000+"));
    }

    [Test]
    public void FormatAbsolute_OffsetBeyondTwelveHours_ConvertsToUtc()
    {
        // Kiribati, UTC+14:00 = 56 quarter hours, more than nn can hold.
        DateTimeOffset value = new(2025, 3, 4, 15, 0, 0, TimeSpan.FromHours(14));

        Assert.That(SmppTime.FormatAbsolute(value), Is.EqualTo("250304010000000+"));
    }

    [Test]
    public void FormatAbsolute_YearOutsideTwoDigitWindow_Throws()
    {
        DateTimeOffset value = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.That(() => SmppTime.FormatAbsolute(value), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0, 0, 10, 0, "000000001000000R")]
    [TestCase(1, 0, 0, 0, "000001000000000R")]
    [TestCase(99, 23, 59, 59, "000099235959000R")]
    [TestCase(100, 0, 0, 0, "000310000000000R")]
    [TestCase(365, 1, 0, 0, "010000010000000R")]
    [TestCase(364, 0, 0, 0, "001134000000000R")]
    [TestCase(36499, 0, 0, 0, "991134000000000R")]
    public void FormatRelative_Duration_WritesComponents(int days, int hours, int minutes, int seconds, string expected)
    {
        TimeSpan duration = new(days, hours, minutes, seconds);

        Assert.That(SmppTime.FormatRelative(duration), Is.EqualTo(expected));
    }

    [Test]
    public void FormatRelative_FractionalSeconds_AreTruncated()
    {
        Assert.That(SmppTime.FormatRelative(TimeSpan.FromMilliseconds(1999)), Is.EqualTo("000000000001000R"));
    }

    [Test]
    public void FormatRelative_HundredYears_Throws()
    {
        Assert.That(() => SmppTime.FormatRelative(TimeSpan.FromDays(36500)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void FormatRelative_Negative_Throws()
    {
        Assert.That(() => SmppTime.FormatRelative(TimeSpan.FromSeconds(-1)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void FromRelative_ComponentOutOfRange_Throws()
    {
        Assert.That(() => SmppTime.FromRelative(0, 0, 0, 24, 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Equals_SameInstantDifferentOffset_AreNotEqual()
    {
        SmppTime plusOne = SmppTime.Parse("250102153000004+");
        SmppTime utc = SmppTime.Parse("250102143000000+");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plusOne.AbsoluteTime, Is.EqualTo(utc.AbsoluteTime));
            Assert.That(plusOne == utc, Is.False);
            Assert.That(plusOne, Is.Not.EqualTo(utc));
        }
    }
}
