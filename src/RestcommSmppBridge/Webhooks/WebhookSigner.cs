using System.Security.Cryptography;
using System.Text;

namespace RestcommSmppBridge.Webhooks;

/// <summary>
/// The request signature the bridge sends as <c>X-Restcomm-Signature</c> and <c>X-Twilio-Signature</c>: Twilio's
/// algorithm exactly (twilio.com/docs/usage/security, "Validating requests"), so a Twilio helper library's
/// <c>RequestValidator</c> checks our requests with the account's auth token.
/// <list type="number">
/// <item>Start from the full URL requested, query string included (for GET, the query the bridge built).</item>
/// <item>For POST, sort the parameters by name (ordinal; equal names by value) and append each name immediately
/// followed by its value, with no separators. GET appends nothing: its parameters are already in the URL.</item>
/// <item>HMAC-SHA1 the UTF-8 bytes of that string, keyed with the UTF-8 bytes of the auth token; Base64 the digest.</item>
/// </list>
/// </summary>
public static class WebhookSigner
{
    /// <summary>Restcomm-branded header carrying the signature.</summary>
    public const string RestcommSignatureHeader = "X-Restcomm-Signature";

    /// <summary>Twilio's header carrying the same signature, for apps written against Twilio's libraries.</summary>
    public const string TwilioSignatureHeader = "X-Twilio-Signature";

    /// <summary>The signature of a request.</summary>
    /// <param name="authToken">The account's auth token (the HMAC key).</param>
    /// <param name="url">The full URL requested, with its query string.</param>
    /// <param name="postParameters">The POST parameters, in any order; null or empty for GET.</param>
    public static string Sign(string authToken, string url, IReadOnlyList<KeyValuePair<string, string>>? postParameters)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        byte[] data = Encoding.UTF8.GetBytes(SignedText(url, postParameters));
        byte[] key = Encoding.UTF8.GetBytes(authToken);
        // SHA-1 is what the scheme specifies; HMAC-SHA1 is not weakened by SHA-1 collisions (RFC 6194 §3.2).
#pragma warning disable CA5350 // the algorithm is fixed by Twilio's scheme, which receivers already validate
        byte[] digest = HMACSHA1.HashData(key, data);
#pragma warning restore CA5350
        return Convert.ToBase64String(digest);
    }

    /// <summary>Signs the request as it goes on the wire (<see cref="WebhookRequest.BuildTargetUrl"/>).</summary>
    /// <returns>The signature, or null when the request has no auth token.</returns>
    public static string? Sign(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Sign(request, request.BuildTargetUrl());
    }

    /// <summary>
    /// The receiving side: true when <paramref name="signature"/> is the signature of the request for
    /// <paramref name="authToken"/>. Compares in constant time. <paramref name="url"/> must be the URL exactly as
    /// requested (behind a TLS proxy, the public https URL, not the one the app sees).
    /// </summary>
    public static bool Validate(string authToken, string url, IReadOnlyList<KeyValuePair<string, string>>? postParameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        byte[] expected = Encoding.ASCII.GetBytes(Sign(authToken, url, postParameters));
        byte[] actual = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    internal static string? Sign(WebhookRequest request, Uri target)
    {
        if (string.IsNullOrEmpty(request.AuthToken))
        {
            return null;
        }

        return Sign(request.AuthToken, target.AbsoluteUri, request.Method == WebhookMethod.Post ? request.Parameters : null);
    }

    private static string SignedText(string url, IReadOnlyList<KeyValuePair<string, string>>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return url;
        }

        KeyValuePair<string, string>[] sorted = new KeyValuePair<string, string>[parameters.Count];
        int length = url.Length;
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = parameters[i];
            length += sorted[i].Key.Length + sorted[i].Value.Length;
        }

        // Ordinal, as Twilio's libraries sort; a repeated name is ordered by value so the result does not depend on
        // the sending order.
        Array.Sort(sorted, static (left, right) =>
        {
            int byName = string.CompareOrdinal(left.Key, right.Key);
            return byName != 0 ? byName : string.CompareOrdinal(left.Value, right.Value);
        });

        StringBuilder text = new(url, length);
        foreach (KeyValuePair<string, string> parameter in sorted)
        {
            text.Append(parameter.Key).Append(parameter.Value);
        }

        return text.ToString();
    }
}
