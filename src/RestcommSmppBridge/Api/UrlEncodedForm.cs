using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body, the form every Restcomm client sends: pairs split at
/// <c>&amp;</c>, name and value at the first <c>=</c>, <c>+</c> a space, <c>%XX</c> an octet, and the octets of
/// each name and value decoded with the form's charset. Names compare case-insensitively, a repeated name keeps
/// every value, as ASP.NET Core's form collection does.
/// </summary>
/// <remarks>
/// Why not the framework's reader: it decodes escapes as UTF-8 whatever the charset says, and leaves an escape
/// that is not UTF-8 as text, so a Java client (Apache HttpClient's form entity defaults to ISO-8859-1) sending
/// <c>Body=caf%E9</c> had "caf%E9" stored; and with the form feature around it, it parsed the Content-Type header
/// into objects twice per send (a twentieth of the daemon's allocations under <c>load rest</c>).
/// Charsets: ISO-8859-1 (and its aliases) decodes as ISO-8859-1; anything else, or none, as UTF-8, the form's
/// encoding in the URL standard (us-ascii cannot carry what an escape above 0x7F means, so its clients' escapes are
/// UTF-8 too). Octets that are not valid UTF-8 become U+FFFD.
/// </remarks>
internal static class UrlEncodedForm
{
    /// <summary>The most pairs one form may hold (ASP.NET Core's default).</summary>
    public const int ValueCountLimit = 1024;

    /// <summary>The longest name, in encoded bytes (ASP.NET Core's default).</summary>
    public const int KeyLengthLimit = 2048;

    private const string MediaType = "application/x-www-form-urlencoded";

    // Escapes and '+' are decoded into a stack buffer up to this size, a rented one above.
    private const int StackDecodeLimit = 256;

    // The API's parameter names, handed out as they are when a form spells them so (see KnownName).
    private static readonly string[] s_knownNames =
        [.. SendSmsRequest.Parameters.Union(IncomingPhoneNumberForm.Parameters, StringComparer.Ordinal)];

    /// <summary>
    /// True when <paramref name="contentType"/> is one <c>application/x-www-form-urlencoded</c> value (any case,
    /// with or without parameters); <paramref name="encoding"/> is then the charset to decode it with.
    /// </summary>
    public static bool IsUrlEncoded(StringValues contentType, out Encoding encoding)
    {
        encoding = Encoding.UTF8;
        if (contentType.Count != 1 || contentType[0] is not string header)
        {
            return false;
        }

        ReadOnlySpan<char> value = header.AsSpan();
        int semicolon = value.IndexOf(';');
        ReadOnlySpan<char> media = (semicolon < 0 ? value : value[..semicolon]).Trim();
        if (!media.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ReadOnlySpan<char> parameters = semicolon < 0 ? [] : value[(semicolon + 1)..];
        while (!parameters.IsEmpty)
        {
            int next = parameters.IndexOf(';');
            ReadOnlySpan<char> parameter = (next < 0 ? parameters : parameters[..next]).Trim();
            parameters = next < 0 ? [] : parameters[(next + 1)..];
            int equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].TrimEnd().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                ReadOnlySpan<char> charset = parameter[(equals + 1)..].Trim().Trim('"');
                encoding = IsLatin1(charset) ? Encoding.Latin1 : Encoding.UTF8;
                break;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the whole body (the request size limit applies as it is read) and parses it.
    /// </summary>
    /// <exception cref="InvalidDataException">More than <see cref="ValueCountLimit"/> pairs, or a name over <see cref="KeyLengthLimit"/> bytes.</exception>
    public static async ValueTask<IFormCollection> ReadAsync(PipeReader body, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        while (true)
        {
            ReadResult read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read.IsCanceled)
            {
                // A pending read cancelled by the pipe's owner: what came so far is not the whole form.
                body.AdvanceTo(read.Buffer.Start);
                throw new OperationCanceledException("The read of the form body was cancelled.");
            }

            if (read.IsCompleted)
            {
                try
                {
                    return Parse(read.Buffer, encoding);
                }
                finally
                {
                    body.AdvanceTo(read.Buffer.End);
                }
            }

            // Not all of it yet: keep what came and wait for more.
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>Parses a whole body held in one or more segments.</summary>
    public static IFormCollection Parse(ReadOnlySequence<byte> body, Encoding encoding)
    {
        if (body.IsSingleSegment)
        {
            return Parse(body.FirstSpan, encoding);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(checked((int)body.Length));
        try
        {
            body.CopyTo(rented);
            return Parse(rented.AsSpan(0, (int)body.Length), encoding);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses a whole body.</summary>
    public static IFormCollection Parse(ReadOnlySpan<byte> body, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        Dictionary<string, StringValues>? fields = null;
        int count = 0;
        while (!body.IsEmpty)
        {
            int ampersand = body.IndexOf((byte)'&');
            ReadOnlySpan<byte> pair = ampersand < 0 ? body : body[..ampersand];
            body = ampersand < 0 ? [] : body[(ampersand + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            if (++count > ValueCountLimit)
            {
                throw new InvalidDataException($"more than {ValueCountLimit} form values.");
            }

            int equals = pair.IndexOf((byte)'=');
            ReadOnlySpan<byte> name = equals < 0 ? pair : pair[..equals];
            if (name.Length > KeyLengthLimit)
            {
                throw new InvalidDataException($"a form name longer than {KeyLengthLimit} bytes.");
            }

            string key = KnownName(name) ?? Decode(name, encoding);
            string value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..], encoding);
            fields ??= new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
            fields[key] = fields.TryGetValue(key, out StringValues earlier) ? StringValues.Concat(earlier, value) : new StringValues(value);
        }

        return fields is null ? FormCollection.Empty : new FormCollection(fields);
    }

    /// <summary>
    /// The API's own parameter names as written (<c>From</c>, <c>To</c>, <c>Body</c>…), so the names every send carries
    /// are not decoded into new strings each time; null for any other name, which is decoded as usual (an escaped or
    /// differently cased name too, as its decoding may differ). ASCII reads the same in every charset a form may use.
    /// </summary>
    private static string? KnownName(ReadOnlySpan<byte> name)
    {
        foreach (string known in s_knownNames)
        {
            if (known.Length == name.Length && System.Text.Ascii.Equals(name, known))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>One name or value: <c>+</c> to a space, <c>%XX</c> to its octet (a <c>%</c> without two hex digits stays), then the charset.</summary>
    private static string Decode(ReadOnlySpan<byte> encoded, Encoding encoding)
    {
        if (encoded.IsEmpty)
        {
            return string.Empty;
        }

        if (encoded.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return encoding.GetString(encoded);
        }

        byte[]? rented = encoded.Length > StackDecodeLimit ? ArrayPool<byte>.Shared.Rent(encoded.Length) : null;
        Span<byte> decoded = rented is not null ? rented : stackalloc byte[StackDecodeLimit];
        try
        {
            int length = 0;
            for (int i = 0; i < encoded.Length; i++)
            {
                byte b = encoded[i];
                if (b == '+')
                {
                    b = (byte)' ';
                }
                else if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
                {
                    b = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                    i += 2;
                }

                decoded[length++] = b;
            }

            return encoding.GetString(decoded[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool IsLatin1(ReadOnlySpan<char> charset) =>
        charset.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("iso8859-1", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("iso_8859-1", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("latin1", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("l1", StringComparison.OrdinalIgnoreCase);
}
