using System.Buffers;
using BenchmarkDotNet.Attributes;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Pdus;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>The PDUs measured by <see cref="PduCodecBenchmarks"/>.</summary>
public enum PduSample
{
    /// <summary>submit_sm, 27-septet GSM text, data_coding 0.</summary>
    SubmitGsm,

    /// <summary>submit_sm, 30-character Cyrillic text in UCS-2, data_coding 0x08.</summary>
    SubmitUcs2,

    /// <summary>submit_sm, GSM text plus sar_msg_ref_num, sar_total_segments, sar_segment_seqnum, user_message_reference.</summary>
    SubmitSarTlvs,

    /// <summary>deliver_sm (MO), 27-septet GSM text.</summary>
    DeliverGsm,

    /// <summary>deliver_sm (MO), 30-character Cyrillic text in UCS-2.</summary>
    DeliverUcs2,

    /// <summary>deliver_sm delivery receipt with receipted_message_id, message_state and network_error_code.</summary>
    DeliverReceipt,

    /// <summary>enquire_link: header only.</summary>
    EnquireLink,
}

/// <summary>
/// Framing, decoding and encoding of the PDUs on the hot path of every session (issue target: submit_sm decode and
/// encode under 250 ns each; encode into a span allocates nothing, decode allocates only the PDU and what it keeps).
/// </summary>
[MemoryDiagnoser]
public class PduCodecBenchmarks
{
    private readonly PduCodecOptions _options = PduCodecOptions.Default;
    private Pdu _pdu = null!;
    private ReadOnlySequence<byte> _singleSegment;
    private ReadOnlySequence<byte> _threeSegments;
    private byte[] _destination = null!;
    private ArrayBufferWriter<byte> _writer = null!;

    /// <summary>The PDU under test.</summary>
    [ParamsAllValues]
    public PduSample Pdu { get; set; }

    /// <summary>Builds the PDU, its wire form (contiguous and in three segments) and the encode targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _pdu = Pdu switch
        {
            PduSample.SubmitGsm => SampleData.SubmitGsm(),
            PduSample.SubmitUcs2 => SampleData.SubmitUcs2(),
            PduSample.SubmitSarTlvs => SampleData.SubmitSarTlvs(),
            PduSample.DeliverGsm => SampleData.DeliverGsm(),
            PduSample.DeliverUcs2 => SampleData.DeliverUcs2(),
            PduSample.DeliverReceipt => SampleData.DeliverReceipt(),
            _ => SampleData.EnquireLink(),
        };

        byte[] wire = PduCodec.Encode(_pdu);
        _singleSegment = new ReadOnlySequence<byte>(wire);
        _threeSegments = SampleData.Segmented(wire, 3);
        _destination = new byte[wire.Length];
        _writer = new ArrayBufferWriter<byte>(512);

        // Fail the run rather than measure a decode that does not produce the PDU.
        Check(Decode(), wire.Length);
        Check(DecodeThreeSegments(), wire.Length);
    }

    /// <summary>Decodes the frame from a single-segment sequence: the common case, no copy.</summary>
    [Benchmark]
    public Pdu? Decode()
    {
        ReadOnlySequence<byte> buffer = _singleSegment;
        PduCodec.TryDecode(ref buffer, _options, out Pdu? pdu, out _);
        return pdu;
    }

    /// <summary>Decodes the frame from three segments: the frame is first copied to the stack.</summary>
    [Benchmark]
    public Pdu? DecodeThreeSegments()
    {
        ReadOnlySequence<byte> buffer = _threeSegments;
        PduCodec.TryDecode(ref buffer, _options, out Pdu? pdu, out _);
        return pdu;
    }

    /// <summary>Encodes into a pre-allocated array: nothing should be allocated.</summary>
    [Benchmark]
    public int EncodeToSpan() => PduCodec.Encode(_pdu, _destination.AsSpan());

    /// <summary>Encodes into a reused <see cref="ArrayBufferWriter{T}"/>, as the session writer does.</summary>
    [Benchmark]
    public int EncodeToBufferWriter()
    {
        _writer.ResetWrittenCount();
        return PduCodec.Encode(_pdu, _writer);
    }

    private void Check(Pdu? decoded, int length)
    {
        if (decoded is null || decoded.GetType() != _pdu.GetType() || PduCodec.GetEncodedLength(decoded) != length)
        {
            throw new InvalidOperationException($"{Pdu} did not decode back to the PDU it was encoded from.");
        }
    }
}
