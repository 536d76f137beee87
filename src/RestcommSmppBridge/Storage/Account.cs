namespace RestcommSmppBridge.Storage;

/// <summary>An API account: the Basic-auth user name is <see cref="Sid"/>, the password <see cref="AuthToken"/>.</summary>
public sealed record Account
{
    /// <summary><c>AC</c> + 32 lowercase hex digits (see <see cref="Sids.NewAccountSid"/>).</summary>
    public required string Sid { get; init; }

    /// <summary>The secret used as the Basic-auth password. Never logged.</summary>
    public required string AuthToken { get; init; }

    /// <summary>Whether the account may use the API.</summary>
    public AccountStatus Status { get; init; } = AccountStatus.Active;

    /// <summary>A human-readable name; empty by default.</summary>
    public string FriendlyName { get; init; } = string.Empty;

    /// <summary>When the account was first stored.</summary>
    public DateTimeOffset DateCreated { get; init; }

    /// <summary>When the account was last changed.</summary>
    public DateTimeOffset DateUpdated { get; init; }

    /// <summary>Keeps the token out of <c>ToString()</c> so an accidental log line cannot leak it.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Sid = ").Append(Sid)
            .Append(", Status = ").Append(Status)
            .Append(", FriendlyName = ").Append(FriendlyName)
            .Append(", DateCreated = ").Append(DateCreated.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", DateUpdated = ").Append(DateUpdated.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
