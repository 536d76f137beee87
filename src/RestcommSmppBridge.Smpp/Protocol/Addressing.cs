namespace RestcommSmppBridge.Smpp.Protocol;

/// <summary>Type of Number (TON), SMPP 3.4 §5.2.5.</summary>
public enum TypeOfNumber : byte
{
    /// <summary>Unknown (0).</summary>
    Unknown = 0,

    /// <summary>International (1): E.164 without the leading '+'.</summary>
    International = 1,

    /// <summary>National (2).</summary>
    National = 2,

    /// <summary>Network specific (3), often short codes.</summary>
    NetworkSpecific = 3,

    /// <summary>Subscriber number (4).</summary>
    SubscriberNumber = 4,

    /// <summary>Alphanumeric (5), at most 11 characters in GSM.</summary>
    Alphanumeric = 5,

    /// <summary>Abbreviated (6).</summary>
    Abbreviated = 6,
}

/// <summary>Numbering Plan Indicator (NPI), SMPP 3.4 §5.2.6.</summary>
public enum NumberingPlan : byte
{
    /// <summary>Unknown (0).</summary>
    Unknown = 0,

    /// <summary>ISDN, E.163/E.164 (1).</summary>
    Isdn = 1,

    /// <summary>Data, X.121 (3).</summary>
    Data = 3,

    /// <summary>Telex, F.69 (4).</summary>
    Telex = 4,

    /// <summary>Land mobile, E.212 (6).</summary>
    LandMobile = 6,

    /// <summary>National (8).</summary>
    National = 8,

    /// <summary>Private (9).</summary>
    Private = 9,

    /// <summary>ERMES (10).</summary>
    Ermes = 10,

    /// <summary>Internet, IP (14).</summary>
    Internet = 14,

    /// <summary>WAP client id (18).</summary>
    WapClientId = 18,
}

/// <summary>esm_class bits (SMPP 3.4 §5.2.12).</summary>
public static class EsmClass
{
    /// <summary>Mask of the message type bits 5–2.</summary>
    public const byte MessageTypeMask = 0x3C;

    /// <summary>Message type: SMSC delivery receipt (0x04), in deliver_sm.</summary>
    public const byte DeliveryReceipt = 0x04;

    /// <summary>Message type: SME delivery acknowledgement (0x08).</summary>
    public const byte SmeDeliveryAck = 0x08;

    /// <summary>Message type: SME manual/user acknowledgement (0x10).</summary>
    public const byte SmeManualAck = 0x10;

    /// <summary>Message type: intermediate delivery notification (0x20).</summary>
    public const byte IntermediateNotification = 0x20;

    /// <summary>GSM feature: UDH indicator (0x40); the message starts with a User Data Header.</summary>
    public const byte UdhIndicator = 0x40;

    /// <summary>GSM feature: reply path (0x80).</summary>
    public const byte ReplyPath = 0x80;

    /// <summary>True when the esm_class marks an SMSC delivery receipt or an intermediate notification.</summary>
    public static bool IsReceipt(byte esmClass) =>
        (esmClass & MessageTypeMask) is DeliveryReceipt or IntermediateNotification;

    /// <summary>True when the UDHI bit is set.</summary>
    public static bool HasUdh(byte esmClass) => (esmClass & UdhIndicator) != 0;
}

/// <summary>registered_delivery bits (SMPP 3.4 §5.2.17).</summary>
public static class RegisteredDelivery
{
    /// <summary>No SMSC delivery receipt.</summary>
    public const byte None = 0x00;

    /// <summary>SMSC delivery receipt on final outcome, success or failure.</summary>
    public const byte FinalReceipt = 0x01;

    /// <summary>SMSC delivery receipt on failure only.</summary>
    public const byte FailureReceipt = 0x02;

    /// <summary>Intermediate notification requested.</summary>
    public const byte IntermediateNotification = 0x10;
}
