using System.Diagnostics.CodeAnalysis;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>Receipt parsing straight from a decoded PDU.</summary>
public static partial class DeliveryReceiptParser
{
    /// <summary>
    /// Parses the receipt carried by a deliver_sm: its short_message (or message_payload) text and the
    /// receipted_message_id, message_state and network_error_code TLVs. Call it for PDUs whose esm_class marks a
    /// receipt (<see cref="DeliverSm.IsDeliveryReceipt"/>); some SMSCs also send receipts with esm_class 0, which the
    /// caller may try when a normal message starts with <c>id:</c>.
    /// </summary>
    public static bool TryParse(ShortMessagePdu pdu, [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return TryParseWithTlvs(pdu.GetMessageBytes().Span, pdu.DataCoding, pdu.HasTlvs ? pdu.Tlvs : null, out receipt);
    }

    /// <summary>Parses the receipt carried by a data_sm (text in message_payload, state in TLVs).</summary>
    public static bool TryParse(DataSm pdu, [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return TryParseWithTlvs(pdu.GetMessageBytes().Span, pdu.DataCoding, pdu.HasTlvs ? pdu.Tlvs : null, out receipt);
    }

    private static bool TryParseWithTlvs(ReadOnlySpan<byte> text, byte dataCoding, TlvCollection? tlvs,
        [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        string? receiptedId = null;
        byte? state = null;
        ReadOnlySpan<byte> networkError = default;
        if (tlvs is not null)
        {
            if (tlvs.TryGetCString(TlvTag.ReceiptedMessageId, out string id))
            {
                receiptedId = id;
            }

            if (tlvs.TryGetByte(TlvTag.MessageState, out byte s))
            {
                state = s;
            }

            if (tlvs.TryGetValue(TlvTag.NetworkErrorCode, out ReadOnlyMemory<byte> raw))
            {
                networkError = raw.Span;
            }
        }

        return TryParse(text, dataCoding, receiptedId, state, networkError, out receipt);
    }
}
