using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Writes an <see cref="SmsMessage"/> exactly as Restcomm's SmsMessageConverter does (restcomm.md §1.4): same names,
/// same order, same date formats. Our additions: the <c>Error</c> pair (only when set, between Direction and Price
/// as restcomm.md lists it) and <c>num_segments</c> (last, so order-sensitive parsers of Restcomm's fields are unaffected).
/// </summary>
internal static class SmsMessageRepresentation
{
    public static void WriteJson(Utf8JsonWriter writer, SmsMessage message)
    {
        // Dates, the uri and the segment count are formatted on the stack: writing them as strings was a fifth of the
        // strings an API send allocated. A message's sids are 34 characters and the uri's other parts fixed, so 160 is ample.
        Span<char> text = stackalloc char[160];
        writer.WriteStartObject();
        writer.WriteString("sid", message.Sid);
        writer.WriteString("date_created", RestcommDates.FormatRfc2822(message.DateCreated, text));
        writer.WriteString("date_updated", RestcommDates.FormatRfc2822(message.DateUpdated, text));
        if (message.DateSent is DateTimeOffset dateSent)
        {
            // Gson drops null members, so an unsent message has no date_sent key at all.
            writer.WriteString("date_sent", RestcommDates.FormatIso8601(dateSent));
        }

        writer.WriteString("account_sid", message.AccountSid);
        writer.WriteString("from", message.From);
        writer.WriteString("to", message.To);
        writer.WriteString("body", message.Body);
        writer.WriteString("status", message.Status.ToWireValue());
        writer.WriteString("direction", message.Direction.ToWireValue());
        if (message.ErrorCode is int errorCode)
        {
            writer.WriteNumber("error_code", errorCode);
            if (MessageErrorDescriptions.For(errorCode, message.ErrorMessage) is { } errorMessage)
            {
                writer.WriteString("error_message", errorMessage);
            }
        }

        writer.WriteString("price", message.Price);
        writer.WriteString("price_unit", message.PriceUnit);
        writer.WriteString("api_version", message.ApiVersion);
        writer.WriteString("uri", message.AccountSid.Length + message.Sid.Length <= 100
            ? RestcommApiRoutes.MessageUri(message.AccountSid, message.Sid, ResponseFormat.Json, text)
            : RestcommApiRoutes.MessageUri(message.AccountSid, message.Sid, ResponseFormat.Json));

        // A string, as Twilio writes num_segments.
        _ = NumSegments(message).TryFormat(text, out int digits, provider: CultureInfo.InvariantCulture);
        writer.WriteString("num_segments", text[..digits]);
        writer.WriteEndObject();
    }

    public static void WriteXml(XmlWriter writer, SmsMessage message)
    {
        writer.WriteStartElement("SMSMessage");
        writer.WriteElementString("Sid", message.Sid);
        writer.WriteElementString("DateCreated", RestcommDates.FormatRfc2822(message.DateCreated));
        writer.WriteElementString("DateUpdated", RestcommDates.FormatRfc2822(message.DateUpdated));

        // XStream writes the node even when empty.
        writer.WriteStartElement("DateSent");
        if (message.DateSent is DateTimeOffset dateSent)
        {
            writer.WriteString(RestcommDates.FormatIso8601(dateSent));
        }

        writer.WriteEndElement();
        writer.WriteElementString("AccountSid", message.AccountSid);
        writer.WriteElementString("From", message.From);
        writer.WriteElementString("To", message.To);
        writer.WriteElementString("Body", message.Body);
        writer.WriteElementString("Status", message.Status.ToWireValue());
        writer.WriteElementString("Direction", message.Direction.ToWireValue());
        if (message.ErrorCode is int errorCode)
        {
            writer.WriteStartElement("Error");
            writer.WriteElementString("ErrorCode", errorCode.ToString(CultureInfo.InvariantCulture));
            if (MessageErrorDescriptions.For(errorCode, message.ErrorMessage) is { } errorMessage)
            {
                writer.WriteElementString("ErrorMessage", errorMessage);
            }

            writer.WriteEndElement();
        }

        writer.WriteElementString("Price", message.Price);
        writer.WriteElementString("PriceUnit", message.PriceUnit);
        writer.WriteElementString("ApiVersion", message.ApiVersion);
        writer.WriteElementString("Uri", RestcommApiRoutes.MessageUri(message.AccountSid, message.Sid, ResponseFormat.Xml));
        writer.WriteElementString("NumSegments", NumSegments(message).ToString(CultureInfo.InvariantCulture));
        writer.WriteEndElement();
    }

    /// <summary>
    /// The stored segment count once the outbound side has split the message; before that, the count for GSM 7-bit
    /// (or UCS-2 when the text needs it or the client asked for it) with 8-bit concatenation UDHs, which is what the
    /// default carrier settings use.
    /// </summary>
    public static int NumSegments(SmsMessage message) =>
        message.NumSegments > 0
            ? message.NumSegments
            : EstimateSegments(message.Body, string.Equals(message.Encoding, SendSmsRequest.Ucs2Encoding, StringComparison.Ordinal));

    /// <summary>
    /// The parts <paramref name="body"/> would be sent in with <see cref="TextOptions.Default"/> (GSM 03.38 when every
    /// character has a septet, UCS-2 otherwise or when forced), 8-bit concatenation references. The text is encoded
    /// into a stack (or rented) buffer, not a new array: every queued message's representation counts its parts.
    /// </summary>
    public static int EstimateSegments(string body, bool forceUcs2)
    {
        if (body.Length == 0)
        {
            return 1;
        }

        // TextOptions.Default reads data_coding 0 as GSM 03.38, so SmppText.Encode picks GSM when every character has
        // a septet and UCS-2 otherwise: the same choice, without the array it returns.
        int septets = 0;
        bool gsm = !forceUcs2 && Gsm7.TryGetSeptetCount(body, out septets);
        int length = gsm ? septets : Ucs2.GetByteCount(body);
        byte[]? rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = (rented is not null ? rented : stackalloc byte[1024])[..length];
        try
        {
            int written = gsm ? Gsm7.EncodeUnpacked(body, buffer) : Ucs2.Encode(body, buffer);
            return MessageSplitter.CountParts(buffer[..written], gsm ? PayloadKind.Gsm7Septets : PayloadKind.Ucs2, LongMessageMode.UdhConcat8);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
