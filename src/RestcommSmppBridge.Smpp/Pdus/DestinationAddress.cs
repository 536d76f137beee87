using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// One dest_address entry of submit_multi (SMPP 3.4 §4.5.1.1): an SME address (dest_flag 1) or a distribution list
/// name (dest_flag 2).
/// </summary>
public sealed record DestinationAddress
{
    /// <summary>dest_flag value for an SME address.</summary>
    public const byte SmeAddressFlag = 1;

    /// <summary>dest_flag value for a distribution list.</summary>
    public const byte DistributionListFlag = 2;

    /// <summary>dest_flag: 1 SME address, 2 distribution list.</summary>
    public byte DestFlag { get; init; } = SmeAddressFlag;

    /// <summary>dest_addr_ton (SME address only).</summary>
    public TypeOfNumber DestAddrTon { get; init; }

    /// <summary>dest_addr_npi (SME address only).</summary>
    public NumberingPlan DestAddrNpi { get; init; }

    /// <summary>destination_addr (SME address only, at most 20 characters).</summary>
    public string DestinationAddr { get; init; } = string.Empty;

    /// <summary>dl_name (distribution list only, at most 20 characters).</summary>
    public string DlName { get; init; } = string.Empty;

    /// <summary>An SME address entry.</summary>
    public static DestinationAddress Sme(TypeOfNumber ton, NumberingPlan npi, string address) =>
        new() { DestFlag = SmeAddressFlag, DestAddrTon = ton, DestAddrNpi = npi, DestinationAddr = address };

    /// <summary>A distribution list entry.</summary>
    public static DestinationAddress DistributionList(string name) =>
        new() { DestFlag = DistributionListFlag, DlName = name };
}
