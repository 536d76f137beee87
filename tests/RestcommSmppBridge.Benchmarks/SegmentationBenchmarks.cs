using BenchmarkDotNet.Attributes;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>
/// Long messages: encoding and splitting a 1,000-character text (7 GSM parts, 15 UCS-2 parts), and reassembling a
/// 7-part inbound message.
/// </summary>
[MemoryDiagnoser]
public class SegmentationBenchmarks
{
    private const int TextLength = 1000;
    private const string CarrierId = "carrier-a";

    // Any fixed 8-bit reference: the allocator is not what is measured here.
    private const ushort SplitReference = 0x5A;

    private string _gsmText = null!;
    private string _cyrillicText = null!;
    private byte[][] _inboundParts = null!;
    private Reassembler _reassembler = null!;
    private ushort _nextReference;

    /// <summary>Builds the texts and the seven inbound parts of the GSM text.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _gsmText = SampleData.GsmText(TextLength);
        _cyrillicText = SampleData.CyrillicTextOf(TextLength);

        SplitResult split = EncodeAndSplitGsm();
        _inboundParts = new byte[split.Parts.Count][];
        for (int i = 0; i < _inboundParts.Length; i++)
        {
            _inboundParts[i] = split.Parts[i].Payload.ToArray();
        }

        if (_inboundParts.Length != 7 || EncodeAndSplitUcs2().Parts.Count != 15)
        {
            throw new InvalidOperationException("The sample texts do not split into the part counts described.");
        }

        // One reassembler for the whole run, as in the daemon. Every operation uses a new reference, so every
        // operation starts and completes a message: the 65,536-reference cycle is far longer than the 10,000 completed
        // messages the reassembler remembers for duplicate detection, so no key is ever seen as a resend.
        _reassembler = new Reassembler(TimeProvider.System);
        _nextReference = 0;
        ReassembleSevenParts();
    }

    /// <summary>1,000 GSM characters: auto-select and encode to septets, then split with an 8-bit-reference UDH.</summary>
    [Benchmark]
    public SplitResult EncodeAndSplitGsm()
    {
        EncodedText encoded = SmppText.Encode(_gsmText, TextOptions.Default);
        return MessageSplitter.Split(encoded.Bytes, PayloadKind.Gsm7Septets, LongMessageMode.UdhConcat8, SplitReference);
    }

    /// <summary>1,000 Cyrillic characters: auto-select and encode to UCS-2, then split with an 8-bit-reference UDH.</summary>
    [Benchmark]
    public SplitResult EncodeAndSplitUcs2()
    {
        EncodedText encoded = SmppText.Encode(_cyrillicText, TextOptions.Default);
        return MessageSplitter.Split(encoded.Bytes, PayloadKind.Ucs2, LongMessageMode.UdhConcat8, SplitReference);
    }

    /// <summary>Seven parts in order; the seventh completes the message and returns the joined payload.</summary>
    [Benchmark]
    public ReassemblyResult ReassembleSevenParts()
    {
        ushort reference = _nextReference++;
        byte total = (byte)_inboundParts.Length;
        ReassemblyResult result = null!;
        for (int i = 0; i < _inboundParts.Length; i++)
        {
            var part = new PartInfo(reference, total, (byte)(i + 1));
            result = _reassembler.Add(CarrierId, SampleData.Msisdn, SampleData.ShortCode, part, 0x00, _inboundParts[i]);
        }

        if (result.Status != ReassemblyStatus.Complete)
        {
            throw new InvalidOperationException($"Reference {reference} ended {result.Status}, not Complete.");
        }

        return result;
    }
}
