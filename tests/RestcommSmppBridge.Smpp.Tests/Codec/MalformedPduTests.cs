using System.Buffers;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Tests.Codec;

/// <summary>What the decoder does with PDUs that break the rules (smpp.md P10, P15).</summary>
public sealed class MalformedPduTests
{
    private static (DecodeStatus Status, Pdu? Pdu, SmppProtocolException? Error, long Left) Decode(string hex,
        PduCodecOptions? options = null, int segmentSize = 1)
    {
        ReadOnlySequence<byte> buffer = Hex.Segmented(Hex.Bytes(hex), segmentSize);
        DecodeStatus status = PduCodec.TryDecode(ref buffer, options ?? PduCodecOptions.Default, out Pdu? pdu,
            out SmppProtocolException? error);
        return (status, pdu, error, buffer.Length);
    }

    [TestCase("00000000")]
    [TestCase("0000000F 00000015 00000000 000000")]
    [TestCase("80000000")]
    [TestCase("80000009 00000001")]
    public void TryDecode_CommandLengthOutOfRange_FatalBeforeWaitingForBody(string hex)
    {
        // 0, 15 and 2^31 (a TLS hello on the plain port looks like this: node-smpp#78).
        var (status, pdu, error, left) = Decode(hex);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(pdu, Is.Null);
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidCommandLength));
            Assert.That(error.IsFatal, Is.True);
            Assert.That(left, Is.EqualTo(Hex.Bytes(hex).Length), "nothing consumed");
        });
    }

    [Test]
    public void TryDecode_CommandLengthAboveConfiguredCap_IsFatal()
    {
        var options = new PduCodecOptions { MaxCommandLength = 1024 };

        var (status, _, error, _) = Decode("00000401", options);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.IsFatal, Is.True);
            Assert.That(error.Message, Does.Contain("1025"));
        });
    }

    [Test]
    public void TryDecode_UnknownCommandId_GenericNack03AndFrameConsumed()
    {
        var (status, _, error, left) = Decode("00000014 00000099 00000000 0000002A DEADBEEF 00000010 00000015 00000000 00000001");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidCommandId));
            Assert.That(error.IsFatal, Is.False);
            Assert.That(error.SequenceNumber, Is.EqualTo(42u));
            Assert.That(error.CommandId, Is.EqualTo(0x99u));
            Assert.That(left, Is.EqualTo(16), "the next PDU is still there");
        });
    }

    [TestCase(0x0000000Au)]
    [TestCase(0x80000100u)]
    [TestCase(0x00010200u)]
    public void TryDecode_ReservedCommandIds_AreUnknown(uint commandId)
    {
        var (status, _, error, _) = Decode($"00000010 {commandId:X8} 00000000 00000001");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidCommandId));
        });
    }

    // deliver_sm with empty addresses and sm_length 0, followed by the TLV part under test.
    private const string DeliverSmHead = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

    private static string DeliverSm(string tlvs)
    {
        byte[] body = Hex.Bytes(DeliverSmHead + tlvs);
        return $"{16 + body.Length:X8} 00000005 00000000 00000007 " + Convert.ToHexString(body);
    }

    [Test]
    public void TryDecode_UnknownAndVendorTlvs_KeptRawAndWrittenBackUnchanged()
    {
        // source_network_type (jsmpp/python-smpplib trip on it), more_messages_to_send (jasmin#545), an unknown tag,
        // vendor tags 0x1400 and 0x3FFF, a zero-length unknown TLV.
        string hex = DeliverSm("000E 0001 01 | 0426 0001 01 | 0777 0003 ABCDEF | 1400 0002 0102 | 3FFF 0000 | 2500 0000");

        var (status, pdu, _, _) = Decode(hex);

        Assert.That(status, Is.EqualTo(DecodeStatus.Pdu));
        Assert.Multiple(() =>
        {
            Assert.That(pdu!.Tlvs.Select(t => t.Tag), Is.EqualTo(new ushort[] { 0x000E, 0x0426, 0x0777, 0x1400, 0x3FFF, 0x2500 }));
            Assert.That(pdu.Tlvs[3].IsVendorSpecific, Is.True);
            Assert.That(pdu.Tlvs[2].Value.ToArray(), Is.EqualTo(new byte[] { 0xAB, 0xCD, 0xEF }));
            Assert.That(Hex.Of(PduCodec.Encode(pdu)), Is.EqualTo(Hex.Of(Hex.Bytes(hex))));
        });
    }

    [TestCase("0427 0005 02", Description = "declared length runs past the PDU")]
    [TestCase("0427", Description = "tag without length")]
    [TestCase("0427 00", Description = "half a length field")]
    [TestCase("0427 0001 02 | 99", Description = "one stray octet after the last TLV")]
    public void TryDecode_TruncatedTlv_Answers0xC0(string tlvs)
    {
        var (status, _, error, left) = Decode(DeliverSm(tlvs));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidOptionalParameterStream));
            Assert.That(error.IsFatal, Is.False);
            Assert.That(error.SequenceNumber, Is.EqualTo(7u));
            Assert.That(left, Is.Zero, "the bad PDU is consumed so the session can answer and go on");
        });
    }

    [TestCase("0427 0002 0200", Description = "message_state is one octet")]
    [TestCase("020C 0001 01", Description = "sar_msg_ref_num is two octets")]
    [TestCase("0423 0002 0300", Description = "network_error_code is three octets")]
    [TestCase("001E 0000", Description = "receipted_message_id needs at least its NUL")]
    public void TryDecode_KnownTlvWithWrongLength_Answers0xC2OrKeptWhenLenient(string tlvs)
    {
        var strict = Decode(DeliverSm(tlvs));
        var lenient = Decode(DeliverSm(tlvs), new PduCodecOptions { StrictTlvLengths = false });

        Assert.Multiple(() =>
        {
            Assert.That(strict.Status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(strict.Error!.Status, Is.EqualTo(CommandStatus.InvalidParameterLength));
            Assert.That(lenient.Status, Is.EqualTo(DecodeStatus.Pdu));
            Assert.That(lenient.Pdu!.Tlvs, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void TryDecode_SourceAddrWithoutNulInsideMaximum_AnswersInvalidSourceAddress()
    {
        // 21 octets of digits and no NUL: source_addr may hold 20 characters.
        string body = "00 01 01" + string.Concat(Enumerable.Repeat("31", 21)) + "00 01 01 00 00 00 00 00 00 00 00 00 00 00";
        byte[] bytes = Hex.Bytes(body);
        string hex = $"{16 + bytes.Length:X8} 00000004 00000000 00000001 " + Convert.ToHexString(bytes);

        var (status, _, error, _) = Decode(hex);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidSourceAddress));
        });
    }

    [Test]
    public void TryDecode_BodyEndsInsideCString_AnswersInvalidCommandLength()
    {
        var (status, _, error, _) = Decode("00000014 00000002 00000000 00000001 41424344");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidCommandLength));
            Assert.That(error.IsFatal, Is.False);
        });
    }

    [Test]
    public void TryDecode_SmLengthBeyondBody_AnswersInvalidMessageLength()
    {
        byte[] body = Hex.Bytes("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 10 4142");
        string hex = $"{16 + body.Length:X8} 00000005 00000000 00000001 " + Convert.ToHexString(body);

        var (status, _, error, _) = Decode(hex);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidMessageLength));
        });
    }

    [Test]
    public void TryDecode_ScheduleDeliveryTimeOfFiveCharacters_Answers0x61()
    {
        byte[] body = Hex.Bytes("00 00 00 00 00 00 00 00 00 00 | 3132333435 00 | 00 00 00 00 00 00 00");
        string hex = $"{16 + body.Length:X8} 00000004 00000000 00000001 " + Convert.ToHexString(body);

        var (status, _, error, _) = Decode(hex);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidScheduledDeliveryTime));
        });
    }

    [Test]
    public void TryDecode_SubmitMultiWithBadDestFlag_Answers0x40()
    {
        byte[] body = Hex.Bytes("00 01 01 3100 | 01 | 07 | 00 00 00 00 00 00 00 00 00 00");
        string hex = $"{16 + body.Length:X8} 00000021 00000000 00000001 " + Convert.ToHexString(body);

        var (status, _, error, _) = Decode(hex);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.ProtocolError));
            Assert.That(error!.Status, Is.EqualTo(CommandStatus.InvalidDestinationFlag));
        });
    }

    [Test]
    public void TryDecode_HeaderOnlyErrorResponses_DecodeWithDefaults()
    {
        foreach (uint id in new uint[] { 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0x80000005, 0x80000009, 0x80000021, 0x80000103 })
        {
            var (status, pdu, _, _) = Decode($"00000010 {id:X8} 00000008 00000001");

            Assert.That(status, Is.EqualTo(DecodeStatus.Pdu), $"0x{id:X8}");
            Assert.That(pdu!.CommandStatus, Is.EqualTo(CommandStatus.SystemError));
        }
    }

    [Test]
    public void TryReadPdu_MalformedBody_ThrowsTypedExceptionWithStatus()
    {
        ReadOnlySequence<byte> buffer = new(Hex.Bytes("00000014 00000002 00000000 00000001 41424344"));

        Assert.That(() => PduCodec.TryReadPdu(ref buffer, PduCodecOptions.Default, out _),
            Throws.TypeOf<SmppProtocolException>().With.Property(nameof(SmppProtocolException.Status))
                .EqualTo(CommandStatus.InvalidCommandLength));
    }

    [Test]
    public void Decode_FrameLengthDisagreesWithCommandLength_Throws()
    {
        Assert.That(() => PduCodec.Decode(Hex.Bytes("00000020 00000015 00000000 00000001")),
            Throws.TypeOf<SmppProtocolException>().With.Property(nameof(SmppProtocolException.IsFatal)).True);
    }
}
