#!/usr/bin/env python3
"""Cross-check the independent SMPP 3.4 fixtures against a third, minimal reading of the spec.

Run from anywhere (Python 3.8+, standard library only):

    python3 tests/RestcommSmppBridge.Smpp.Tests/Fixtures/Independent/verify-fixtures.py

For every vector in node-smpp.json and libsmpp34.json this script parses "hex" with the
SMPP 3.4 layouts (section 4 of the spec, as summarised in docs/smpp.md section 4) and checks:

* command_length equals the octet count and the "command_length" key; command_id matches "command";
* every C-Octet String is NUL-terminated inside the PDU and within its SMPP 3.4 maximum size;
* time fields are empty or exactly 16 characters;
* the parsed mandatory fields equal "fields" and the parsed TLVs equal "tlvs" (tag, value_hex, name);
* vectors flagged "spec_conformant": false carry a "note".

It also reports vectors whose name exists in both files but whose octets differ.
Exit status 0 when everything holds, 1 otherwise.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ["node-smpp.json", "libsmpp34.json"]

COMMAND_IDS = {
    "generic_nack": 0x80000000, "bind_receiver": 0x00000001, "bind_receiver_resp": 0x80000001,
    "bind_transmitter": 0x00000002, "bind_transmitter_resp": 0x80000002, "query_sm": 0x00000003,
    "query_sm_resp": 0x80000003, "submit_sm": 0x00000004, "submit_sm_resp": 0x80000004,
    "deliver_sm": 0x00000005, "deliver_sm_resp": 0x80000005, "unbind": 0x00000006,
    "unbind_resp": 0x80000006, "replace_sm": 0x00000007, "replace_sm_resp": 0x80000007,
    "cancel_sm": 0x00000008, "cancel_sm_resp": 0x80000008, "bind_transceiver": 0x00000009,
    "bind_transceiver_resp": 0x80000009, "outbind": 0x0000000B, "enquire_link": 0x00000015,
    "enquire_link_resp": 0x80000015, "submit_multi": 0x00000021, "submit_multi_resp": 0x80000021,
    "alert_notification": 0x00000102, "data_sm": 0x00000103, "data_sm_resp": 0x80000103,
}

TLV_NAMES = {
    0x0005: "dest_addr_subunit", 0x0006: "dest_network_type", 0x0007: "dest_bearer_type",
    0x0008: "dest_telematics_id", 0x000D: "source_addr_subunit", 0x000E: "source_network_type",
    0x000F: "source_bearer_type", 0x0010: "source_telematics_id", 0x0017: "qos_time_to_live",
    0x0019: "payload_type", 0x001D: "additional_status_info_text", 0x001E: "receipted_message_id",
    0x0030: "ms_msg_wait_facilities", 0x0201: "privacy_indicator", 0x0202: "source_subaddress",
    0x0203: "dest_subaddress", 0x0204: "user_message_reference", 0x0205: "user_response_code",
    0x020A: "source_port", 0x020B: "destination_port", 0x020C: "sar_msg_ref_num",
    0x020D: "language_indicator", 0x020E: "sar_total_segments", 0x020F: "sar_segment_seqnum",
    0x0210: "sc_interface_version", 0x0302: "callback_num_pres_ind", 0x0303: "callback_num_atag",
    0x0304: "number_of_messages", 0x0381: "callback_num", 0x0420: "dpf_result", 0x0421: "set_dpf",
    0x0422: "ms_availability_status", 0x0423: "network_error_code", 0x0424: "message_payload",
    0x0425: "delivery_failure_reason", 0x0426: "more_messages_to_send", 0x0427: "message_state",
    0x0501: "ussd_service_op", 0x1201: "display_time", 0x1203: "sms_signal", 0x1204: "ms_validity",
    0x130C: "alert_on_message_delivery", 0x1380: "its_reply_type", 0x1383: "its_session_info",
}

# Fixed value lengths of SMPP 3.4 TLVs (section 5.3.2); other tags are variable.
TLV_FIXED_LENGTHS = dict(
    [(t, 1) for t in (0x0005, 0x0006, 0x0007, 0x000D, 0x000E, 0x000F, 0x0010, 0x0019, 0x0030, 0x0201,
                      0x0205, 0x020D, 0x020E, 0x020F, 0x0210, 0x0302, 0x0304, 0x0420, 0x0421, 0x0422,
                      0x0425, 0x0426, 0x0427, 0x0501, 0x1201, 0x1204, 0x1380)]
    + [(t, 2) for t in (0x0008, 0x0204, 0x020A, 0x020B, 0x020C, 0x1203, 0x1383)]
    + [(0x0017, 4), (0x0423, 3), (0x130C, 0)])

# Layout items: (kind, name, size). kind: c = C-Octet String (size = max incl. NUL),
# t = time C-string (1 or 17), i = integer of `size` octets, sm = sm_length + short_message,
# dests = number_of_dests + dest_address list, unsucc = no_unsuccess + unsuccess_sme list.
SM_BODY = [("c", "service_type", 6), ("i", "source_addr_ton", 1), ("i", "source_addr_npi", 1),
           ("c", "source_addr", 21), ("i", "dest_addr_ton", 1), ("i", "dest_addr_npi", 1),
           ("c", "destination_addr", 21), ("i", "esm_class", 1), ("i", "protocol_id", 1),
           ("i", "priority_flag", 1), ("t", "schedule_delivery_time", 17), ("t", "validity_period", 17),
           ("i", "registered_delivery", 1), ("i", "replace_if_present_flag", 1), ("i", "data_coding", 1),
           ("i", "sm_default_msg_id", 1), ("sm", "short_message", 254)]
BIND_BODY = [("c", "system_id", 16), ("c", "password", 9), ("c", "system_type", 13),
             ("i", "interface_version", 1), ("i", "addr_ton", 1), ("i", "addr_npi", 1),
             ("c", "address_range", 41)]
LAYOUTS = {
    "bind_transmitter": BIND_BODY, "bind_receiver": BIND_BODY, "bind_transceiver": BIND_BODY,
    "bind_transmitter_resp": [("c", "system_id", 16)], "bind_receiver_resp": [("c", "system_id", 16)],
    "bind_transceiver_resp": [("c", "system_id", 16)],
    "outbind": [("c", "system_id", 16), ("c", "password", 9)],
    "unbind": [], "unbind_resp": [], "enquire_link": [], "enquire_link_resp": [], "generic_nack": [],
    "cancel_sm_resp": [], "replace_sm_resp": [],
    "submit_sm": SM_BODY, "deliver_sm": SM_BODY,
    "submit_sm_resp": [("c", "message_id", 65)], "deliver_sm_resp": [("c", "message_id", 65)],
    "data_sm": [("c", "service_type", 6), ("i", "source_addr_ton", 1), ("i", "source_addr_npi", 1),
                ("c", "source_addr", 65), ("i", "dest_addr_ton", 1), ("i", "dest_addr_npi", 1),
                ("c", "destination_addr", 65), ("i", "esm_class", 1), ("i", "registered_delivery", 1),
                ("i", "data_coding", 1)],
    "data_sm_resp": [("c", "message_id", 65)],
    "query_sm": [("c", "message_id", 65), ("i", "source_addr_ton", 1), ("i", "source_addr_npi", 1),
                 ("c", "source_addr", 21)],
    "query_sm_resp": [("c", "message_id", 65), ("t", "final_date", 17), ("i", "message_state", 1),
                      ("i", "error_code", 1)],
    "cancel_sm": [("c", "service_type", 6), ("c", "message_id", 65), ("i", "source_addr_ton", 1),
                  ("i", "source_addr_npi", 1), ("c", "source_addr", 21), ("i", "dest_addr_ton", 1),
                  ("i", "dest_addr_npi", 1), ("c", "destination_addr", 21)],
    "replace_sm": [("c", "message_id", 65), ("i", "source_addr_ton", 1), ("i", "source_addr_npi", 1),
                   ("c", "source_addr", 21), ("t", "schedule_delivery_time", 17),
                   ("t", "validity_period", 17), ("i", "registered_delivery", 1),
                   ("i", "sm_default_msg_id", 1), ("sm", "short_message", 254)],
    "submit_multi": [("c", "service_type", 6), ("i", "source_addr_ton", 1), ("i", "source_addr_npi", 1),
                     ("c", "source_addr", 21), ("dests", "dest_address", 0)] + SM_BODY[7:],
    "submit_multi_resp": [("c", "message_id", 65), ("unsucc", "unsuccess_sme", 0)],
    "alert_notification": [("i", "source_addr_ton", 1), ("i", "source_addr_npi", 1), ("c", "source_addr", 65),
                           ("i", "esme_addr_ton", 1), ("i", "esme_addr_npi", 1), ("c", "esme_addr", 65)],
}
# Responses whose body may be absent when command_status != 0.
MAY_OMIT_BODY_ON_ERROR = {"submit_sm_resp", "data_sm_resp", "bind_transmitter_resp", "bind_receiver_resp",
                          "bind_transceiver_resp", "deliver_sm_resp", "submit_multi_resp", "query_sm_resp"}


class Reader:
    def __init__(self, data, end):
        self.data = data
        self.pos = 16
        self.end = end

    def need(self, n, what):
        if self.pos + n > self.end:
            raise ValueError("%s runs past the end of the PDU" % what)

    def int(self, size, what):
        self.need(size, what)
        v = int.from_bytes(self.data[self.pos:self.pos + size], "big")
        self.pos += size
        return v

    def cstring(self, max_size, what):
        nul = self.data.find(b"\x00", self.pos, self.end)
        if nul < 0:
            raise ValueError("%s is not NUL-terminated inside the PDU" % what)
        raw = self.data[self.pos:nul]
        if len(raw) + 1 > max_size:
            raise ValueError("%s is %d octets incl. NUL, max %d" % (what, len(raw) + 1, max_size))
        self.pos = nul + 1
        return raw.decode("ascii")

    def octets(self, n, what):
        self.need(n, what)
        v = self.data[self.pos:self.pos + n]
        self.pos += n
        return v


def parse(command, data, length, status):
    r = Reader(data, length)
    fields = {}
    layout = LAYOUTS[command]
    if status != 0 and length == 16 and layout and command in MAY_OMIT_BODY_ON_ERROR:
        return fields, []
    for kind, name, size in layout:
        if kind == "c":
            fields[name] = r.cstring(size, name)
        elif kind == "t":
            v = r.cstring(size, name)
            if len(v) not in (0, 16):
                raise ValueError("%s must be empty or 16 characters, got %r" % (name, v))
            fields[name] = v
        elif kind == "i":
            fields[name] = r.int(size, name)
        elif kind == "sm":
            n = r.int(1, "sm_length")
            if n > size:
                raise ValueError("sm_length %d > %d" % (n, size))
            fields["sm_length"] = n
            fields["short_message_hex"] = r.octets(n, "short_message").hex()
        elif kind == "dests":
            n = r.int(1, "number_of_dests")
            fields["number_of_dests"] = n
            dests = []
            for _ in range(n):
                flag = r.int(1, "dest_flag")
                if flag == 1:
                    dests.append({"dest_flag": 1, "dest_addr_ton": r.int(1, "dest_addr_ton"),
                                  "dest_addr_npi": r.int(1, "dest_addr_npi"),
                                  "destination_addr": r.cstring(21, "destination_addr")})
                elif flag == 2:
                    dests.append({"dest_flag": 2, "dl_name": r.cstring(21, "dl_name")})
                else:
                    raise ValueError("dest_flag %d" % flag)
            fields["dest_address"] = dests
        elif kind == "unsucc":
            n = r.int(1, "no_unsuccess")
            fields["no_unsuccess"] = n
            fields["unsuccess_sme"] = [
                {"dest_addr_ton": r.int(1, "dest_addr_ton"), "dest_addr_npi": r.int(1, "dest_addr_npi"),
                 "destination_addr": r.cstring(21, "destination_addr"),
                 "error_status_code": r.int(4, "error_status_code")} for _ in range(n)]
    tlvs = []
    while r.pos < length:
        tag = r.int(2, "tlv tag")
        tlv_len = r.int(2, "tlv length")
        tlvs.append((tag, r.octets(tlv_len, "tlv value").hex()))
    return fields, tlvs


def check(vector):
    problems = []
    data = bytes.fromhex(vector["hex"])
    length = int.from_bytes(data[0:4], "big")
    if length != len(data) or length != vector["command_length"]:
        problems.append("command_length %d, octets %d, key %d" % (length, len(data), vector["command_length"]))
    command_id = int.from_bytes(data[4:8], "big")
    if COMMAND_IDS.get(vector["command"]) != command_id or command_id != vector["command_id"]:
        problems.append("command_id 0x%08X does not match %s" % (command_id, vector["command"]))
    status = int.from_bytes(data[8:12], "big")
    if status != vector["command_status"]:
        problems.append("command_status mismatch")
    if int.from_bytes(data[12:16], "big") != vector["sequence_number"]:
        problems.append("sequence_number mismatch")
    try:
        fields, tlvs = parse(vector["command"], data, len(data), status)
    except ValueError as e:
        return problems + [str(e)]
    if fields != vector["fields"]:
        problems.append("fields differ: parsed %s" % json.dumps(fields))
    given = [(t["tag"], t["value_hex"]) for t in vector["tlvs"]]
    if tlvs != given:
        problems.append("tlvs differ: parsed %s" % tlvs)
    for t in vector["tlvs"]:
        expected = TLV_NAMES.get(t["tag"])
        if expected is not None and t["name"] != expected:
            problems.append("tlv 0x%04X named %s, SMPP 3.4 name %s" % (t["tag"], t["name"], expected))
    deviations = []
    for tag, value_hex in tlvs:
        fixed = TLV_FIXED_LENGTHS.get(tag)
        if fixed is not None and len(value_hex) // 2 != fixed:
            deviations.append("tlv 0x%04X has length %d, SMPP 3.4 says %d" % (tag, len(value_hex) // 2, fixed))
    if "interface_version" in fields and fields["interface_version"] not in (0x33, 0x34):
        deviations.append("interface_version 0x%02X is not 0x34" % fields["interface_version"])
    conformant = vector.get("spec_conformant")
    if conformant is False:
        if not vector.get("note"):
            problems.append("spec_conformant false without a note")
    elif conformant is True:
        problems.extend(deviations)
    else:
        problems.append("spec_conformant missing")
    return problems


def main():
    failures = 0
    by_name = {}
    for file_name in FILES:
        vectors = json.load(open(os.path.join(HERE, file_name), encoding="utf-8"))
        names = set()
        for v in vectors:
            if v["name"] in names:
                print("%s: duplicate name %s" % (file_name, v["name"]))
                failures += 1
            names.add(v["name"])
            by_name.setdefault(v["name"], []).append((file_name, v["hex"]))
            for p in check(v):
                print("%s: %s: %s" % (file_name, v["name"], p))
                failures += 1
        print("%s: %d vectors checked" % (file_name, len(vectors)))
    shared = [n for n, hexes in by_name.items() if len(hexes) > 1]
    disagreements = 0
    for n in shared:
        if len({h for _, h in by_name[n]}) != 1:
            print("producers disagree on %s" % n)
            disagreements += 1
    print("%d vector names produced by both producers, %d with differing octets" % (len(shared), disagreements))
    failures += disagreements
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
