using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>
/// Realistic inputs shared by the benchmarks: the PDUs a gateway sends and receives every second, built once in
/// <c>[GlobalSetup]</c> so no benchmark measures its own setup.
/// </summary>
internal static class SampleData
{
    /// <summary>A short MT text, all in the GSM 03.38 default alphabet (27 septets).</summary>
    public const string ShortGsmText = "Hello world, this is a test";

    /// <summary>A 30-character Cyrillic text: no GSM 03.38 form, so it travels as UCS-2 (data_coding 0x08).</summary>
    public const string CyrillicText = "Привет! Это тестовое сообщение";

    /// <summary>The handset (international, E.164).</summary>
    public const string Msisdn = "447700900123";

    /// <summary>The service number the handset writes to.</summary>
    public const string ShortCode = "84433";

    // A sentence with digits, punctuation and Latin-1 letters that are in the GSM base table (£, é, ü, @), so both
    // the fast table lookup and the non-ASCII entries are exercised; no extension characters, so chars == septets.
    private const string GsmSentence =
        "Your code is 482913. It expires in 10 min; do not share it @ anyone. Fee: £0.50 per SMS, café & müsli offers! ";

    private const string CyrillicSentence = "Ваш код подтверждения 482913. Никому его не сообщайте; срок действия 10 минут. ";

    /// <summary>GSM 03.38 text of exactly <paramref name="length"/> characters (one septet each).</summary>
    public static string GsmText(int length) => Repeat(GsmSentence, length);

    /// <summary>Cyrillic text of exactly <paramref name="length"/> characters (mostly outside GSM 03.38).</summary>
    public static string CyrillicTextOf(int length) => Repeat(CyrillicSentence, length);

    /// <summary>submit_sm with a short GSM text as unpacked septets, data_coding 0, receipt requested.</summary>
    public static SubmitSm SubmitGsm() => NewSubmit(0x00, Gsm7.EncodeUnpacked(ShortGsmText));

    /// <summary>submit_sm with the 30-character Cyrillic text in UCS-2, data_coding 0x08.</summary>
    public static SubmitSm SubmitUcs2() => NewSubmit(0x08, Ucs2.Encode(CyrillicText));

    /// <summary>
    /// submit_sm for part 2 of 3 of a long message sent with SAR TLVs (SMPP 3.4 §5.3.2.22–24) and tagged with a
    /// user_message_reference (§5.3.2.17), as the outbound dispatcher builds it.
    /// </summary>
    public static SubmitSm SubmitSarTlvs()
    {
        SubmitSm pdu = SubmitGsm();
        pdu.Tlvs.SetUInt16(TlvTag.SarMsgRefNum, 0x1234);
        pdu.Tlvs.SetByte(TlvTag.SarTotalSegments, 3);
        pdu.Tlvs.SetByte(TlvTag.SarSegmentSeqnum, 2);
        pdu.Tlvs.SetUInt16(TlvTag.UserMessageReference, 0x0BEE);
        return pdu;
    }

    /// <summary>Mobile-originated deliver_sm with the short GSM text, data_coding 0.</summary>
    public static DeliverSm DeliverGsm() => NewDeliver(0x00, Gsm7.EncodeUnpacked(ShortGsmText));

    /// <summary>Mobile-originated deliver_sm with the Cyrillic text in UCS-2.</summary>
    public static DeliverSm DeliverUcs2() => NewDeliver(0x08, Ucs2.Encode(CyrillicText));

    /// <summary>A header-only enquire_link (SMPP 3.4 §4.11.1).</summary>
    public static EnquireLink EnquireLink() => new() { SequenceNumber = 0x0001_0203 };

    // ---------------------------------------------------------------------------------------------------------------
    // Delivery receipt input, shared by the codec benchmark and ReceiptBenchmarks so both measure the same receipt.
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>The receipted message id, as the SMSC returned it in submit_sm_resp.</summary>
    public const string ReceiptMessageId = "0A1B2C3D4E5F6071";

    /// <summary>A delivery receipt text in the de-facto format of SMPP 3.4 Appendix B.</summary>
    public const string ReceiptText =
        "id:0A1B2C3D4E5F6071 sub:001 dlvrd:001 submit date:2501151030 done date:2501151031 stat:DELIVRD err:000 text:Hello world, this is";

    /// <summary>
    /// deliver_sm delivery receipt (esm_class 0x04) with the Appendix B text and the TLVs SMPP 3.4 §4.6.1 lists for
    /// receipts: receipted_message_id, message_state (2 = DELIVERED) and network_error_code (type 3 = GSM, code 0).
    /// </summary>
    public static DeliverSm DeliverReceipt()
    {
        DeliverSm pdu = NewDeliver(0x00, Encoding.ASCII.GetBytes(ReceiptText));
        pdu.EsmClass = EsmClass.DeliveryReceipt;
        pdu.Tlvs.SetCString(TlvTag.ReceiptedMessageId, ReceiptMessageId);
        pdu.Tlvs.SetByte(TlvTag.MessageState, 2);
        byte[] networkError = new byte[3];
        networkError[0] = 3;
        BinaryPrimitives.WriteUInt16BigEndian(networkError.AsSpan(1), 0);
        pdu.Tlvs.Set(TlvTag.NetworkErrorCode, networkError);
        return pdu;
    }

    /// <summary>
    /// The same octets split into <paramref name="parts"/> separately allocated segments, as a socket read that straddles
    /// pipe buffers hands them over (style.md P9).
    /// </summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, bytes.Length);
        int cut = bytes.Length / parts;
        var first = new BufferSegment(bytes.AsSpan(0, cut).ToArray());
        BufferSegment last = first;
        for (int i = 1; i < parts; i++)
        {
            int start = i * cut;
            int end = i == parts - 1 ? bytes.Length : start + cut;
            last = last.Append(bytes.AsSpan(start, end - start).ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static SubmitSm NewSubmit(byte dataCoding, byte[] shortMessage) => new()
    {
        SequenceNumber = 0x0000_2A01,
        SourceAddrTon = TypeOfNumber.National,
        SourceAddrNpi = NumberingPlan.Isdn,
        SourceAddr = ShortCode,
        DestAddrTon = TypeOfNumber.International,
        DestAddrNpi = NumberingPlan.Isdn,
        DestinationAddr = Msisdn,
        RegisteredDelivery = RegisteredDelivery.FinalReceipt,
        DataCoding = dataCoding,
        ShortMessage = shortMessage,
    };

    private static DeliverSm NewDeliver(byte dataCoding, byte[] shortMessage) => new()
    {
        SequenceNumber = 0x0000_2A02,
        SourceAddrTon = TypeOfNumber.International,
        SourceAddrNpi = NumberingPlan.Isdn,
        SourceAddr = Msisdn,
        DestAddrTon = TypeOfNumber.National,
        DestAddrNpi = NumberingPlan.Isdn,
        DestinationAddr = ShortCode,
        DataCoding = dataCoding,
        ShortMessage = shortMessage,
    };

    private static string Repeat(string sentence, int length)
    {
        var builder = new StringBuilder(length + sentence.Length);
        while (builder.Length < length)
        {
            builder.Append(sentence);
        }

        return builder.ToString(0, length);
    }

    /// <summary>One link of a hand-built multi-segment <see cref="ReadOnlySequence{T}"/>.</summary>
    private sealed class BufferSegment : ReadOnlySequenceSegment<byte>
    {
        public BufferSegment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public BufferSegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new BufferSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
