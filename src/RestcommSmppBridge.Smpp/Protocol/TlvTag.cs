namespace RestcommSmppBridge.Smpp.Protocol;

/// <summary>
/// SMPP 3.4 optional parameter tags (§5.3.2). Tags 0x1400–0x3FFF are reserved for SMSC vendors and are kept raw.
/// Values not listed here are carried as unknown tags and written back unchanged.
/// </summary>
public enum TlvTag : ushort
{
    /// <summary>dest_addr_subunit (0x0005), u8.</summary>
    DestAddrSubunit = 0x0005,

    /// <summary>dest_network_type (0x0006), u8.</summary>
    DestNetworkType = 0x0006,

    /// <summary>dest_bearer_type (0x0007), u8.</summary>
    DestBearerType = 0x0007,

    /// <summary>dest_telematics_id (0x0008), u16.</summary>
    DestTelematicsId = 0x0008,

    /// <summary>source_addr_subunit (0x000D), u8.</summary>
    SourceAddrSubunit = 0x000D,

    /// <summary>source_network_type (0x000E), u8.</summary>
    SourceNetworkType = 0x000E,

    /// <summary>source_bearer_type (0x000F), u8.</summary>
    SourceBearerType = 0x000F,

    /// <summary>source_telematics_id (0x0010), u8.</summary>
    SourceTelematicsId = 0x0010,

    /// <summary>qos_time_to_live (0x0017), u32.</summary>
    QosTimeToLive = 0x0017,

    /// <summary>payload_type (0x0019), u8.</summary>
    PayloadType = 0x0019,

    /// <summary>additional_status_info_text (0x001D), C-string of at most 256 octets.</summary>
    AdditionalStatusInfoText = 0x001D,

    /// <summary>receipted_message_id (0x001E), C-string of at most 65 octets.</summary>
    ReceiptedMessageId = 0x001E,

    /// <summary>ms_msg_wait_facilities (0x0030), u8.</summary>
    MsMsgWaitFacilities = 0x0030,

    /// <summary>privacy_indicator (0x0201), u8.</summary>
    PrivacyIndicator = 0x0201,

    /// <summary>source_subaddress (0x0202), 2–23 octets.</summary>
    SourceSubaddress = 0x0202,

    /// <summary>dest_subaddress (0x0203), 2–23 octets.</summary>
    DestSubaddress = 0x0203,

    /// <summary>user_message_reference (0x0204), u16.</summary>
    UserMessageReference = 0x0204,

    /// <summary>user_response_code (0x0205), u8.</summary>
    UserResponseCode = 0x0205,

    /// <summary>source_port (0x020A), u16.</summary>
    SourcePort = 0x020A,

    /// <summary>destination_port (0x020B), u16.</summary>
    DestinationPort = 0x020B,

    /// <summary>sar_msg_ref_num (0x020C), u16.</summary>
    SarMsgRefNum = 0x020C,

    /// <summary>language_indicator (0x020D), u8.</summary>
    LanguageIndicator = 0x020D,

    /// <summary>sar_total_segments (0x020E), u8.</summary>
    SarTotalSegments = 0x020E,

    /// <summary>sar_segment_seqnum (0x020F), u8, 1-based.</summary>
    SarSegmentSeqnum = 0x020F,

    /// <summary>sc_interface_version (0x0210), u8; sent in bind_*_resp.</summary>
    ScInterfaceVersion = 0x0210,

    /// <summary>callback_num_pres_ind (0x0302), u8.</summary>
    CallbackNumPresInd = 0x0302,

    /// <summary>callback_num_atag (0x0303), at most 65 octets.</summary>
    CallbackNumAtag = 0x0303,

    /// <summary>number_of_messages (0x0304), u8.</summary>
    NumberOfMessages = 0x0304,

    /// <summary>callback_num (0x0381), 4–19 octets.</summary>
    CallbackNum = 0x0381,

    /// <summary>dpf_result (0x0420), u8.</summary>
    DpfResult = 0x0420,

