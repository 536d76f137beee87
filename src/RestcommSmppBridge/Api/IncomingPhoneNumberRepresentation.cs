using System.Text.Json;
using System.Xml;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// An <see cref="IncomingPhoneNumber"/> in the shape of Restcomm's IncomingPhoneNumberConverter, reduced to the SMS
/// fields the bridge serves, in Restcomm's order (FriendlyName before PhoneNumber, dates before the SMS fields).
/// <c>sms_status_callback</c> is our addition. Unset URLs are JSON null (keys always present, as Twilio) and empty
/// XML elements. <c>capabilities</c> sits before <c>api_version</c>, as in Restcomm: every number on the bridge
/// receives and sends SMS and nothing else, so only <c>sms_capable</c> is true.
/// </summary>
internal static class IncomingPhoneNumberRepresentation
{
    public static void WriteJson(Utf8JsonWriter writer, IncomingPhoneNumber number)
    {
        writer.WriteStartObject();
        writer.WriteString("sid", number.Sid);
        writer.WriteString("account_sid", number.AccountSid);
        writer.WriteString("friendly_name", number.FriendlyName);
        writer.WriteString("phone_number", number.PhoneNumber);
        writer.WriteString("date_created", RestcommDates.FormatRfc2822(number.DateCreated));
        writer.WriteString("date_updated", RestcommDates.FormatRfc2822(number.DateUpdated));
        writer.WriteString("sms_url", number.SmsUrl);
        writer.WriteString("sms_method", number.SmsMethod);
        writer.WriteString("sms_fallback_url", number.SmsFallbackUrl);
        writer.WriteString("sms_fallback_method", number.SmsFallbackMethod);
        writer.WriteString("sms_status_callback", number.SmsStatusCallback);
        writer.WriteStartObject("capabilities");
        writer.WriteBoolean("voice_capable", false);
        writer.WriteBoolean("sms_capable", true);
        writer.WriteBoolean("mms_capable", false);
        writer.WriteBoolean("fax_capable", false);
        writer.WriteEndObject();
        writer.WriteString("api_version", RestcommApiRoutes.ApiVersion);
        writer.WriteString("uri", RestcommApiRoutes.PhoneNumberUri(number.AccountSid, number.Sid, ResponseFormat.Json));
        writer.WriteEndObject();
    }

    public static void WriteXml(XmlWriter writer, IncomingPhoneNumber number)
    {
        writer.WriteStartElement("IncomingPhoneNumber");
        writer.WriteElementString("Sid", number.Sid);
        writer.WriteElementString("AccountSid", number.AccountSid);
        writer.WriteElementString("FriendlyName", number.FriendlyName);
        writer.WriteElementString("PhoneNumber", number.PhoneNumber);
        writer.WriteElementString("DateCreated", RestcommDates.FormatRfc2822(number.DateCreated));
        writer.WriteElementString("DateUpdated", RestcommDates.FormatRfc2822(number.DateUpdated));
        writer.WriteElementString("SmsUrl", number.SmsUrl ?? string.Empty);
        writer.WriteElementString("SmsMethod", number.SmsMethod);
        writer.WriteElementString("SmsFallbackUrl", number.SmsFallbackUrl ?? string.Empty);
        writer.WriteElementString("SmsFallbackMethod", number.SmsFallbackMethod);
        writer.WriteElementString("SmsStatusCallback", number.SmsStatusCallback ?? string.Empty);
        writer.WriteStartElement("Capabilities");
        writer.WriteElementString("Voice", "false");
        writer.WriteElementString("Sms", "true");
        writer.WriteElementString("Mms", "false");
        writer.WriteElementString("Fax", "false");
        writer.WriteEndElement();
        writer.WriteElementString("ApiVersion", RestcommApiRoutes.ApiVersion);
        writer.WriteElementString("Uri", RestcommApiRoutes.PhoneNumberUri(number.AccountSid, number.Sid, ResponseFormat.Xml));
        writer.WriteEndElement();
    }

    public static void WriteListJson(Utf8JsonWriter writer, PhoneNumberPage page, string pathUri)
    {
        writer.WriteStartObject();
        Envelope(page, pathUri).WriteJson(writer);
        writer.WriteStartArray("incomingPhoneNumbers");
        foreach (IncomingPhoneNumber number in page.Items)
        {
            WriteJson(writer, number);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteListXml(XmlWriter writer, PhoneNumberPage page, string pathUri)
    {
        writer.WriteStartElement("IncomingPhoneNumbers");
        Envelope(page, pathUri).WriteXmlAttributes(writer);
        foreach (IncomingPhoneNumber number in page.Items)
        {
            WriteXml(writer, number);
        }

        writer.WriteEndElement();
    }

    private static PagingEnvelope Envelope(PhoneNumberPage page, string pathUri) =>
        new(page.Page, page.PageSize, page.Total, page.Items.Count, page.Items.Count == 0 ? null : page.Items[^1].Sid, pathUri);
}
