using System.Buffers;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Tests.Codec;

public sealed class PduCodecTests
{
    private static IEnumerable<GoldenVectors.Vector> Vectors() => GoldenVectors.All();

    [TestCaseSource(nameof(Vectors))]
    public void Encode_GoldenPdu_MatchesSpecBytes(GoldenVectors.Vector vector)
    {
        byte[] encoded = PduCodec.Encode(vector.Build());

        Assert.That(Hex.Of(encoded), Is.EqualTo(Hex.Of(Hex.Bytes(vector.Hex))));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_GoldenBytes_RoundTripsToSameBytes(GoldenVectors.Vector vector)
    {
        byte[] bytes = Hex.Bytes(vector.Hex);

        Pdu decoded = PduCodec.Decode(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.GetType(), Is.EqualTo(vector.Build().GetType()));
            Assert.That(Hex.Of(PduCodec.Encode(decoded)), Is.EqualTo(Hex.Of(bytes)));
        });
    }

    [TestCaseSource(nameof(Vectors))]
    public void TryDecode_OneByteSegments_YieldsEveryPduOfAStream(GoldenVectors.Vector vector)
    {
        byte[] one = Hex.Bytes(vector.Hex);
        byte[] stream = [.. one, .. one, .. one];
        ReadOnlySequence<byte> buffer = Hex.Segmented(stream, 1);

        var decoded = new List<Pdu>();
        while (PduCodec.TryDecode(ref buffer, PduCodecOptions.Default, out Pdu? pdu, out _) == DecodeStatus.Pdu)
        {
            decoded.Add(pdu!);
        }

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Has.Count.EqualTo(3));
            Assert.That(buffer.Length, Is.Zero);
            Assert.That(decoded.Select(p => Hex.Of(PduCodec.Encode(p))), Is.All.EqualTo(Hex.Of(one)));
        });
    }

    [TestCaseSource(nameof(Vectors))]
    public void TryDecode_EveryStrictPrefix_NeedsMoreDataAndConsumesNothing(GoldenVectors.Vector vector)
    {
        byte[] bytes = Hex.Bytes(vector.Hex);
        for (int length = 0; length < bytes.Length; length++)
        {
            ReadOnlySequence<byte> buffer = Hex.Segmented(bytes[..length], 3);

            DecodeStatus status = PduCodec.TryDecode(ref buffer, PduCodecOptions.Default, out _, out _);

            Assert.That(status, Is.EqualTo(DecodeStatus.NeedMoreData), $"prefix of {length} octets");
            Assert.That(buffer.Length, Is.EqualTo(length));
        }
    }

    [Test]
    public void Decode_SubmitSm_ReadsEveryField()
    {
        var pdu = (SubmitSm)PduCodec.Decode(Hex.Bytes(GoldenVectors.All().Single(v => v.Name == "submit_sm").Hex));

        Assert.Multiple(() =>
        {
            Assert.That(pdu.SequenceNumber, Is.EqualTo(7u));
            Assert.That(pdu.SourceAddrTon, Is.EqualTo(TypeOfNumber.International));
            Assert.That(pdu.SourceAddr, Is.EqualTo("447700900001"));
            Assert.That(pdu.DestinationAddr, Is.EqualTo("447700900002"));
            Assert.That(pdu.RegisteredDelivery, Is.EqualTo(1));
            Assert.That(pdu.ShortMessage.ToArray(), Is.EqualTo("Hello"u8.ToArray()));
            Assert.That(pdu.HasTlvs, Is.False);
        });
    }

    [Test]
    public void Decode_DeliverSmReceipt_ExposesTlvsByName()
    {
        var pdu = (DeliverSm)PduCodec.Decode(Hex.Bytes(GoldenVectors.All().Single(v => v.Name == "deliver_sm_receipt_tlvs").Hex));

        Assert.Multiple(() =>
        {
            Assert.That(pdu.IsDeliveryReceipt, Is.True);
            Assert.That(pdu.Tlvs.TryGetCString(TlvTag.ReceiptedMessageId, out string id), Is.True);
            Assert.That(id, Is.EqualTo("ABC123"));
            Assert.That(pdu.Tlvs.TryGetByte(TlvTag.MessageState, out byte state), Is.True);
            Assert.That(state, Is.EqualTo(2));
        });
    }

    [Test]
    public void Decode_GsmAtSignInShortMessage_KeepsEveryOctet()
    {
        // GSM 03.38 '@' is 0x00: octet data must never be cut at a NUL (OpenSIPS#1935).
        var submit = new SubmitSm { SequenceNumber = 1, ShortMessage = new byte[] { 0x00, 0x41, 0x00, 0x00, 0x42, 0x00 } };

        var decoded = (SubmitSm)PduCodec.Decode(PduCodec.Encode(submit));

        Assert.That(decoded.ShortMessage.ToArray(), Is.EqualTo(new byte[] { 0x00, 0x41, 0x00, 0x00, 0x42, 0x00 }));
    }

    [Test]
    public void Decode_ErrorResponseWithBody_IsAlsoAccepted()
    {
        // Some SMSCs send the message_id anyway on error; the body is optional, not forbidden, on decode.
        byte[] bytes = Hex.Bytes("00000013 80000004 00000045 00000009 414200");

        var pdu = (SubmitSmResp)PduCodec.Decode(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(pdu.CommandStatus, Is.EqualTo(CommandStatus.SubmitFailed));
            Assert.That(pdu.MessageId, Is.EqualTo("AB"));
        });
    }

    [Test]
    public void CreateResponse_EveryRequest_EchoesSequenceAndPairsCommandId()
    {
        foreach (GoldenVectors.Vector vector in GoldenVectors.All())
        {
            if (vector.Build() is not SmppRequest request)
            {
                continue;
            }

            SmppResponse? response = request.CreateResponse(CommandStatus.SystemError);
            if (request is Outbind or AlertNotification)
            {
                Assert.That(response, Is.Null, vector.Name);
                continue;
            }

            Assert.That(response, Is.Not.Null, vector.Name);
            Assert.That(response!.CommandId, Is.EqualTo(request.CommandId.ToResponse()), vector.Name);
            Assert.That(response.SequenceNumber, Is.EqualTo(request.SequenceNumber), vector.Name);
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.SystemError), vector.Name);
        }
    }

    [Test]
    public void Encode_IntoBufferWriter_WritesSameBytesAsArray()
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (GoldenVectors.Vector vector in GoldenVectors.All())
        {
            PduCodec.Encode(vector.Build(), writer);
        }

        byte[] expected = GoldenVectors.All().SelectMany(v => Hex.Bytes(v.Hex)).ToArray();
        Assert.That(Hex.Of(writer.WrittenSpan), Is.EqualTo(Hex.Of(expected)));
    }

    [TestCase("source_addr", 21)]
    [TestCase("system_id", 16)]
    public void Encode_FieldBeyondSpecMaximum_ThrowsArgumentException(string field, int length)
    {
        string value = new('1', length);
        Pdu pdu = field == "source_addr"
            ? new SubmitSm { SourceAddr = value }
            : new BindTransmitter { SystemId = value };

        Assert.That(() => PduCodec.Encode(pdu), Throws.ArgumentException.With.Message.Contains(field));
    }

    [Test]
    public void Encode_ShortMessageOver254Octets_ThrowsArgumentException()
    {
        var pdu = new SubmitSm { ShortMessage = new byte[255] };

        Assert.That(() => PduCodec.Encode(pdu), Throws.ArgumentException.With.Message.Contains("254"));
    }

    [Test]
    public void Encode_TimeFieldOfWrongLength_ThrowsArgumentException()
    {
        var pdu = new SubmitSm { ValidityPeriod = "0001" };

        Assert.That(() => PduCodec.Encode(pdu), Throws.ArgumentException.With.Message.Contains("validity_period"));
    }
}