    /// <summary>set_dpf (0x0421), u8.</summary>
    SetDpf = 0x0421,

    /// <summary>ms_availability_status (0x0422), u8; alert_notification.</summary>
    MsAvailabilityStatus = 0x0422,

    /// <summary>network_error_code (0x0423), 3 octets: network type, then a u16 error code.</summary>
    NetworkErrorCode = 0x0423,

    /// <summary>message_payload (0x0424), up to 64 KiB; excludes short_message.</summary>
    MessagePayload = 0x0424,

    /// <summary>delivery_failure_reason (0x0425), u8; data_sm_resp.</summary>
    DeliveryFailureReason = 0x0425,

    /// <summary>more_messages_to_send (0x0426), u8.</summary>
    MoreMessagesToSend = 0x0426,

    /// <summary>message_state (0x0427), u8 (§5.2.28).</summary>
    MessageState = 0x0427,

    /// <summary>ussd_service_op (0x0501), u8.</summary>
    UssdServiceOp = 0x0501,

    /// <summary>display_time (0x1201), u8.</summary>
    DisplayTime = 0x1201,

    /// <summary>sms_signal (0x1203), u16.</summary>
    SmsSignal = 0x1203,

    /// <summary>ms_validity (0x1204), u8.</summary>
    MsValidity = 0x1204,

    /// <summary>alert_on_message_delivery (0x130C), no value.</summary>
    AlertOnMessageDelivery = 0x130C,

    /// <summary>its_reply_type (0x1380), u8.</summary>
    ItsReplyType = 0x1380,

    /// <summary>its_session_info (0x1383), u16.</summary>
    ItsSessionInfo = 0x1383,
}

/// <summary>Facts about TLV tags: the spec size of each known tag and the vendor range.</summary>
public static class TlvTags
{
    /// <summary>First tag of the range reserved for SMSC vendors.</summary>
    public const ushort VendorRangeStart = 0x1400;

    /// <summary>Last tag of the range reserved for SMSC vendors.</summary>
    public const ushort VendorRangeEnd = 0x3FFF;

    /// <summary>Largest message_payload value we accept (SMPP 3.4 §5.3.2.32: up to 64 KiB).</summary>
    public const int MaxMessagePayload = 65535;

    /// <summary>True for tags in the vendor-specific range 0x1400–0x3FFF.</summary>
    public static bool IsVendorSpecific(ushort tag) => tag is >= VendorRangeStart and <= VendorRangeEnd;

