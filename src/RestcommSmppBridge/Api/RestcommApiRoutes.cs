namespace RestcommSmppBridge.Api;

/// <summary>Paths and fixed values of the Restcomm API surface (restcomm.md §1.1).</summary>
internal static class RestcommApiRoutes
{
    /// <summary>The only API version served; also the prefix of every representation's <c>uri</c>.</summary>
    public const string ApiVersion = "2012-04-24";

    /// <summary>Where the API is mounted: Restcomm's servlet context plus the version.</summary>
    public const string BasePath = "/restcomm/" + ApiVersion;

    /// <summary>The account-scoped group, relative to <see cref="BasePath"/>.</summary>
    public const string AccountPath = "/Accounts/{accountSid}";

    /// <summary>The <c>uri</c> of a message: no <c>/restcomm</c> prefix, as Restcomm writes it.</summary>
    public static string MessageUri(string accountSid, string messageSid, ResponseFormat format) =>
        $"/{ApiVersion}/Accounts/{accountSid}/SMS/Messages/{messageSid}{Suffix(format)}";

    /// <summary><see cref="MessageUri(string, string, ResponseFormat)"/> into <paramref name="destination"/>, for writers that take a span.</summary>
    public static ReadOnlySpan<char> MessageUri(string accountSid, string messageSid, ResponseFormat format, Span<char> destination) =>
        destination.TryWrite($"/{ApiVersion}/Accounts/{accountSid}/SMS/Messages/{messageSid}{Suffix(format)}", out int written)
            ? destination[..written]
            : throw new ArgumentException("The destination is too short for the message uri.", nameof(destination));

    /// <summary>The <c>uri</c> of an incoming phone number.</summary>
    public static string PhoneNumberUri(string accountSid, string numberSid, ResponseFormat format) =>
        $"/{ApiVersion}/Accounts/{accountSid}/IncomingPhoneNumbers/{numberSid}{Suffix(format)}";

    private static string Suffix(ResponseFormat format) =>
        format == ResponseFormat.Json ? ResponseFormats.JsonSuffix : string.Empty;
}
