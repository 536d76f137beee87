using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>How <see cref="MessageComposer"/> turns text into submit_sm PDUs for one carrier.</summary>
public sealed record ComposeOptions
{
    /// <summary>The shared defaults: GSM 03.38 unpacked for data_coding 0, 8-bit reference UDH for long messages.</summary>
    public static ComposeOptions Default { get; } = new();

    /// <summary>The carrier's text settings (what data_coding 0 means, packed or not). Default GSM 7-bit unpacked.</summary>
    public TextOptions Text { get; init; } = TextOptions.Default;

    /// <summary>How long messages travel: UDH 8/16-bit reference, SAR TLVs or one message_payload. Default UDH 8-bit.</summary>
    public LongMessageMode LongMessageMode { get; init; } = LongMessageMode.UdhConcat8;

    /// <summary>Encoding choice; Auto picks GSM 7-bit when every character fits, else UCS-2.</summary>
    public TextEncodingPreference Preference { get; init; } = TextEncodingPreference.Auto;
}

/// <summary>The PDUs for one message, in the order they must be sent, with what was chosen.</summary>
public sealed class ComposedMessage
{
    internal ComposedMessage(EncodedText text, IReadOnlyList<SubmitSm> parts, string? error, ushort? reference = null)
    {
        Text = text;
        Parts = parts;
        Error = error;
        Reference = reference;
    }

    /// <summary>True when the message could be composed.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the message could not be composed (too many parts, payload too large), else null.</summary>
    public string? Error { get; }

    /// <summary>The encoding chosen (data_coding, kind, units).</summary>
    public EncodedText Text { get; }

    /// <summary>The submit_sm PDUs, part 1 first. Sequence numbers are left 0 for the session to assign.</summary>
    public IReadOnlyList<SubmitSm> Parts { get; }

    /// <summary>
    /// The concatenation reference the parts carry (UDH IE 0x00/0x08 or <c>sar_msg_ref_num</c>), so the missing parts
    /// of a long message can be composed again to join the parts already delivered (GSM 03.40 §9.2.3.24.1: the
    /// handset joins parts by reference, total and originator). Null for a one-part message, a
    /// <c>message_payload</c> message or one that could not be composed.
    /// </summary>
    public ushort? Reference { get; }
}

/// <summary>
/// Turns text into ready-to-send submit_sm PDUs: picks the encoding (GSM 03.38 when every character fits, else
/// UCS-2), splits long messages without breaking an escape or surrogate pair, and writes each part the way the
/// carrier wants it: UDH in short_message (esm_class UDHI), SAR TLVs, or one message_payload TLV. Packed GSM carriers
/// get septets packed after the UDH with the fill bits GSM 03.40 §9.2.3.24 asks for.
/// </summary>
public static class MessageComposer
{
    /// <summary>
    /// Composes <paramref name="text"/> for <paramref name="template"/>'s addresses. Every mandatory field and TLV of
    /// the template is copied to each part; data_coding, short_message and the concatenation fields are set here.
    /// </summary>
    public static ComposedMessage Compose(string text, SubmitSm template, ComposeOptions options,
        ConcatReferenceAllocator references)
    {
        ArgumentNullException.ThrowIfNull(references);
        return Compose(text, template, options, references, 0);
    }

