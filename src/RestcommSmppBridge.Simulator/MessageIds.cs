using System.Globalization;

namespace RestcommSmppBridge.Simulator;

/// <summary>
/// One message id, written the way each place asks: the response and the receipt share the number (or UUID), so a
/// hex response id and a decimal receipt id name the same message, as at carriers that do this (smpp.md P1).
/// </summary>
internal readonly record struct MessageIdPair(string ResponseId, string ReceiptId);

/// <summary>Hands out message ids: a 64-bit counter, or UUIDs from the simulator's seeded random source.</summary>
internal sealed class MessageIdGenerator
{
    private readonly MessageIdOptions _response;
    private readonly MessageIdOptions _receipt;
    private readonly Func<Guid> _newGuid;
    private long _counter;

    /// <param name="response">Format of submit_sm_resp ids.</param>
    /// <param name="receipt">Format of receipt ids.</param>
    /// <param name="first">The first number; a value whose hex and decimal forms differ shows mismatches at once.</param>
    /// <param name="newGuid">UUID source.</param>
    public MessageIdGenerator(MessageIdOptions response, MessageIdOptions receipt, ulong first, Func<Guid> newGuid)
    {
        _response = response;
        _receipt = receipt;
        _newGuid = newGuid;
        _counter = unchecked((long)first) - 1;
    }

    public MessageIdPair Next()
    {
        ulong number = unchecked((ulong)Interlocked.Increment(ref _counter));
        Guid? guid = _response.Style == MessageIdStyle.Uuid || _receipt.Style == MessageIdStyle.Uuid ? _newGuid() : null;
        return new MessageIdPair(Format(number, guid, _response), Format(number, guid, _receipt));
    }

    public static string Format(ulong number, Guid? guid, MessageIdOptions options)
    {
        string text = options.Style switch
        {
            MessageIdStyle.Decimal => number.ToString(CultureInfo.InvariantCulture),
            MessageIdStyle.Hex => number.ToString(options.LowerCase ? "x" : "X", CultureInfo.InvariantCulture),
            _ => (guid ?? Guid.Empty).ToString("D"),
        };

        if (options.Style == MessageIdStyle.Uuid)
        {
            return options.LowerCase ? text : text.ToUpperInvariant();
        }

        return options.Width > text.Length ? text.PadLeft(options.Width, '0') : text;
    }
}
