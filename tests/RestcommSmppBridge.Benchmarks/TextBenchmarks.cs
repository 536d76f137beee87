using BenchmarkDotNet.Attributes;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>
/// GSM 03.38 and UCS-2 conversions at the single-SMS limits (160 septets, 70 UTF-16 units), and the auto-selection
/// every outbound message goes through. Span overloads write into pre-allocated buffers, so any allocation they show
/// is the library's.
/// </summary>
[MemoryDiagnoser]
public class TextBenchmarks
{
    private const int GsmLength = 160;
    private const int Ucs2Length = 70;

    private string _gsmText = null!;
    private string _cyrillicText = null!;
    private byte[] _septets = null!;
    private byte[] _packed = null!;
    private byte[] _ucs2Bytes = null!;
    private byte[] _septetBuffer = null!;
    private byte[] _packedBuffer = null!;
    private byte[] _ucs2Buffer = null!;

    /// <summary>Builds the texts, their encoded forms and the output buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _gsmText = SampleData.GsmText(GsmLength);
        _cyrillicText = SampleData.CyrillicTextOf(Ucs2Length);
        _septets = Gsm7.EncodeUnpacked(_gsmText);
        _packed = Gsm7.Pack(_septets);
        _ucs2Bytes = Ucs2.Encode(_cyrillicText);
        _septetBuffer = new byte[_septets.Length];
        _packedBuffer = new byte[_packed.Length];
        _ucs2Buffer = new byte[_ucs2Bytes.Length];

        if (_septets.Length != GsmLength || _packed.Length != 140 || _ucs2Bytes.Length != 2 * Ucs2Length
            || SmppText.SelectEncoding(_cyrillicText) != TextKind.Ucs2)
        {
            throw new InvalidOperationException("The sample texts do not have the sizes this benchmark describes.");
        }
    }

    /// <summary>160 characters to unpacked septets, into a span.</summary>
    [Benchmark]
    public int Gsm7EncodeUnpacked() => Gsm7.EncodeUnpacked(_gsmText, _septetBuffer);

    /// <summary>160 unpacked septets to a string.</summary>
    [Benchmark]
    public string Gsm7DecodeUnpacked() => Gsm7.DecodeUnpacked(_septets);

    /// <summary>160 septets packed 8-into-7 (140 octets), into a span.</summary>
    [Benchmark]
    public int Gsm7Pack() => Gsm7.Pack(_septets, 0, _packedBuffer);

    /// <summary>140 packed octets back to 160 septets, into a span.</summary>
    [Benchmark]
    public int Gsm7Unpack() => Gsm7.Unpack(_packed, GsmLength, 0, _septetBuffer);

    /// <summary>70 characters to UTF-16BE, into a span.</summary>
    [Benchmark]
    public int Ucs2Encode() => Ucs2.Encode(_cyrillicText, _ucs2Buffer);

    /// <summary>140 UTF-16BE octets to a string.</summary>
    [Benchmark]
    public string Ucs2Decode() => Ucs2.Decode(_ucs2Bytes);

    /// <summary>Auto-selection on 160 GSM characters: scan, then septets into a new array.</summary>
    [Benchmark]
    public EncodedText SmppTextEncodeGsm() => SmppText.Encode(_gsmText, TextOptions.Default);

    /// <summary>Auto-selection on 70 non-GSM characters: the scan fails, then UCS-2 into a new array.</summary>
    [Benchmark]
    public EncodedText SmppTextEncodeNonGsm() => SmppText.Encode(_cyrillicText, TextOptions.Default);
}
