using System.Globalization;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Simulator;

/// <summary>
/// Builds delivery receipts as deliver_sm (SMPP 3.4 §2.11, Appendix B). The text is the de-facto
/// <c>id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…</c> form; the TLVs are receipted_message_id
/// (0x001E), message_state (0x0427) and, on failure, network_error_code (0x0423, GSM).
/// </summary>
public static class ReceiptBuilder
{
    /// <summary>How many characters of the original text the <c>text:</c> field carries (Appendix B shows 20).</summary>
    public const int TextPrefixLength = 20;

    /// <summary>The GSM error the simulator reports for failed outcomes (1 = unknown subscriber, GSM 09.02).</summary>
    public const ushort FailureErrorCode = 1;

    /// <summary>
    /// A receipt for <paramref name="message"/> in <paramref name="state"/>. It goes from the original destination to
    /// the original source; esm_class is 0x04 for a final state and 0x20 (intermediate notification) for ENROUTE.
    /// </summary>
    public static DeliverSm Build(AcceptedMessage message, MessageState state, DateTimeOffset doneAt, ReceiptFormat format)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool final = state.IsFinal();
        bool failed = final && state != MessageState.Delivered && state != MessageState.Accepted;
        var pdu = new DeliverSm
        {
            SourceAddr = message.Destination,
            DestinationAddr = message.Source,
            EsmClass = final ? EsmClass.DeliveryReceipt : EsmClass.IntermediateNotification,
        };

        if ((format & ReceiptFormat.Text) != 0)
        {
            string text = FormatText(message.ReceiptMessageId, state, message.AcceptedAt, doneAt, failed ? FailureErrorCode : 0,
                message.Text);
            EncodedText encoded = SmppText.Encode(text, TextOptions.Default);
            pdu.DataCoding = encoded.DataCoding;
            pdu.ShortMessage = encoded.ToWireBytes();
        }

        if ((format & ReceiptFormat.Tlv) != 0)
        {
            pdu.Tlvs.SetCString(TlvTag.ReceiptedMessageId, message.ReceiptMessageId);
            pdu.Tlvs.SetByte(TlvTag.MessageState, (byte)state);
            if (failed)
            {
                // network type 3 = GSM, then the error code big-endian (SMPP 3.4 §5.3.2.31).
                pdu.Tlvs.Set(TlvTag.NetworkErrorCode, new byte[] { 3, FailureErrorCode >> 8, FailureErrorCode & 0xFF });
            }
        }

        return pdu;
    }

    /// <summary>The Appendix B text; dates are <c>YYMMDDhhmm</c> in the simulator's clock (UTC).</summary>
    public static string FormatText(string id, MessageState state, DateTimeOffset submittedAt, DateTimeOffset doneAt,
        int error, string originalText)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(originalText);
        int delivered = state == MessageState.Delivered ? 1 : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"id:{id} sub:001 dlvrd:{delivered:000} submit date:{submittedAt.UtcDateTime:yyMMddHHmm} done date:{doneAt.UtcDateTime:yyMMddHHmm} stat:{state.ToStatWord()} err:{error:000} text:{Prefix(originalText)}");
    }

    private static string Prefix(string text)
    {
        if (text.Length <= TextPrefixLength)
        {
            return text;
        }

        // Never cut a surrogate pair in half (smpp.md P9).
        int length = char.IsHighSurrogate(text[TextPrefixLength - 1]) ? TextPrefixLength - 1 : TextPrefixLength;
        return text[..length];
    }
}
