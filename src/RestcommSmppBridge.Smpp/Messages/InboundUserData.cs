using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// The user data of one inbound deliver_sm or data_sm, taken apart: the concatenation info (from a UDH or from the
/// SAR TLVs) and the text octets without the UDH. Packed GSM is unpacked to one septet per octet here, because
/// packed parts cannot be joined octet by octet (each part has its own fill bits); <see cref="Decode"/> knows this.
/// </summary>
public sealed class InboundUserData
{
    private InboundUserData(byte dataCoding, ReadOnlyMemory<byte> payload, bool unpackedGsm, PartInfo? part,
        UserDataHeader? header, bool malformedUdh)
    {
        DataCoding = dataCoding;
        Payload = payload;
        IsUnpackedGsm = unpackedGsm;
        Part = part;
        Header = header;
        HasMalformedUdh = malformedUdh;
    }

    /// <summary>data_coding of the PDU.</summary>
    public byte DataCoding { get; }

    /// <summary>The text octets (UDH removed; packed GSM already unpacked to septets).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>True when <see cref="Payload"/> holds GSM septets that were unpacked from packed wire octets.</summary>
    public bool IsUnpackedGsm { get; }

    /// <summary>The part's place in a long message, or null for a message that stands alone.</summary>
    public PartInfo? Part { get; }

    /// <summary>The parsed UDH, when esm_class had UDHI and the header was well formed.</summary>
    public UserDataHeader? Header { get; }

    /// <summary>
    /// True when esm_class announced a UDH that does not parse. The octets are then kept whole as text, so nothing
    /// the subscriber sent is dropped; the caller may log it.
    /// </summary>
    public bool HasMalformedUdh { get; }

    /// <summary>Reads a deliver_sm (or submit_sm, for an SMSC-side simulator).</summary>
    public static InboundUserData From(ShortMessagePdu pdu, TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return Read(pdu.EsmClass, pdu.DataCoding, pdu.GetMessageBytes(), pdu.HasTlvs ? pdu.Tlvs : null, options);
    }

    /// <summary>Reads a data_sm: the user data is its message_payload TLV.</summary>
    public static InboundUserData From(DataSm pdu, TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return Read(pdu.EsmClass, pdu.DataCoding, pdu.GetMessageBytes(), pdu.HasTlvs ? pdu.Tlvs : null, options);
    }

    /// <summary>
    /// Decodes a payload produced by this type (one part's <see cref="Payload"/>, or the reassembled payload of its
    /// parts) by data_coding and the carrier's text options.
    /// </summary>
    public static string Decode(byte dataCoding, ReadOnlySpan<byte> payload, bool unpackedGsm, TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TextOptions effective = unpackedGsm ? options with { DefaultAlphabet = DefaultAlphabet.Gsm7Unpacked } : options;
        return SmppText.Decode(dataCoding, payload, effective);
    }

    /// <summary>Decodes this part's text on its own.</summary>
    public string DecodeText(TextOptions options) => Decode(DataCoding, Payload.Span, IsUnpackedGsm, options);

    private static InboundUserData Read(byte esmClass, byte dataCoding, ReadOnlyMemory<byte> userData,
        TlvCollection? tlvs, TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int udhLength = 0;
        UserDataHeader? header = null;
        PartInfo? part = null;
        bool malformed = false;
        if (EsmClass.HasUdh(esmClass))
        {
            if (UserDataHeader.TryParse(userData.Span, out header, out udhLength))
            {
                part = header!.Concatenation?.ToPartInfo();
            }
            else
            {
                malformed = true;
                udhLength = 0;
            }
        }

        if (part is null && tlvs is not null
            && tlvs.TryGetUInt16(TlvTag.SarMsgRefNum, out ushort reference)
            && tlvs.TryGetByte(TlvTag.SarTotalSegments, out byte total)
            && tlvs.TryGetByte(TlvTag.SarSegmentSeqnum, out byte sequence))
        {
            part = new PartInfo(reference, total, sequence);
        }

        ReadOnlyMemory<byte> text = userData[udhLength..];
        bool packedGsm = options.PacksGsm7 && new DataCoding(dataCoding).Alphabet is Alphabet.SmscDefault or Alphabet.Gsm7;
        if (packedGsm)
        {
            int fillBits = Gsm7.FillBitsForUdh(udhLength);
            text = Gsm7.Unpack(text.Span, Gsm7.InferSeptetCount(text.Span, fillBits), fillBits);
        }

        return new InboundUserData(dataCoding, text, packedGsm, part, header, malformed);
    }
}
