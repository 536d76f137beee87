using System.Text;
using BenchmarkDotNet.Attributes;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Benchmarks;

/// <summary>Delivery receipt parsing: Appendix B text alone, text plus TLVs from a decoded PDU, and id matching.</summary>
[MemoryDiagnoser]
public class ReceiptBenchmarks
{
    private byte[] _text = [];
    private DeliverSm _pdu = null!;
    private DeliveryReceipt _receipt = null!;
    private readonly MessageIdMatchOptions _hexToDecimal = new()
    {
        SubmitResponseFormat = MessageIdFormat.Hexadecimal,
        ReceiptTextFormat = MessageIdFormat.Decimal,
        ReceiptedMessageIdFormat = MessageIdFormat.Hexadecimal,
    };

    [GlobalSetup]
    public void Setup()
    {
        _text = Encoding.ASCII.GetBytes(SampleData.ReceiptText);
        _pdu = SampleData.DeliverReceipt();
        if (!DeliveryReceiptParser.TryParse(_pdu, out DeliveryReceipt? receipt))
        {
            throw new InvalidOperationException("the sample receipt does not parse");
        }

        _receipt = receipt;
    }

    [Benchmark]
    public DeliveryReceipt? ParseText() =>
        DeliveryReceiptParser.TryParse(_text, 0x00, null, null, default, out DeliveryReceipt? receipt) ? receipt : null;

    [Benchmark]
    public DeliveryReceipt? ParsePduWithTlvs() =>
        DeliveryReceiptParser.TryParse(_pdu, out DeliveryReceipt? receipt) ? receipt : null;

    [Benchmark]
    public bool MatchHexResponseToReceipt() => MessageIdNormalizer.Matches(SampleData.ReceiptMessageId, _receipt, _hexToDecimal);
}