    /// <summary>
    /// Composes <paramref name="text"/> as <see cref="Compose(string, SubmitSm, ComposeOptions, ConcatReferenceAllocator)"/>
    /// does, but a long message carries the given concatenation <paramref name="reference"/> instead of a fresh one:
    /// with the same text, template and options the parts are the same as the first time, so the parts a carrier
    /// never accepted can be sent again and still join those it did on the handset (GSM 03.40 §9.2.3.24.1).
    /// </summary>
    /// <param name="text">The message text.</param>
    /// <param name="template">Addresses and fields copied to every part.</param>
    /// <param name="options">The carrier's text and long-message settings.</param>
    /// <param name="reference">
    /// The reference (<see cref="ComposedMessage.Reference"/> of the first composition); at most 255 in
    /// <see cref="LongMessageMode.UdhConcat8"/> mode. Unused for a one-part or <c>message_payload</c> message.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="reference"/> is above 255 in <see cref="LongMessageMode.UdhConcat8"/> mode (the IE 0x00
    /// reference is one octet, GSM 03.40 §9.2.3.24.1).
    /// </exception>
    public static ComposedMessage ComposeWithReference(string text, SubmitSm template, ComposeOptions options, ushort reference)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LongMessageMode == LongMessageMode.UdhConcat8 && reference > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference,
                "An 8-bit concatenation reference (UDH IE 0x00) must be at most 255.");
        }

        return Compose(text, template, options, null, reference);
    }

    /// <summary>The composition itself; <paramref name="references"/>, when given, picks the reference.</summary>
    private static ComposedMessage Compose(string text, SubmitSm template, ComposeOptions options,
        ConcatReferenceAllocator? references, ushort reference)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);

        EncodedText encoded = SmppText.Encode(text, options.Text, options.Preference);
        PayloadKind kind = encoded.Kind switch
        {
            TextKind.Gsm7 => PayloadKind.Gsm7Septets,
            TextKind.Ucs2 => PayloadKind.Ucs2,
            _ => PayloadKind.EightBit,
        };

        // A message that fits one SMS goes in short_message whatever the long-message mode.
        if (MessageSplitter.CountParts(encoded.Bytes, kind, LongMessageMode.UdhConcat8) == 1)
        {
            SubmitSm single = CopyOf(template, encoded.DataCoding);
            single.ShortMessage = SmppText.ToWireBytes(encoded.Bytes, encoded.NeedsPacking);
            return new ComposedMessage(encoded, [single], null);
        }

        // message_payload carries the whole text in one PDU: no reference is used up or carried. Otherwise the
        // message needs several parts here (the one-part test above uses the same single-part capacity in every mode).
        bool concatenated = options.LongMessageMode != LongMessageMode.MessagePayload;
        if (concatenated && references is not null)
        {
            reference = references.NextReference(template.DestinationAddr, options.LongMessageMode);
        }

        SplitResult split = MessageSplitter.Split(encoded.Bytes, kind, options.LongMessageMode, concatenated ? reference : (ushort)0);
        if (!split.Succeeded)
        {
            return new ComposedMessage(encoded, [], split.ErrorMessage);
        }

        var parts = new List<SubmitSm>(split.Parts.Count);
        foreach (MessagePart part in split.Parts)
        {
            SubmitSm pdu = CopyOf(template, encoded.DataCoding);
            if (part.Udh is { } udh)
            {
                int fillBits = encoded.NeedsPacking ? Gsm7.FillBitsForUdh(udh.Length) : 0;
                byte[] body = new byte[udh.Length + SmppText.GetWireByteCount(part.Payload.Length, encoded.NeedsPacking, fillBits)];
                udh.CopyTo(body, 0);
                SmppText.ToWireBytes(part.Payload.Span, encoded.NeedsPacking, fillBits, body.AsSpan(udh.Length));
                pdu.ShortMessage = body;
                pdu.EsmClass |= EsmClass.UdhIndicator;
            }
            else if (part.Mode == LongMessageMode.MessagePayload)
            {
                pdu.ShortMessage = default;
                pdu.Tlvs.Set(TlvTag.MessagePayload, SmppText.ToWireBytes(part.Payload.Span, encoded.NeedsPacking));
            }
            else
            {
                pdu.ShortMessage = SmppText.ToWireBytes(part.Payload.Span, encoded.NeedsPacking);
                if (part.SarReference is { } sarReference)
                {
                    pdu.Tlvs.SetUInt16(TlvTag.SarMsgRefNum, sarReference);
                    pdu.Tlvs.SetByte(TlvTag.SarTotalSegments, part.Total);
                    pdu.Tlvs.SetByte(TlvTag.SarSegmentSeqnum, part.Sequence);
                }
            }

            parts.Add(pdu);
        }

        return new ComposedMessage(encoded, parts, null, concatenated ? reference : null);
    }

    private static SubmitSm CopyOf(SubmitSm template, byte dataCoding)
    {
        var pdu = new SubmitSm
        {
            ServiceType = template.ServiceType,
            SourceAddrTon = template.SourceAddrTon,
            SourceAddrNpi = template.SourceAddrNpi,
            SourceAddr = template.SourceAddr,
            DestAddrTon = template.DestAddrTon,
            DestAddrNpi = template.DestAddrNpi,
            DestinationAddr = template.DestinationAddr,
            EsmClass = template.EsmClass,
            ProtocolId = template.ProtocolId,
            PriorityFlag = template.PriorityFlag,
            ScheduleDeliveryTime = template.ScheduleDeliveryTime,
            ValidityPeriod = template.ValidityPeriod,
            RegisteredDelivery = template.RegisteredDelivery,
            ReplaceIfPresentFlag = template.ReplaceIfPresentFlag,
            DataCoding = dataCoding,
            SmDefaultMsgId = template.SmDefaultMsgId,
        };
        if (template.HasTlvs)
        {
            foreach (Tlv tlv in template.Tlvs)
            {
                pdu.Tlvs.Add(tlv);
            }
        }

        return pdu;
    }
}
