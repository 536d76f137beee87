using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Server;

/// <summary>Decides whether a bind's credentials are accepted (the bind limit is checked by the server afterwards).</summary>
public interface ISmppBindAuthenticator
{
    /// <summary>
    /// Returns <see cref="CommandStatus.Ok"/> to accept, or the refusal: ESME_RINVSYSID (0x0F) unknown system_id,
    /// ESME_RINVPASWD (0x0E) wrong password, ESME_RBINDFAIL (0x0D) any other refusal.
    /// </summary>
    ValueTask<CommandStatus> AuthenticateAsync(BindRequest bind, string remoteEndPoint, CancellationToken cancellationToken);
}

/// <summary>
/// The default authenticator: a system_id → password table, compared ordinally (SMPP 3.4 §4.1 gives no case rule;
/// real SMSCs compare exactly). A null table accepts everything.
/// </summary>
public sealed class CredentialsAuthenticator : ISmppBindAuthenticator
{
    private readonly IReadOnlyDictionary<string, string>? _credentials;

    /// <summary>Checks binds against <paramref name="credentials"/>; null accepts any bind.</summary>
    public CredentialsAuthenticator(IReadOnlyDictionary<string, string>? credentials)
    {
        _credentials = credentials;
    }

    /// <summary>The check, synchronous: 0x0F for an unknown system_id, 0x0E for a wrong password, else OK.</summary>
    public CommandStatus Check(BindRequest bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        if (_credentials is null)
        {
            return CommandStatus.Ok;
        }

        if (!_credentials.TryGetValue(bind.SystemId, out string? password))
        {
            return CommandStatus.InvalidSystemId;
        }

        return string.Equals(password, bind.Password, StringComparison.Ordinal)
            ? CommandStatus.Ok
            : CommandStatus.InvalidPassword;
    }

    /// <inheritdoc />
    public ValueTask<CommandStatus> AuthenticateAsync(BindRequest bind, string remoteEndPoint, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Check(bind));
}
