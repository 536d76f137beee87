namespace RestcommSmppBridge.Carriers;

/// <summary>How a carrier's MO source and destination addresses are stored (<c>Bridge:Carriers:N:InboundAddressFormat</c>).</summary>
public enum InboundAddressFormat
{
    /// <summary>
    /// An all-digit address with TON 1 (international, SMPP 3.4 §5.2.5) gets the '+' the SMSC leaves out, so it reads
    /// as E.164, the form Restcomm applications and IncomingPhoneNumbers use. Any other address is kept as received.
    /// </summary>
    E164,

    /// <summary>The address is kept exactly as the SMSC sent it.</summary>
    AsReceived,
}

/// <summary>Parsing of <see cref="InboundAddressFormat"/> settings, shared by the validator and <see cref="CarrierProfile"/>.</summary>
internal static class InboundAddressFormats
{
    public const string Names = "E164, AsReceived";

    /// <summary>Reads a setting, case-insensitively; null or empty is <see cref="InboundAddressFormat.E164"/>.</summary>
    public static bool TryParse(string? value, out InboundAddressFormat format)
    {
        format = InboundAddressFormat.E164;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "E164":
                return true;
            case "ASRECEIVED":
                format = InboundAddressFormat.AsReceived;
                return true;
            default:
                return false;
        }
    }
}
