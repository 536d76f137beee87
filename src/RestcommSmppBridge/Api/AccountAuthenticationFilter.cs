using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using RestcommSmppBridge.Hosting;
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

    // SHA-256 of each known account's token, kept as long as the token string lives (ConditionalWeakTable: an entry
    // goes with its key, so a changed or evicted account leaves nothing behind).
    private static readonly ConditionalWeakTable<string, byte[]> s_tokenDigests = new();

    // Decoded credentials up to this size are read on the stack (a sid, a colon and a 32-character token take 67).
    private const int StackCredentialBytes = 256;

    private readonly IAccountStore _accounts;
    private readonly ILogger<AccountAuthenticationFilter> _logger;

    public AccountAuthenticationFilter(IAccountStore accounts, ILogger<AccountAuthenticationFilter> logger)
    {
        _accounts = accounts;
        _logger = logger;
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ValueTask<IResult?> verdict = AuthorizeAsync(context.HttpContext);
        if (!verdict.IsCompletedSuccessfully)
        {
            return NextWhenAdmittedAsync(verdict, context, next);
        }

        return verdict.Result is { } refusal ? ValueTask.FromResult<object?>(refusal) : next(context);
    }

    /// <summary>
    /// Checks the request's credentials and account against the account in its path: null when the request may go
    /// on, else the answer that refuses it (401, 403). The same checks for every route, whether it runs behind this
    /// filter or calls this itself (<see cref="SendSmsEndpoint"/>). A known account is answered from memory without a
    /// state machine (it runs for every request); a read may block, so it leaves the socket engine's thread first
    /// (the send starts there, see IoThreadHandoff).
    /// </summary>
    public ValueTask<IResult?> AuthorizeAsync(HttpContext http)
    {
        if (IsAdmittedFromMemory(http.Request))
        {
            return ValueTask.FromResult<IResult?>(null);
        }

        if (!TryReadBasicCredentials(http.Request, out string? user, out string? password))
        {
            ApiLog.AuthenticationFailed(_logger, http.Request.Method, http.Request.Path, null, "no Basic credentials");
            return ValueTask.FromResult<IResult?>(Unauthorized(http));
        }

        // A user name that cannot be a sid never reaches the database.
        if (!Sids.IsValid(user, Sids.AccountPrefix))
        {
            return ValueTask.FromResult(Refusal(http, user, password, account: null));
        }

        return _accounts.TryGetKnown(user, out Account? known)
            ? ValueTask.FromResult(Refusal(http, user, password, known))
            : ReadThenRefusalAsync(http, user, password);
    }

    private static async ValueTask<object?> NextWhenAdmittedAsync(ValueTask<IResult?> verdict, EndpointFilterInvocationContext context,
        EndpointFilterDelegate next)
    {
        IResult? refusal = await verdict;
        return refusal ?? await next(context);
    }

    private async ValueTask<IResult?> ReadThenRefusalAsync(HttpContext http, string user, string password)
    {
        await ThreadPoolHop.LeaveIoThread();
        Account? account = await _accounts.GetAsync(user, http.RequestAborted);
        return Refusal(http, user, password, account);
    }

    /// <summary>
    /// The common case, decided without a string: Basic credentials of an account known in memory, active, whose token
    /// the password matches, for that account's own path. True admits the request. False decides nothing: the request
    /// then goes the way that reads the credentials as strings, which finds what is wrong, logs it and answers it, or
    /// reads an account the cache does not hold. So this can only admit what that way admits. Why: the user and
    /// password strings of every request were a twentieth of the bytes a send allocated.
    /// </summary>
    private bool IsAdmittedFromMemory(HttpRequest request)
    {
        if (!TryGetBasicPayload(request, out ReadOnlySpan<char> encoded) || MaxDecodedLength(encoded) > StackCredentialBytes)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[StackCredentialBytes];
        try
        {
            if (!TryDecodeCredentials(encoded, buffer, out int written, out int colon) || colon != Sids.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> credentials = buffer[..written];

            // A sid is ASCII, so each byte is one character; a byte above 0x7F becomes a character no sid has.
            Span<char> user = stackalloc char[Sids.Length];
            for (int i = 0; i < user.Length; i++)
            {
                user[i] = (char)credentials[i];
            }

            return Sids.IsValid(user, Sids.AccountPrefix)
                && _accounts.TryGetKnown(user, out Account? account)
                && PasswordMatchesToken(credentials[(Sids.Length + 1)..], account.AuthToken)
                && account.Status == AccountStatus.Active
                && string.Equals(request.RouteValues["accountSid"] as string, account.Sid, StringComparison.Ordinal);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>The checks after the account is known (or known not to exist): null, or the refusal.</summary>
    private IResult? Refusal(HttpContext http, string user, string password, Account? account)
    {
        string method = http.Request.Method;
        PathString path = http.Request.Path;
        if (account is null)
        {
            // Spend the same work as for a known account, so timing does not reveal which sids exist.
            _ = PasswordMatches(password, user);
            ApiLog.AuthenticationFailed(_logger, method, path, user, "unknown account");
            return Unauthorized(http);
        }

        if (!PasswordMatchesToken(password, account.AuthToken))
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

        return null;
    }

    /// <summary>
    /// True when <paramref name="password"/> is the token, or its MD5 hex is (Restcomm stores the MD5 of a plain
    /// password as the token). Compares fixed-length SHA-256 digests in constant time, so neither the length nor the
    /// content of the token leaks through timing. The MD5 form is tried only when the token itself did not match: a
    /// match shows in the answer anyway, and every wrong password costs the same (both forms).
    /// </summary>
    public static bool PasswordMatches(string password, string authToken)
    {
        Span<byte> token = stackalloc byte[SHA256.HashSizeInBytes];
        Sha256OfUtf8(authToken, token);
        return PasswordMatchesDigest(password, token);
    }

    /// <summary>
    /// <see cref="PasswordMatches"/> for a known account's token, whose digest is computed once per token: the
    /// account cache hands out the same token string for as long as the account is unchanged, and a request with the
    /// token then costs one SHA-256 instead of four hashes.
    /// </summary>
    private static bool PasswordMatchesToken(string password, string authToken) => PasswordMatchesDigest(password, TokenDigest(authToken));

    /// <summary><see cref="PasswordMatchesToken(string, string)"/> for the password's UTF-8 bytes.</summary>
    private static bool PasswordMatchesToken(ReadOnlySpan<byte> passwordUtf8, string authToken) =>
        PasswordMatchesDigest(passwordUtf8, TokenDigest(authToken));

    private static byte[] TokenDigest(string authToken) => s_tokenDigests.GetValue(authToken, static t =>
    {
        byte[] digest = new byte[SHA256.HashSizeInBytes];
        Sha256OfUtf8(t, digest);
        return digest;
    });

    private static bool PasswordMatchesDigest(string password, ReadOnlySpan<byte> token) =>
        WithUtf8(password, token, static (utf8, t) => PasswordMatchesDigest(utf8, t));

    private static bool PasswordMatchesDigest(ReadOnlySpan<byte> passwordUtf8, ReadOnlySpan<byte> token)
    {
        Span<byte> candidate = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(passwordUtf8, candidate);
        if (CryptographicOperations.FixedTimeEquals(candidate, token))
        {
            return true;
        }

        Span<byte> md5 = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // Restcomm compatibility: its clients send the plain password whose MD5 hex is the token (restcomm.md §1.2).
        MD5.HashData(passwordUtf8, md5);
#pragma warning restore CA5351
        Span<byte> hex = stackalloc byte[MD5.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(md5, hex, out _);
        SHA256.HashData(hex, candidate);
        return CryptographicOperations.FixedTimeEquals(candidate, token);
    }

    private static void Sha256OfUtf8(string text, Span<byte> digest) =>
        _ = WithUtf8(text, digest, static (utf8, d) => SHA256.HashData(utf8, d));

    /// <summary>
    /// Runs <paramref name="use"/> on the UTF-8 bytes of <paramref name="text"/>: encoded on the stack when short
    /// (credentials are), in a rented buffer otherwise (a client may send anything), and zeroed afterwards.
    /// </summary>
    private static TResult WithUtf8<TState, TResult>(string text, TState state, Utf8Use<TState, TResult> use)
        where TState : allows ref struct
    {
        int length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = length > StackCredentialBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is not null ? rented : stackalloc byte[StackCredentialBytes];
        try
        {
            int written = Encoding.UTF8.GetBytes(text, buffer);
            return use(buffer[..written], state);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private delegate TResult Utf8Use<TState, TResult>(ReadOnlySpan<byte> utf8, TState state)
        where TState : allows ref struct;

    /// <summary>Lowercase hex MD5 of the UTF-8 text, as Restcomm computes account passwords.</summary>
    public static string Md5Hex(string text)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // Restcomm compatibility: its clients send the plain password whose MD5 hex is the token (restcomm.md §1.2).
        MD5.HashData(Encoding.UTF8.GetBytes(text), hash);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Reads <c>Authorization: Basic &lt;base64(user:password)&gt;</c> (RFC 7617; the scheme name in any case). The value is
    /// decoded from the header string into a stack (or rented, zeroed) buffer, so a request allocates only the two
    /// strings it needs, not a parsed header, a byte array and the joined credentials as well (a quarter of the
    /// strings an API send allocated).
    /// </summary>
    private static bool TryReadBasicCredentials(HttpRequest request, out string user, out string password)
    {
        user = string.Empty;
        password = string.Empty;
        if (!TryGetBasicPayload(request, out ReadOnlySpan<char> encoded))
        {
            return false;
        }

        int decodedLength = MaxDecodedLength(encoded);
        byte[]? rented = decodedLength > StackCredentialBytes ? ArrayPool<byte>.Shared.Rent(decodedLength) : null;
        Span<byte> buffer = rented is not null ? rented : stackalloc byte[StackCredentialBytes];
        try
        {
            if (!TryDecodeCredentials(encoded, buffer, out int written, out int colon))
            {
                return false;
            }

            ReadOnlySpan<byte> credentials = buffer[..written];
            user = Encoding.UTF8.GetString(credentials[..colon]);
            password = Encoding.UTF8.GetString(credentials[(colon + 1)..]);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The most bytes the base64 text <paramref name="encoded"/> can decode to (room for a missing pad too).</summary>
    private static int MaxDecodedLength(ReadOnlySpan<char> encoded) => (encoded.Length / 4 * 3) + 3;

    /// <summary>
    /// Decodes the Basic payload into <paramref name="buffer"/> (<see cref="MaxDecodedLength"/> bytes at least): true
    /// when it is base64 of a non-empty user name, a colon and a password, with <paramref name="colon"/> the index of
    /// that colon in the <paramref name="written"/> bytes. ':' is ASCII, and no byte of a multi-byte UTF-8 sequence
    /// equals it: splitting the bytes splits the text.
    /// </summary>
    private static bool TryDecodeCredentials(ReadOnlySpan<char> encoded, Span<byte> buffer, out int written, out int colon)
    {
        colon = -1;
        if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, buffer, out written))
        {
            written = 0;
            return false;
        }

        colon = buffer[..written].IndexOf((byte)':');
        return colon > 0;
    }

    /// <summary>The base64 part of <c>Authorization: Basic …</c> (the scheme name in any case); false without one.</summary>
    private static bool TryGetBasicPayload(HttpRequest request, out ReadOnlySpan<char> encoded)
    {
        const string Scheme = "Basic";
        encoded = default;
        string? header = request.Headers.Authorization;
        if (header is null)
        {
            return false;
        }

        ReadOnlySpan<char> value = header.AsSpan().Trim();
        if (value.Length <= Scheme.Length || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value[Scheme.Length] != ' ')
        {
            return false;
        }

        encoded = value[(Scheme.Length + 1)..].TrimStart(' ');
        return true;
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = Challenge;
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }
}
