using System.Security.Cryptography;

namespace RestcommSmppBridge.Storage;

/// <summary>
/// Resource identifiers in Restcomm's shape: a two-letter prefix and 32 lowercase hex digits (128 random bits from
/// <see cref="RandomNumberGenerator"/>, as a UUID without dashes is in Restcomm).
/// </summary>
public static class Sids
{
    /// <summary>Prefix of account sids.</summary>
    public const string AccountPrefix = "AC";

    /// <summary>Prefix of incoming phone number sids.</summary>
    public const string PhoneNumberPrefix = "PN";

    /// <summary>Prefix of SMS message sids.</summary>
    public const string MessagePrefix = "SM";

    /// <summary>Length of every sid: 2 + 32.</summary>
    public const int Length = 34;

    /// <summary>A new random account sid (<c>AC…</c>).</summary>
    public static string NewAccountSid() => New(AccountPrefix);

    /// <summary>A new random phone number sid (<c>PN…</c>).</summary>
    public static string NewPhoneNumberSid() => New(PhoneNumberPrefix);

    /// <summary>A new random message sid (<c>SM…</c>).</summary>
    public static string NewMessageSid() => New(MessagePrefix);

    /// <summary>True when <paramref name="value"/> is <paramref name="prefix"/> followed by exactly 32 lowercase hex digits.</summary>
    public static bool IsValid(string? value, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (value is null || value.Length != Length || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in value.AsSpan(2))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string New(string prefix)
    {
        return string.Create(Length, prefix, static (span, p) =>
        {
            span[0] = p[0];
            span[1] = p[1];
            Span<byte> random = stackalloc byte[16];
            RandomNumberGenerator.Fill(random);
            Convert.TryToHexStringLower(random, span[2..], out _);
        });
    }
}