    /// <summary>The spec name of a tag (<c>sar_msg_ref_num</c>), or <c>0xNNNN</c> for unknown and vendor tags.</summary>
    public static string ToSpecName(ushort tag) => (TlvTag)tag switch
    {
        TlvTag.DestAddrSubunit => "dest_addr_subunit",
        TlvTag.DestNetworkType => "dest_network_type",
        TlvTag.DestBearerType => "dest_bearer_type",
        TlvTag.DestTelematicsId => "dest_telematics_id",
        TlvTag.SourceAddrSubunit => "source_addr_subunit",
        TlvTag.SourceNetworkType => "source_network_type",
        TlvTag.SourceBearerType => "source_bearer_type",
        TlvTag.SourceTelematicsId => "source_telematics_id",
        TlvTag.QosTimeToLive => "qos_time_to_live",
        TlvTag.PayloadType => "payload_type",
        TlvTag.AdditionalStatusInfoText => "additional_status_info_text",
        TlvTag.ReceiptedMessageId => "receipted_message_id",
        TlvTag.MsMsgWaitFacilities => "ms_msg_wait_facilities",
        TlvTag.PrivacyIndicator => "privacy_indicator",
        TlvTag.SourceSubaddress => "source_subaddress",
        TlvTag.DestSubaddress => "dest_subaddress",
        TlvTag.UserMessageReference => "user_message_reference",
        TlvTag.UserResponseCode => "user_response_code",
        TlvTag.SourcePort => "source_port",
        TlvTag.DestinationPort => "destination_port",
        TlvTag.SarMsgRefNum => "sar_msg_ref_num",
        TlvTag.LanguageIndicator => "language_indicator",
        TlvTag.SarTotalSegments => "sar_total_segments",
        TlvTag.SarSegmentSeqnum => "sar_segment_seqnum",
        TlvTag.ScInterfaceVersion => "sc_interface_version",
        TlvTag.CallbackNumPresInd => "callback_num_pres_ind",
        TlvTag.CallbackNumAtag => "callback_num_atag",
        TlvTag.NumberOfMessages => "number_of_messages",
        TlvTag.CallbackNum => "callback_num",
        TlvTag.DpfResult => "dpf_result",
        TlvTag.SetDpf => "set_dpf",
        TlvTag.MsAvailabilityStatus => "ms_availability_status",
        TlvTag.NetworkErrorCode => "network_error_code",
        TlvTag.MessagePayload => "message_payload",
        TlvTag.DeliveryFailureReason => "delivery_failure_reason",
        TlvTag.MoreMessagesToSend => "more_messages_to_send",
        TlvTag.MessageState => "message_state",
        TlvTag.UssdServiceOp => "ussd_service_op",
        TlvTag.DisplayTime => "display_time",
        TlvTag.SmsSignal => "sms_signal",
        TlvTag.MsValidity => "ms_validity",
        TlvTag.AlertOnMessageDelivery => "alert_on_message_delivery",
        TlvTag.ItsReplyType => "its_reply_type",
        TlvTag.ItsSessionInfo => "its_session_info",
        _ => "0x" + tag.ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The legal value length range of a known tag, inclusive (SMPP 3.4 §5.3.2). Unknown and vendor tags accept any
    /// length. C-string values include their NUL in the maximum.
    /// </summary>
    public static (int Min, int Max) GetLengthRange(ushort tag) => (TlvTag)tag switch
    {
        TlvTag.DestAddrSubunit or TlvTag.DestNetworkType or TlvTag.DestBearerType or TlvTag.SourceAddrSubunit
            or TlvTag.SourceNetworkType or TlvTag.SourceBearerType or TlvTag.SourceTelematicsId
            or TlvTag.PayloadType or TlvTag.MsMsgWaitFacilities or TlvTag.PrivacyIndicator
            or TlvTag.UserResponseCode or TlvTag.LanguageIndicator or TlvTag.SarTotalSegments
            or TlvTag.SarSegmentSeqnum or TlvTag.ScInterfaceVersion or TlvTag.CallbackNumPresInd
            or TlvTag.NumberOfMessages or TlvTag.DpfResult or TlvTag.SetDpf or TlvTag.MsAvailabilityStatus
            or TlvTag.DeliveryFailureReason or TlvTag.MoreMessagesToSend or TlvTag.MessageState
            or TlvTag.UssdServiceOp or TlvTag.DisplayTime or TlvTag.MsValidity or TlvTag.ItsReplyType => (1, 1),
        TlvTag.DestTelematicsId or TlvTag.UserMessageReference or TlvTag.SourcePort or TlvTag.DestinationPort
            or TlvTag.SarMsgRefNum or TlvTag.SmsSignal or TlvTag.ItsSessionInfo => (2, 2),
        TlvTag.QosTimeToLive => (4, 4),
        TlvTag.NetworkErrorCode => (3, 3),
        TlvTag.AlertOnMessageDelivery => (0, 0),
        TlvTag.AdditionalStatusInfoText => (1, 256),
        TlvTag.ReceiptedMessageId => (1, 65),
        TlvTag.SourceSubaddress or TlvTag.DestSubaddress => (2, 23),
        TlvTag.CallbackNumAtag => (0, 65),
        TlvTag.CallbackNum => (4, 19),
        TlvTag.MessagePayload => (0, MaxMessagePayload),
        _ => (0, ushort.MaxValue),
    };
}
