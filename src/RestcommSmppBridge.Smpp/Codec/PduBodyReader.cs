using System.Buffers.Binary;
using System.Text;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Codec;

/// <summary>
/// Reads the body of one framed PDU. Never reads past the PDU: every read is bounded by what is left of the body.
/// The first fault is sticky: later reads return defaults, and the decoder checks <see cref="Failed"/> once at the
/// end, so a malformed PDU costs no exception on the read path (a fuzzer feeds millions of them).
/// </summary>
internal ref struct PduBodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    public PduBodyReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
        ErrorStatus = CommandStatus.Ok;
        ErrorMessage = null;
    }

    public readonly bool Failed => ErrorMessage is not null;

    public CommandStatus ErrorStatus { get; private set; }

    public string? ErrorMessage { get; private set; }

    public readonly int Remaining => _body.Length - _position;

    public readonly int Position => _position;

    public readonly ReadOnlySpan<byte> Rest => _body[_position..];

    /// <summary>Records the first fault; later faults are consequences of the first and are ignored.</summary>
    public void Fail(CommandStatus status, string message)
    {
        if (ErrorMessage is null)
        {
            ErrorStatus = status;
            ErrorMessage = message;
        }

        _position = _body.Length;
    }

    public byte ReadByte(string field)
    {
        if (_position >= _body.Length)
        {
            Fail(CommandStatus.InvalidCommandLength, $"PDU body ends before {field}");
            return 0;
        }

        return _body[_position++];
    }

    public ushort ReadUInt16(string field)
    {
        if (Remaining < 2)
        {
            Fail(CommandStatus.InvalidCommandLength, $"PDU body ends before {field}");
            return 0;
        }

        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32(string field)
    {
        if (Remaining < 4)
        {
            Fail(CommandStatus.InvalidCommandLength, $"PDU body ends before {field}");
            return 0;
        }

        uint value = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>
    /// Reads a C-Octet String of at most <paramref name="maxWithNul"/> octets including its NUL (SMPP 3.4 §3.1).
    /// A value with no NUL inside its maximum is answered with <paramref name="tooLongStatus"/>; a body that ends before
    /// the NUL is a length fault (0x02). Octets are mapped 1:1 to chars (Latin-1) so nothing is lost.
    /// </summary>
    public string ReadCString(int maxWithNul, CommandStatus tooLongStatus, string field)
    {
        if (Failed)
        {
            return string.Empty;
        }

        ReadOnlySpan<byte> rest = _body[_position..];
        int window = Math.Min(maxWithNul, rest.Length);
        int nul = rest[..window].IndexOf((byte)0);
        if (nul < 0)
        {
            if (rest.Length < maxWithNul)
            {
                Fail(CommandStatus.InvalidCommandLength, $"PDU body ends inside {field}");
            }
            else
            {
                Fail(tooLongStatus, $"{field} is longer than {maxWithNul - 1} octets");
            }

            return string.Empty;
        }

        _position += nul + 1;
        return nul == 0 ? string.Empty : Encoding.Latin1.GetString(rest[..nul]);
    }

    /// <summary>
    /// Reads a time field (schedule_delivery_time, validity_period, final_date): a C-string of exactly 0 or 16
    /// characters (SMPP 3.4 §7.1.1). Its content is validated by <c>SmppTime</c>, not here.
    /// </summary>
    public string ReadTime(CommandStatus invalidStatus, string field)
    {
        string value = ReadCString(17, invalidStatus, field);
        if (value.Length is not 0 and not 16 && !Failed)
        {
            Fail(invalidStatus, $"{field} must be empty or 16 characters, got {value.Length}");
            return string.Empty;
        }

        return value;
    }

    public byte[] ReadOctets(int length, CommandStatus shortStatus, string field)
    {
        if (Failed)
        {
            return [];
        }

        if (length > Remaining)
        {
            Fail(shortStatus, $"{field} declares {length} octets but only {Remaining} remain");
            return [];
        }

        byte[] value = length == 0 ? [] : _body.Slice(_position, length).ToArray();
        _position += length;
        return value;
    }
}
