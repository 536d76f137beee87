namespace RestcommSmppBridge.Storage;

/// <summary>Outcome of creating or updating an <see cref="IncomingPhoneNumber"/>.</summary>
public enum PhoneNumberWriteResult
{
    /// <summary>The change is committed.</summary>
    Applied,

    /// <summary>Update only: no number with that sid exists in that account. Nothing changed.</summary>
    NotFound,

    /// <summary>Another record already holds that phone number (numbers are unique across the store), or that sid. Nothing changed.</summary>
    Conflict,
}
