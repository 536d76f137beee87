namespace RestcommSmppBridge.Storage;

/// <summary>
/// Lifecycle of an <see cref="Account"/>. Restcomm answers 403 "Provided Account is not active" for any
/// account that is not <see cref="Active"/> (restcomm.md 1.2). Wire values: <c>active</c>, <c>suspended</c>, <c>closed</c>.
/// </summary>
public enum AccountStatus
{
    /// <summary><c>active</c>: the account may use the API.</summary>
    Active,

    /// <summary><c>suspended</c>: temporarily refused (403).</summary>
    Suspended,

    /// <summary><c>closed</c>: permanently refused (403).</summary>
    Closed,
}
