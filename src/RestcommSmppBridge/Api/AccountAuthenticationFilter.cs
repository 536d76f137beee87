using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Restcomm's access rules for every account-scoped route (restcomm.md §1.2): HTTP Basic with the AccountSid as user
/// name and the AuthToken, or a password whose MD5 hex equals the token, as password. Missing or bad credentials give
/// 401 with Restcomm's realm and no body; an account that is not active gives 403 "Provided Account is not active"; a
/// path for another account gives 403 (sub-accounts are out of scope, so only the account itself may act). Both 403s
/// carry their message in the requested format.
/// </summary>
internal sealed class AccountAuthenticationFilter : IEndpointFilter
{
    /// <summary>The challenge Restcomm sends.</summary>
    public const string Challenge = "Basic realm=\"Restcomm realm\"";

    public const string NotActiveMessage = "Provided Account is not active";

    public const string OtherAccountMessage = "The account in the path is not the account of the credentials; an account may only use its own resources.";

    private readonly IAccountStore _accounts;
    private readonly ILogger<AccountAuthenticationFilter> _logger;

    public AccountAuthenticationFilter(IAccountStore accounts, ILogger<AccountAuthenticationFilter> logger)
    {
        _accounts = accounts;
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        string method = http.Request.Method;
        PathString path = http.Request.Path;

        if (!TryReadBasicCredentials(http.Request, out string? user, out string? password))
        {
            ApiLog.AuthenticationFailed(_logger, method, path, null, "no Basic credentials");
            return Unauthorized(http);
        }

        // A user name that cannot be a sid never reaches the database.
        Account? account = Sids.IsValid(user, Sids.AccountPrefix) ? await _accounts.GetAsync(user, http.RequestAborted) : null;
        if (account is null)
        {
            // Spend the same work as for a known account, so timing does not reveal which sids exist.
            _ = PasswordMatches(password, user);
            ApiLog.AuthenticationFailed(_logger, method, path, user, "unknown account");
            return Unauthorized(http);
        }

        if (!PasswordMatches(password, account.AuthToken))
        {
            ApiLog.AuthenticationFailed(_logger, method, path, user, "wrong token");
            return Unauthorized(http);
        }

        if (account.Status != AccountStatus.Active)
        {
            ApiLog.AccountNotActive(_logger, account.Sid, account.Status.ToWireValue(), method, path);
            return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                new ApiError(StatusCodes.Status403Forbidden, NotActiveMessage, ApiErrorCodes.AccountNotActive));
        }

        string? pathAccountSid = http.Request.RouteValues["accountSid"] as string;
        if (!string.Equals(pathAccountSid, account.Sid, StringComparison.Ordinal))
        {
            ApiLog.CrossAccountDenied(_logger, account.Sid, method, path, pathAccountSid ?? string.Empty);
            return RestcommResult.Error(ResponseFormats.ForRequest(http.Request),
                new ApiError(StatusCodes.Status403Forbidden, OtherAccountMessage));
        }

        return await next(context);
    }

    /// <summary>
    /// True when <paramref name="password"/> is the token, or its MD5 hex is (Restcomm stores the MD5 of a plain
    /// password as the token). Both checks always run and compare fixed-length SHA-256 digests in constant time, so
    /// neither the length nor the content of the token leaks through timing.
    /// </summary>
    public static bool PasswordMatches(string password, string authToken)
    {
        Span<byte> token = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> candidate = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> md5Candidate = stackalloc byte[SHA256.HashSizeInBytes];

        SHA256.HashData(Encoding.UTF8.GetBytes(authToken), token);
        SHA256.HashData(Encoding.UTF8.GetBytes(password), candidate);
        SHA256.HashData(Encoding.UTF8.GetBytes(Md5Hex(password)), md5Candidate);

        bool direct = CryptographicOperations.FixedTimeEquals(candidate, token);
        bool md5 = CryptographicOperations.FixedTimeEquals(md5Candidate, token);
        return direct | md5;
    }

    /// <summary>Lowercase hex MD5 of the UTF-8 text, as Restcomm computes account passwords.</summary>
    public static string Md5Hex(string text)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // Restcomm compatibility: its clients send the plain password whose MD5 hex is the token (restcomm.md §1.2).
        MD5.HashData(Encoding.UTF8.GetBytes(text), hash);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    private static bool TryReadBasicCredentials(HttpRequest request, out string user, out string password)
    {
        user = string.Empty;
        password = string.Empty;
        string? header = request.Headers.Authorization;
        if (header is null || !AuthenticationHeaderValue.TryParse(header, out AuthenticationHeaderValue? value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(value.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }

        string credentials = Encoding.UTF8.GetString(decoded);
        int colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        user = credentials[..colon];
        password = credentials[(colon + 1)..];
        return true;
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = Challenge;
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }
}
