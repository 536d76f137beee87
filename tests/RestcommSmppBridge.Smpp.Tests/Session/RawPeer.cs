using System.Buffers;
using System.IO.Pipelines;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Pdus;

namespace RestcommSmppBridge.Smpp.Tests.Session;

/// <summary>The far end of an in-memory connection driven PDU by PDU, to send what a real session never would.</summary>
public sealed class RawPeer
{
    private readonly IDuplexPipe _pipe;

    public RawPeer(IDuplexPipe pipe) => _pipe = pipe;

    public async Task SendAsync(Pdu pdu) => await _pipe.Output.WriteAsync(PduCodec.Encode(pdu));

    public async Task SendRawAsync(string hex) => await _pipe.Output.WriteAsync(Convert.FromHexString(hex));

    public async Task<Pdu> ReceiveAsync()
    {
        while (true)
        {
            ReadResult result = await _pipe.Input.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (PduCodec.TryReadPdu(ref buffer, PduCodecOptions.Default, out Pdu? pdu))
            {
                _pipe.Input.AdvanceTo(buffer.Start);
                return pdu;
            }

            _pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("the session closed the connection");
            }
        }
    }
}
