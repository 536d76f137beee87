using System.Text.Json;
using System.Xml;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// The list of <c>GET …/SMS/Messages</c>: Restcomm's JSON paging envelope key for key (restcomm.md §1.8), and the
/// XML <c>&lt;SMSMessages&gt;</c> list, which carries no paging metadata.
/// </summary>
internal static class MessageListRepresentation
{
    public static PagingEnvelope Envelope(MessagePage page, string pathUri) =>
        new(page.Page, page.PageSize, page.Total, page.Items.Count, page.Items.Count == 0 ? null : page.Items[^1].Sid, pathUri);

    public static void WriteJson(Utf8JsonWriter writer, MessagePage page, string pathUri)
    {
        writer.WriteStartObject();
        Envelope(page, pathUri).WriteJson(writer);
        writer.WriteStartArray("messages");
        foreach (SmsMessage message in page.Items)
        {
            SmsMessageRepresentation.WriteJson(writer, message);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteXml(XmlWriter writer, MessagePage page)
    {
        writer.WriteStartElement("SMSMessages");
        foreach (SmsMessage message in page.Items)
        {
            SmsMessageRepresentation.WriteXml(writer, message);
        }

        writer.WriteEndElement();
    }
}
