using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Tests.Codec;

/// <summary>
/// One hand-written byte vector per SMPP 3.4 PDU type, laid out field by field from the spec (§4) so a reviewer can
/// check each octet. Independent producers' vectors live in Fixtures/Independent.
/// </summary>
public static class GoldenVectors
{
    public sealed record Vector(string Name, Func<Pdu> Build, string Hex)
    {
        public override string ToString() => Name;
    }

    private static readonly byte[] s_hello = "Hello"u8.ToArray();

    public static IEnumerable<Vector> All()
    {
        yield return new("enquire_link", () => new EnquireLink { SequenceNumber = 1 },
            "00000010 00000015 00000000 00000001");
        yield return new("enquire_link_resp", () => new EnquireLinkResp { SequenceNumber = 1 },
            "00000010 80000015 00000000 00000001");
        yield return new("unbind", () => new Unbind { SequenceNumber = 2 },
            "00000010 00000006 00000000 00000002");
        yield return new("unbind_resp", () => new UnbindResp { SequenceNumber = 2 },
            "00000010 80000006 00000000 00000002");
        yield return new("generic_nack", () => new GenericNack { SequenceNumber = 5, CommandStatus = CommandStatus.InvalidCommandId },
            "00000010 80000000 00000003 00000005");
        yield return new("cancel_sm_resp", () => new CancelSmResp { SequenceNumber = 9 },
            "00000010 80000008 00000000 00000009");
        yield return new("replace_sm_resp", () => new ReplaceSmResp { SequenceNumber = 10 },
            "00000010 80000007 00000000 0000000A");

        // system_id "smppclient1", password "password", system_type "", 0x34, TON 1, NPI 1, address_range "".
        const string bindBody = "736D7070636C69656E743100 70617373776F726400 00 34 01 01 00";
        yield return new("bind_transmitter", () => Bind(new BindTransmitter()),
            "0000002A 00000002 00000000 00000001 " + bindBody);
        yield return new("bind_receiver", () => Bind(new BindReceiver()),
            "0000002A 00000001 00000000 00000001 " + bindBody);
        yield return new("bind_transceiver", () => Bind(new BindTransceiver()),
            "0000002A 00000009 00000000 00000001 " + bindBody);

        yield return new("bind_transmitter_resp", () => new BindTransmitterResp { SequenceNumber = 1, SystemId = "SMSC" },
            "00000015 80000002 00000000 00000001 534D534300");
        yield return new("bind_receiver_resp", () => new BindReceiverResp { SequenceNumber = 1, SystemId = "SMSC" },
            "00000015 80000001 00000000 00000001 534D534300");
        yield return new("bind_transceiver_resp_sc_interface_version",
            () => new BindTransceiverResp { SequenceNumber = 1, SystemId = "SMSC", ScInterfaceVersion = 0x34 },
            "0000001A 80000009 00000000 00000001 534D534300 | 0210 0001 34");
        yield return new("bind_transmitter_resp_error_without_body",
            () => new BindTransmitterResp { SequenceNumber = 1, CommandStatus = CommandStatus.InvalidPassword, SystemId = "ignored" },
            "00000010 80000002 0000000E 00000001");

        yield return new("outbind", () => new Outbind { SequenceNumber = 1, SystemId = "SMSC", Password = "pw" },
            "00000018 0000000B 00000000 00000001 534D534300 707700");

        yield return new("submit_sm", () => new SubmitSm
        {
            SequenceNumber = 7,
            SourceAddrTon = TypeOfNumber.International,
            SourceAddrNpi = NumberingPlan.Isdn,
            SourceAddr = "447700900001",
            DestAddrTon = TypeOfNumber.International,
            DestAddrNpi = NumberingPlan.Isdn,
            DestinationAddr = "447700900002",
            RegisteredDelivery = RegisteredDelivery.FinalReceipt,
            ShortMessage = s_hello,
        },
            "0000003E 00000004 00000000 00000007 | 00 | 01 01 34343737303039303030303100 | 01 01 34343737303039303030303200"
            + " | 00 00 00 | 00 | 00 | 01 00 00 00 05 | 48656C6C6F");
        yield return new("submit_sm_resp", () => new SubmitSmResp { SequenceNumber = 7, MessageId = "ABC123" },
            "00000017 80000004 00000000 00000007 41424331323300");
        yield return new("submit_sm_resp_throttled_without_body",
            () => new SubmitSmResp { SequenceNumber = 7, CommandStatus = CommandStatus.Throttled },
            "00000010 80000004 00000058 00000007");

        yield return new("deliver_sm_receipt_tlvs", () =>
        {
            var pdu = new DeliverSm
            {
                SequenceNumber = 3,
                SourceAddrTon = TypeOfNumber.International,
                SourceAddrNpi = NumberingPlan.Isdn,
                SourceAddr = "447700900002",
                DestAddrTon = TypeOfNumber.International,
                DestAddrNpi = NumberingPlan.Isdn,
                DestinationAddr = "447700900001",
                EsmClass = EsmClass.DeliveryReceipt,
                ShortMessage = "id:ABC123 stat:DELIVRD"u8.ToArray(),
            };
            pdu.Tlvs.SetCString(TlvTag.ReceiptedMessageId, "ABC123");
            pdu.Tlvs.SetByte(TlvTag.MessageState, 2);
            return pdu;
        },
            "0000005F 00000005 00000000 00000003 | 00 | 01 01 34343737303039303030303200 | 01 01 34343737303039303030303100"
            + " | 04 00 00 | 00 | 00 | 00 00 00 00 16 | 69643A41424331323320737461743A44454C49565244"
            + " | 001E 0007 41424331323300 | 0427 0001 02");
        yield return new("deliver_sm_resp", () => new DeliverSmResp { SequenceNumber = 3 },
            "00000011 80000005 00000000 00000003 00");

        yield return new("data_sm", () =>
        {
            var pdu = new DataSm
            {
                SequenceNumber = 11,
                SourceAddrTon = TypeOfNumber.International,
                SourceAddrNpi = NumberingPlan.Isdn,
                SourceAddr = "12345",
                DestAddrTon = TypeOfNumber.International,
                DestAddrNpi = NumberingPlan.Isdn,
                DestinationAddr = "67890",
                RegisteredDelivery = RegisteredDelivery.FinalReceipt,
            };
            pdu.Tlvs.Set(TlvTag.MessagePayload, "Hi"u8.ToArray());
            return pdu;
        },
            "0000002A 00000103 00000000 0000000B | 00 | 01 01 313233343500 | 01 01 363738393000 | 00 01 00 | 0424 0002 4869");
        yield return new("data_sm_resp_delivery_failure_keeps_body", () =>
        {
            var pdu = new DataSmResp { SequenceNumber = 11, CommandStatus = CommandStatus.DeliveryFailure, MessageId = "X1" };
            pdu.Tlvs.SetByte(TlvTag.DeliveryFailureReason, 0);
            return pdu;
        },
            "00000018 80000103 000000FE 0000000B | 583100 | 0425 0001 00");

        yield return new("query_sm", () => new QuerySm
        {
            SequenceNumber = 12,
            MessageId = "ABC123",
            SourceAddrTon = TypeOfNumber.International,
            SourceAddrNpi = NumberingPlan.Isdn,
            SourceAddr = "12345",
        },
            "0000001F 00000003 00000000 0000000C | 41424331323300 | 01 01 313233343500");
        yield return new("query_sm_resp", () => new QuerySmResp { SequenceNumber = 12, MessageId = "ABC123", MessageState = 2 },
            "0000001A 80000003 00000000 0000000C | 41424331323300 | 00 | 02 | 00");

        yield return new("cancel_sm", () => new CancelSm
        {
            SequenceNumber = 13,
            MessageId = "ABC123",
            SourceAddrTon = TypeOfNumber.International,
            SourceAddrNpi = NumberingPlan.Isdn,
            SourceAddr = "12345",
            DestAddrTon = TypeOfNumber.International,
            DestAddrNpi = NumberingPlan.Isdn,
            DestinationAddr = "67890",
        },
            "00000028 00000008 00000000 0000000D | 00 | 41424331323300 | 01 01 313233343500 | 01 01 363738393000");

        yield return new("replace_sm", () => new ReplaceSm
        {
            SequenceNumber = 14,
            MessageId = "ABC123",
            SourceAddrTon = TypeOfNumber.International,
            SourceAddrNpi = NumberingPlan.Isdn,
            SourceAddr = "12345",
            ValidityPeriod = "000001000000000R",
            RegisteredDelivery = RegisteredDelivery.FinalReceipt,
            ShortMessage = "new"u8.ToArray(),
        },
            "00000037 00000007 00000000 0000000E | 41424331323300 | 01 01 313233343500 | 00 | 30303030303130303030303030303052 00"
            + " | 01 | 00 | 03 6E6577");

        yield return new("submit_multi", () => new SubmitMulti
        {
            SequenceNumber = 15,
            SourceAddrTon = TypeOfNumber.International,
            SourceAddrNpi = NumberingPlan.Isdn,
            SourceAddr = "12345",
            DestAddresses =
            [
                DestinationAddress.Sme(TypeOfNumber.International, NumberingPlan.Isdn, "67890"),
                DestinationAddress.DistributionList("list1"),
            ],
            ShortMessage = "Hi"u8.ToArray(),
        },
            "00000036 00000021 00000000 0000000F | 00 | 01 01 313233343500 | 02 | 01 01 01 363738393000 | 02 6C6973743100"
            + " | 00 00 00 | 00 | 00 | 00 00 00 00 02 4869");
        yield return new("submit_multi_resp_unsuccess", () => new SubmitMultiResp
        {
            SequenceNumber = 15,
            MessageId = "M1",
            UnsuccessSmes = [new UnsuccessfulSme(TypeOfNumber.International, NumberingPlan.Isdn, "67890", CommandStatus.InvalidDestinationAddress)],
        },
            "00000020 80000021 00000000 0000000F | 4D3100 | 01 | 01 01 363738393000 0000000B");

        yield return new("alert_notification", () =>
        {
            var pdu = new AlertNotification
            {
                SequenceNumber = 16,
                SourceAddrTon = TypeOfNumber.International,
                SourceAddrNpi = NumberingPlan.Isdn,
                SourceAddr = "12345",
                EsmeAddrTon = TypeOfNumber.International,
                EsmeAddrNpi = NumberingPlan.Isdn,
                EsmeAddr = "67890",
            };
            pdu.Tlvs.SetByte(TlvTag.MsAvailabilityStatus, 0);
            return pdu;
        },
            "00000025 00000102 00000000 00000010 | 01 01 313233343500 | 01 01 363738393000 | 0422 0001 00");
    }

    private static BindRequest Bind(BindRequest bind)
    {
        bind.SequenceNumber = 1;
        bind.SystemId = "smppclient1";
        bind.Password = "password";
        bind.AddrTon = TypeOfNumber.International;
        bind.AddrNpi = NumberingPlan.Isdn;
        return bind;
    }
}
