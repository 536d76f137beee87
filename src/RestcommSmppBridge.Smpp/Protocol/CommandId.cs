namespace RestcommSmppBridge.Smpp.Protocol;

/// <summary>SMPP 3.4 <c>command_id</c> values (§5.1.2.1). Responses carry the request id with bit 31 set.</summary>
public enum CommandId : uint
{
    /// <summary>generic_nack (0x80000000).</summary>
    GenericNack = 0x80000000,

    /// <summary>bind_receiver (0x00000001).</summary>
    BindReceiver = 0x00000001,

    /// <summary>bind_receiver_resp (0x80000001).</summary>
    BindReceiverResp = 0x80000001,

    /// <summary>bind_transmitter (0x00000002).</summary>
    BindTransmitter = 0x00000002,

    /// <summary>bind_transmitter_resp (0x80000002).</summary>
    BindTransmitterResp = 0x80000002,

    /// <summary>query_sm (0x00000003).</summary>
    QuerySm = 0x00000003,

    /// <summary>query_sm_resp (0x80000003).</summary>
    QuerySmResp = 0x80000003,

    /// <summary>submit_sm (0x00000004).</summary>
    SubmitSm = 0x00000004,

    /// <summary>submit_sm_resp (0x80000004).</summary>
    SubmitSmResp = 0x80000004,

    /// <summary>deliver_sm (0x00000005).</summary>
    DeliverSm = 0x00000005,

    /// <summary>deliver_sm_resp (0x80000005).</summary>
    DeliverSmResp = 0x80000005,

    /// <summary>unbind (0x00000006).</summary>
    Unbind = 0x00000006,

    /// <summary>unbind_resp (0x80000006).</summary>
    UnbindResp = 0x80000006,

    /// <summary>replace_sm (0x00000007).</summary>
    ReplaceSm = 0x00000007,

    /// <summary>replace_sm_resp (0x80000007).</summary>
    ReplaceSmResp = 0x80000007,

    /// <summary>cancel_sm (0x00000008).</summary>
    CancelSm = 0x00000008,

    /// <summary>cancel_sm_resp (0x80000008).</summary>
    CancelSmResp = 0x80000008,

    /// <summary>bind_transceiver (0x00000009).</summary>
    BindTransceiver = 0x00000009,

    /// <summary>bind_transceiver_resp (0x80000009).</summary>
    BindTransceiverResp = 0x80000009,

    /// <summary>outbind (0x0000000B). Has no response; the ESME answers with bind_receiver.</summary>
    Outbind = 0x0000000B,

    /// <summary>enquire_link (0x00000015).</summary>
    EnquireLink = 0x00000015,

    /// <summary>enquire_link_resp (0x80000015).</summary>
    EnquireLinkResp = 0x80000015,

    /// <summary>submit_multi (0x00000021).</summary>
    SubmitMulti = 0x00000021,

    /// <summary>submit_multi_resp (0x80000021).</summary>
    SubmitMultiResp = 0x80000021,

    /// <summary>alert_notification (0x00000102). Has no response.</summary>
    AlertNotification = 0x00000102,

    /// <summary>data_sm (0x00000103).</summary>
    DataSm = 0x00000103,

    /// <summary>data_sm_resp (0x80000103).</summary>
    DataSmResp = 0x80000103,
}

/// <summary>Helpers over <see cref="CommandId"/>.</summary>
public static class CommandIds
{
    /// <summary>The bit that marks a response <c>command_id</c>.</summary>
    public const uint ResponseBit = 0x80000000;

    /// <summary>True when <paramref name="id"/> is a response (bit 31 set), generic_nack included.</summary>
    public static bool IsResponse(this CommandId id) => ((uint)id & ResponseBit) != 0;

    /// <summary>The response id paired with a request id (generic_nack for requests without a response).</summary>
    public static CommandId ToResponse(this CommandId id) => (CommandId)((uint)id | ResponseBit);

    /// <summary>True for the command ids SMPP 3.4 defines.</summary>
    public static bool IsDefined(uint id) => id switch
    {
        0x80000000 or 0x00000001 or 0x80000001 or 0x00000002 or 0x80000002 or 0x00000003 or 0x80000003
        or 0x00000004 or 0x80000004 or 0x00000005 or 0x80000005 or 0x00000006 or 0x80000006
        or 0x00000007 or 0x80000007 or 0x00000008 or 0x80000008 or 0x00000009 or 0x80000009
        or 0x0000000B or 0x00000015 or 0x80000015 or 0x00000021 or 0x80000021 or 0x00000102
        or 0x00000103 or 0x80000103 => true,
        _ => false,
    };
}
