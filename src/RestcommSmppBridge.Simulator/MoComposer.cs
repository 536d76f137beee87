using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Simulator;

/// <summary>
/// Builds mobile-originated deliver_sm PDUs. deliver_sm has the layout of submit_sm (SMPP 3.4 §4.6.1), so the parts
/// are composed by <see cref="MessageComposer"/> (encoding choice, splitting without breaking escapes or surrogates,
/// UDH/SAR/payload) and copied field by field; schedule_delivery_time and validity_period stay empty as §4.6.1 asks.
/// </summary>
public static class MoComposer
{
    /// <summary>Composes <paramref name="text"/> from <paramref name="from"/> to <paramref name="to"/>, part 1 first.</summary>
    /// <exception cref="ArgumentException">The text cannot be sent as asked (not GSM-encodable, too many parts).</exception>
    public static IReadOnlyList<DeliverSm> Compose(string from, string to, string text, MoOptions options,
        ConcatReferenceAllocator references)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Encoding == MoEncoding.Gsm7 && !Gsm7.CanEncode(text))
        {
            throw new ArgumentException("The text has characters outside GSM 03.38; use Auto or Ucs2.", nameof(text));
        }

        var template = new SubmitSm
        {
            SourceAddrTon = Addressing(from, out NumberingPlan fromNpi),
            SourceAddrNpi = fromNpi,
            SourceAddr = from.TrimStart('+'),
            DestAddrTon = Addressing(to, out NumberingPlan toNpi),
            DestAddrNpi = toNpi,
            DestinationAddr = to.TrimStart('+'),
        };
        var compose = new ComposeOptions
        {
            LongMessageMode = options.LongMessageMode,
            Preference = options.Encoding == MoEncoding.Ucs2 ? TextEncodingPreference.Ucs2 : TextEncodingPreference.Auto,
        };
        ComposedMessage composed = MessageComposer.Compose(text, template, compose, references);
        if (!composed.Succeeded)
        {
            throw new ArgumentException(composed.Error, nameof(text));
        }

        var parts = new List<DeliverSm>(composed.Parts.Count);
        foreach (SubmitSm part in composed.Parts)
        {
            var pdu = new DeliverSm
            {
                SourceAddrTon = part.SourceAddrTon,
                SourceAddrNpi = part.SourceAddrNpi,
                SourceAddr = part.SourceAddr,
                DestAddrTon = part.DestAddrTon,
                DestAddrNpi = part.DestAddrNpi,
                DestinationAddr = part.DestinationAddr,
                EsmClass = part.EsmClass,
                DataCoding = part.DataCoding,
                ShortMessage = part.ShortMessage,
            };
            if (part.HasTlvs)
            {
                foreach (Tlv tlv in part.Tlvs)
                {
                    pdu.Tlvs.Add(tlv);
                }
            }

            parts.Add(pdu);
        }

        return parts;
    }

    /// <summary>smpp.md §5 auto-detection: + and digits → international/ISDN, digits → unknown/ISDN, else alphanumeric.</summary>
    private static TypeOfNumber Addressing(string address, out NumberingPlan npi)
    {
        ReadOnlySpan<char> digits = address.AsSpan().TrimStart('+');
        bool numeric = digits.Length > 0;
        foreach (char c in digits)
        {
            numeric &= char.IsAsciiDigit(c);
        }

        if (!numeric)
        {
            npi = NumberingPlan.Unknown;
            return TypeOfNumber.Alphanumeric;
        }

        npi = NumberingPlan.Isdn;
        return address.StartsWith('+') ? TypeOfNumber.International : TypeOfNumber.Unknown;
    }
}
