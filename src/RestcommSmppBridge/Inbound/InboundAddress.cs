using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Inbound;

/// <summary>The form in which an MO's source and destination are stored, sent to the app and listed by the API.</summary>
internal static class InboundAddress
{
    /// <summary>
    /// With <see cref="InboundAddressFormat.E164"/>, an all-digit address whose TON is international gets its '+':
    /// SMPP 3.4 §5.2.5 carries the international prefix in the TON, so the digits alone are what an SMSC sends, while
    /// Restcomm apps and IncomingPhoneNumbers write E.164 with '+'. Anything else (a '+' already there, national or
    /// unknown TON, alphanumeric senders, short codes) is kept as received; so is everything with
    /// <see cref="InboundAddressFormat.AsReceived"/>.
    /// </summary>
    public static string Present(string address, TypeOfNumber ton, InboundAddressFormat format)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (format != InboundAddressFormat.E164 || ton != TypeOfNumber.International || address.Length == 0
            || address.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return address;
        }

        return "+" + address;
    }
}
