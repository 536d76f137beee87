/*
 * Golden SMPP 3.4 PDU vectors produced by an independent implementation:
 * the C library libsmpp34 (Debian package libsmpp34-dev 1.14.1-3+deb12u1,
 * upstream osmocom/libsmpp34, originally "c-open-smpp34" by Raul Tremsal).
 *
 * Build and run (outside the repo so that no binary lands in git):
 *
 *   apt-get install -y libsmpp34-dev
 *   gcc -std=gnu11 -Wall -Wextra -O0 \
 *       -o /tmp/gen-libsmpp34 \
 *       tests/RestcommSmppBridge.Smpp.Tests/Fixtures/Independent/generate-libsmpp34.c -lsmpp34
 *   /tmp/gen-libsmpp34 > tests/RestcommSmppBridge.Smpp.Tests/Fixtures/Independent/libsmpp34.json
 *
 * Each vector fills one libsmpp34 PDU struct, packs it with smpp34_pack()
 * and prints the bytes together with the field values the library was GIVEN
 * (read back from the struct after packing). As a self-check, the bytes are
 * unpacked with smpp34_unpack() and packed again; a difference aborts the run.
 *
 * libsmpp34's build_tlv()/build_dad()/build_udad() PREPEND to their lists and
 * smpp34_pack() walks the list from its head, so this program builds every
 * list in reverse order: the JSON arrays below are in wire order.
 *
 * Output is deterministic (no clocks, no randomness).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmpp34/smpp34.h>
#include <libsmpp34/smpp34_structs.h>
#include <libsmpp34/smpp34_params.h>

#define PRODUCER "libsmpp34 1.14.1 (Debian libsmpp34-dev 1.14.1-3+deb12u1)"
#define BUF_SIZE 4096

/* ------------------------------------------------------------ JSON writer */

static int s_first_vector = 1;
static int s_first_item = 1;

static void json_string(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            printf("\\%c", c);
        } else if (c < 0x20 || c > 0x7E) {
            printf("\\u%04x", c);
        } else {
            putchar(c);
        }
    }
    putchar('"');
}

static void json_hex(const uint8_t *p, int n)
{
    putchar('"');
    for (int i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
    putchar('"');
}

static void item_sep(void)
{
    if (!s_first_item) {
        putchar(',');
    }
    s_first_item = 0;
    printf("\n      ");
}

static void f_int(const char *name, unsigned long v)
{
    item_sep();
    printf("\"%s\": %lu", name, v);
}

static void f_str(const char *name, const uint8_t *v)
{
    item_sep();
    printf("\"%s\": ", name);
    json_string((const char *)v);
}

static void f_hex(const char *name, const uint8_t *v, int n)
{
    item_sep();
    printf("\"%s_hex\": ", name);
    json_hex(v, n);
}

/* ------------------------------------------------------------------ TLVs */

enum tlv_kind { K_U8, K_U16, K_U32, K_OCTETS };

struct my_tlv {
    uint16_t tag;
    const char *name;
    enum tlv_kind kind;
    uint32_t num;
    const uint8_t *octets;
    uint16_t len;
};

#define TLV_U8(t, n, v)  { t, n, K_U8, v, NULL, 1 }
#define TLV_U16(t, n, v) { t, n, K_U16, v, NULL, 2 }
#define TLV_OCT(t, n, p, l) { t, n, K_OCTETS, 0, (const uint8_t *)(p), l }

/* Builds a libsmpp34 TLV list whose wire order equals the array order. */
static tlv_t *make_tlvs(const struct my_tlv *t, int n)
{
    tlv_t *head = NULL;
    for (int i = n - 1; i >= 0; i--) {
        tlv_t one;
        memset(&one, 0, sizeof(one));
        one.tag = t[i].tag;
        one.length = t[i].len;
        switch (t[i].kind) {
        case K_U8: one.value.val08 = (uint8_t)t[i].num; break;
        case K_U16: one.value.val16 = (uint16_t)t[i].num; break;
        case K_U32: one.value.val32 = t[i].num; break;
        case K_OCTETS: memcpy(one.value.octet, t[i].octets, t[i].len); break;
        }
        if (build_tlv(&head, &one) != 0) {
            fprintf(stderr, "build_tlv failed\n");
            exit(1);
        }
    }
    return head;
}

/* Prints the TLVs from the libsmpp34 list itself (wire order = list order). */
static void emit_tlvs(const tlv_t *head, const struct my_tlv *t, int n)
{
    printf(",\n    \"tlvs\": [");
    int i = 0;
    for (const tlv_t *p = head; p != NULL; p = p->next, i++) {
        if (i >= n || t[i].tag != p->tag) {
            fprintf(stderr, "TLV list order mismatch\n");
            exit(1);
        }
        uint8_t v[MAX_TLV_SIZE];
        switch (t[i].kind) {
        case K_U8: v[0] = p->value.val08; break;
        case K_U16: v[0] = (uint8_t)(p->value.val16 >> 8); v[1] = (uint8_t)p->value.val16; break;
        case K_U32:
            v[0] = (uint8_t)(p->value.val32 >> 24); v[1] = (uint8_t)(p->value.val32 >> 16);
            v[2] = (uint8_t)(p->value.val32 >> 8); v[3] = (uint8_t)p->value.val32;
            break;
        case K_OCTETS: memcpy(v, p->value.octet, p->length); break;
        }
        printf("%s\n      { \"tag\": %u, \"name\": \"%s\", \"value_hex\": ", i == 0 ? "" : ",", p->tag, t[i].name);
        json_hex(v, p->length);
        if (t[i].kind != K_OCTETS) {
            printf(", \"value\": %u", t[i].kind == K_U8 ? p->value.val08
                                      : t[i].kind == K_U16 ? p->value.val16 : p->value.val32);
        }
        printf(" }");
    }
    if (i != n) {
        fprintf(stderr, "TLV count mismatch\n");
        exit(1);
    }
    printf(i == 0 ? "]" : "\n    ]");
}

/* -------------------------------------------------------------- vectors */

struct header {
    uint32_t command_length;
    uint32_t command_id;
    uint32_t command_status;
    uint32_t sequence_number;
};

static uint8_t s_buf[BUF_SIZE];
static int s_len;

static void pack_or_die(const char *name, uint32_t type, void *pdu)
{
    if (smpp34_pack(type, s_buf, sizeof(s_buf), &s_len, pdu) != 0) {
        fprintf(stderr, "%s: smpp34_pack failed: %s\n", name, smpp34_strerror);
        exit(1);
    }
}

/* Unpack the bytes and pack again: both must give identical octets. */
static void roundtrip_or_die(const char *name, uint32_t type, size_t struct_size)
{
    void *tmp = calloc(1, struct_size);
    uint8_t again[BUF_SIZE];
    int again_len = 0;
    if (tmp == NULL) {
        exit(1);
    }
    if (smpp34_unpack(type, tmp, s_buf, s_len) != 0) {
        fprintf(stderr, "%s: smpp34_unpack failed: %s\n", name, smpp34_strerror);
        exit(1);
    }
    if (smpp34_pack(type, again, sizeof(again), &again_len, tmp) != 0 || again_len != s_len) {
        fprintf(stderr, "%s: unpack/pack round trip failed or changed the length\n", name);
        exit(1);
    }
    if (memcmp(again, s_buf, (size_t)s_len) != 0) {
        /* smpp34_unpack() also prepends, so a PDU with several TLVs (or dest
         * addresses) comes back with those lists reversed; the octets must
         * then still be the same multiset. */
        int histogram[256] = { 0 };
        for (int i = 0; i < s_len; i++) {
            histogram[s_buf[i]]++;
            histogram[again[i]]--;
        }
        for (int i = 0; i < 256; i++) {
            if (histogram[i] != 0) {
                fprintf(stderr, "%s: unpack/pack round trip differs\n", name);
                exit(1);
            }
        }
    }
    /* TLV/DAD lists allocated by smpp34_unpack are reclaimed at process exit. */
    free(tmp);
}

static void begin_vector(const char *name, const char *command, uint32_t type, void *pdu, size_t struct_size)
{
    pack_or_die(name, type, pdu);
    roundtrip_or_die(name, type, struct_size);
    const struct header *h = (const struct header *)pdu;
    if (h->command_length != (uint32_t)s_len) {
        fprintf(stderr, "%s: command_length mismatch\n", name);
        exit(1);
    }
    printf("%s\n  {\n", s_first_vector ? "" : ",");
    s_first_vector = 0;
    printf("    \"name\": \"%s\",\n", name);
    printf("    \"producer\": \"%s\",\n", PRODUCER);
    printf("    \"command\": \"%s\",\n", command);
    printf("    \"command_id\": %u,\n", h->command_id);
    printf("    \"command_status\": %u,\n", h->command_status);
    printf("    \"sequence_number\": %u,\n", h->sequence_number);
    printf("    \"command_length\": %u,\n", h->command_length);
    printf("    \"hex\": ");
    json_hex(s_buf, s_len);
    printf(",\n    \"fields\": {");
    s_first_item = 1;
}

static void end_fields(void)
{
    printf(s_first_item ? "}" : "\n    }");
}

static void end_vector(const char *note, int conformant)
{
    printf(",\n    \"spec_conformant\": %s", conformant ? "true" : "false");
    if (note != NULL) {
        printf(",\n    \"note\": ");
        json_string(note);
    }
    printf("\n  }");
}

static void end_no_tlvs(const char *note)
{
    end_fields();
    emit_tlvs(NULL, NULL, 0);
    end_vector(note, 1);
}

#define SET(dst, s) snprintf((char *)(dst), sizeof(dst), "%s", (s))
#define HEADER(p, id, status, seq) \
    do { memset(&(p), 0, sizeof(p)); (p).command_id = (id); (p).command_status = (status); (p).sequence_number = (seq); } while (0)
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---------------------------------------------------------------- binds */

#define BIND_FIELDS(p) do { \
    f_str("system_id", (p).system_id); f_str("password", (p).password); \
    f_str("system_type", (p).system_type); f_int("interface_version", (p).interface_version); \
    f_int("addr_ton", (p).addr_ton); f_int("addr_npi", (p).addr_npi); \
    f_str("address_range", (p).address_range); } while (0)

static void binds(void)
{
    bind_transmitter_t bt;
    HEADER(bt, BIND_TRANSMITTER, ESME_ROK, 1);
    SET(bt.system_id, "smppclient1");
    SET(bt.password, "password");
    SET(bt.system_type, "");
    bt.interface_version = SMPP_VERSION;
    bt.addr_ton = TON_Unknown;
    bt.addr_npi = NPI_Unknown;
    SET(bt.address_range, "");
    begin_vector("bind_transmitter_basic", "bind_transmitter", BIND_TRANSMITTER, &bt, sizeof(bt));
    BIND_FIELDS(bt);
    end_no_tlvs(NULL);

    bind_transmitter_resp_t btr;
    HEADER(btr, BIND_TRANSMITTER_RESP, ESME_ROK, 1);
    SET(btr.system_id, "SMSC01");
    begin_vector("bind_transmitter_resp_ok", "bind_transmitter_resp", BIND_TRANSMITTER_RESP, &btr, sizeof(btr));
    f_str("system_id", btr.system_id);
    end_no_tlvs(NULL);

    HEADER(btr, BIND_TRANSMITTER_RESP, ESME_RINVSYSID, 9);
    SET(btr.system_id, "SMSC01");
    begin_vector("bind_transmitter_resp_invalid_system_id_with_body", "bind_transmitter_resp",
                 BIND_TRANSMITTER_RESP, &btr, sizeof(btr));
    f_str("system_id", btr.system_id);
    end_no_tlvs("libsmpp34 always writes system_id in bind_*_resp, even when command_status != 0 "
                "(node-smpp omits it). Both forms occur in the wild; a decoder must accept both.");

    bind_receiver_t br;
    HEADER(br, BIND_RECEIVER, ESME_ROK, 2);
    SET(br.system_id, "rx_user");
    SET(br.password, "secret12");
    SET(br.system_type, "VMS");
    br.interface_version = SMPP_VERSION;
    br.addr_ton = TON_International;
    br.addr_npi = NPI_ISDN_E163_E164;
    SET(br.address_range, "");
    begin_vector("bind_receiver_vms", "bind_receiver", BIND_RECEIVER, &br, sizeof(br));
    BIND_FIELDS(br);
    end_no_tlvs(NULL);

    bind_receiver_resp_t brr;
    HEADER(brr, BIND_RECEIVER_RESP, ESME_ROK, 2);
    SET(brr.system_id, "SMSC01");
    begin_vector("bind_receiver_resp_ok", "bind_receiver_resp", BIND_RECEIVER_RESP, &brr, sizeof(brr));
    f_str("system_id", brr.system_id);
    end_no_tlvs(NULL);

    bind_transceiver_t bx;
    HEADER(bx, BIND_TRANSCEIVER, ESME_ROK, 3);
    SET(bx.system_id, "trx_user");
    SET(bx.password, "pw");
    SET(bx.system_type, "SMPP");
    bx.interface_version = SMPP_VERSION;
    bx.addr_ton = TON_International;
    bx.addr_npi = NPI_ISDN_E163_E164;
    SET(bx.address_range, "^447[0-9]+");
    begin_vector("bind_transceiver_address_range", "bind_transceiver", BIND_TRANSCEIVER, &bx, sizeof(bx));
    BIND_FIELDS(bx);
    end_no_tlvs(NULL);

    bind_transceiver_resp_t bxr;
    HEADER(bxr, BIND_TRANSCEIVER_RESP, ESME_ROK, 3);
    SET(bxr.system_id, "SMSC01");
    const struct my_tlv bxr_tlvs[] = { TLV_U8(TLVID_sc_interface_version, "sc_interface_version", 0x34) };
    bxr.tlv = make_tlvs(bxr_tlvs, COUNT(bxr_tlvs));
    begin_vector("bind_transceiver_resp_sc_interface_version", "bind_transceiver_resp",
                 BIND_TRANSCEIVER_RESP, &bxr, sizeof(bxr));
    f_str("system_id", bxr.system_id);
    end_fields();
    emit_tlvs(bxr.tlv, bxr_tlvs, COUNT(bxr_tlvs));
    end_vector(NULL, 1);
    destroy_tlv(bxr.tlv);

    outbind_t ob;
    HEADER(ob, OUTBIND, ESME_ROK, 5);
    SET(ob.system_id, "SMSC01");
    SET(ob.password, "pw123");
    begin_vector("outbind_basic", "outbind", OUTBIND, &ob, sizeof(ob));
    f_str("system_id", ob.system_id);
    f_str("password", ob.password);
    end_no_tlvs(NULL);
}

static void header_only(void)
{
    unbind_t u;
    HEADER(u, UNBIND, ESME_ROK, 6);
    begin_vector("unbind", "unbind", UNBIND, &u, sizeof(u));
    end_no_tlvs(NULL);

    unbind_resp_t ur;
    HEADER(ur, UNBIND_RESP, ESME_ROK, 6);
    begin_vector("unbind_resp", "unbind_resp", UNBIND_RESP, &ur, sizeof(ur));
    end_no_tlvs(NULL);

    enquire_link_t el;
    HEADER(el, ENQUIRE_LINK, ESME_ROK, 7);
    begin_vector("enquire_link", "enquire_link", ENQUIRE_LINK, &el, sizeof(el));
    end_no_tlvs(NULL);

    enquire_link_resp_t elr;
    HEADER(elr, ENQUIRE_LINK_RESP, ESME_ROK, 7);
    begin_vector("enquire_link_resp", "enquire_link_resp", ENQUIRE_LINK_RESP, &elr, sizeof(elr));
    end_no_tlvs(NULL);

    generic_nack_t gn;
    HEADER(gn, GENERIC_NACK, ESME_RINVCMDID, 8);
    begin_vector("generic_nack_invalid_command_id", "generic_nack", GENERIC_NACK, &gn, sizeof(gn));
    end_no_tlvs(NULL);

    cancel_sm_resp_t cr;
    HEADER(cr, CANCEL_SM_RESP, ESME_ROK, 60);
    begin_vector("cancel_sm_resp", "cancel_sm_resp", CANCEL_SM_RESP, &cr, sizeof(cr));
    end_no_tlvs(NULL);

    replace_sm_resp_t rr;
    HEADER(rr, REPLACE_SM_RESP, ESME_ROK, 70);
    begin_vector("replace_sm_resp", "replace_sm_resp", REPLACE_SM_RESP, &rr, sizeof(rr));
    end_no_tlvs(NULL);

    replace_sm_resp_t rf;
    HEADER(rf, REPLACE_SM_RESP, ESME_RREPLACEFAIL, 71);
    begin_vector("replace_sm_resp_replace_failed", "replace_sm_resp", REPLACE_SM_RESP, &rf, sizeof(rf));
    end_no_tlvs(NULL);
}

/* ---------------------------------------------------- submit_sm / deliver_sm */

#define SM_FIELDS(p) do { \
    f_str("service_type", (p).service_type); \
    f_int("source_addr_ton", (p).source_addr_ton); f_int("source_addr_npi", (p).source_addr_npi); \
    f_str("source_addr", (p).source_addr); \
    f_int("dest_addr_ton", (p).dest_addr_ton); f_int("dest_addr_npi", (p).dest_addr_npi); \
    f_str("destination_addr", (p).destination_addr); \
    f_int("esm_class", (p).esm_class); f_int("protocol_id", (p).protocol_id); \
    f_int("priority_flag", (p).priority_flag); \
    f_str("schedule_delivery_time", (p).schedule_delivery_time); \
    f_str("validity_period", (p).validity_period); \
    f_int("registered_delivery", (p).registered_delivery); \
    f_int("replace_if_present_flag", (p).replace_if_present_flag); \
    f_int("data_coding", (p).data_coding); f_int("sm_default_msg_id", (p).sm_default_msg_id); \
    f_int("sm_length", (p).sm_length); f_hex("short_message", (p).short_message, (p).sm_length); } while (0)

static void submit_base(submit_sm_t *p, uint32_t seq)
{
    HEADER(*p, SUBMIT_SM, ESME_ROK, seq);
    SET(p->service_type, "");
    p->source_addr_ton = TON_International;
    p->source_addr_npi = NPI_ISDN_E163_E164;
    SET(p->source_addr, "447700900001");
    p->dest_addr_ton = TON_International;
    p->dest_addr_npi = NPI_ISDN_E163_E164;
    SET(p->destination_addr, "447700900123");
    p->registered_delivery = SMPP34_DELIVERY_RECEIPT_ON;
}

static void set_sm(submit_sm_t *p, const void *bytes, int n)
{
    p->sm_length = (uint8_t)n;
    memcpy(p->short_message, bytes, (size_t)n);
}

static void emit_submit(const char *name, submit_sm_t *p, const struct my_tlv *t, int n, const char *note)
{
    p->tlv = make_tlvs(t, n);
    begin_vector(name, "submit_sm", SUBMIT_SM, p, sizeof(*p));
    SM_FIELDS(*p);
    end_fields();
    emit_tlvs(p->tlv, t, n);
    end_vector(note, 1);
    destroy_tlv(p->tlv);
    p->tlv = NULL;
}

static void submits(void)
{
    submit_sm_t s;

    submit_base(&s, 10);
    set_sm(&s, "Hello world", 11);
    emit_submit("submit_sm_basic_gsm", &s, NULL, 0, NULL);

    submit_base(&s, 11);
    set_sm(&s, "Part one of a long message", 26);
    const struct my_tlv sar[] = {
        TLV_U16(TLVID_user_message_reference, "user_message_reference", 0x1234),
        TLV_U16(TLVID_sar_msg_ref_num, "sar_msg_ref_num", 0x0042),
        TLV_U8(TLVID_sar_total_segments, "sar_total_segments", 3),
        TLV_U8(TLVID_sar_segment_seqnum, "sar_segment_seqnum", 1),
    };
    emit_submit("submit_sm_sar_tlvs", &s, sar, COUNT(sar), NULL);

    static uint8_t payload[300];
    for (int i = 0; i < (int)sizeof(payload); i++) {
        payload[i] = (uint8_t)('A' + i % 26);
    }
    submit_base(&s, 12);
    const struct my_tlv mp[] = { TLV_OCT(TLVID_message_payload, "message_payload", payload, sizeof(payload)) };
    emit_submit("submit_sm_message_payload_300_octets", &s, mp, COUNT(mp),
                "sm_length 0 and the text carried in message_payload (0x0424); the TLV value is longer than 254 octets.");

    submit_base(&s, 13);
    s.data_coding = 4;
    s.registered_delivery = SMPP34_DELIVERY_RECEIPT_OFF;
    set_sm(&s, "\x01\x06\x03\xAE\x81\xEA", 6);
    const struct my_tlv ports[] = {
        TLV_U16(TLVID_source_port, "source_port", 9200),
        TLV_U16(TLVID_destination_port, "destination_port", 2948),
    };
    emit_submit("submit_sm_ports_binary", &s, ports, COUNT(ports), NULL);

    submit_base(&s, 14);
    s.esm_class = SMPP34_UDHI_IND;
    set_sm(&s, "\x05\x00\x03\xA3\x02\x01" "First part text", 21);
    emit_submit("submit_sm_udh_concat_8bit_ref", &s, NULL, 0, NULL);

    submit_base(&s, 16);
    s.data_coding = 8;
    /* "Привет 😀" in UTF-16BE, the emoji as the surrogate pair D83D DE00. */
    set_sm(&s, "\x04\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42\x00\x20\xD8\x3D\xDE\x00", 18);
    emit_submit("submit_sm_ucs2_surrogate_pair", &s, NULL, 0, NULL);

    submit_base(&s, 18);
    SET(s.schedule_delivery_time, "250102153000004+");
    SET(s.validity_period, "000001000000000R");
    set_sm(&s, "Scheduled", 9);
    emit_submit("submit_sm_absolute_schedule_relative_validity", &s, NULL, 0, NULL);

    submit_base(&s, 20);
    SET(s.service_type, "CMT");
    s.source_addr_ton = TON_Alphanumeric;
    s.source_addr_npi = NPI_Unknown;
    SET(s.source_addr, "MyBrand");
    s.dest_addr_ton = TON_National;
    SET(s.destination_addr, "07700900123");
    s.esm_class = 0x03;
    s.protocol_id = 0x7F;
    s.priority_flag = 3;
    s.registered_delivery = 0x11;
    s.replace_if_present_flag = 1;
    s.data_coding = 0xF0;
    set_sm(&s, "Flash!", 6);
    emit_submit("submit_sm_alphanumeric_all_flags", &s, NULL, 0, NULL);

    submit_base(&s, 21);
    set_sm(&s, "a\x00" "b\x1B\x65", 5);
    emit_submit("submit_sm_gsm_at_sign_mid_text", &s, NULL, 0,
                "GSM 03.38 unpacked octets \"a@b\\u20ac\": 0x00 (@) inside short_message must not be treated as a terminator.");

    submit_base(&s, 22);
    set_sm(&s, "Alert", 5);
    const struct my_tlv aom[] = {
        TLV_OCT(TLVID_alert_on_message_delivery, "alert_on_message_delivery", "", 0),
        TLV_U8(TLVID_more_messages_to_send, "more_messages_to_send", 1),
    };
    emit_submit("submit_sm_zero_length_tlv", &s, aom, COUNT(aom),
                "alert_on_message_delivery (0x130C) with length 0, as SMPP 3.4 defines it, followed by another TLV.");

    submit_sm_resp_t r;
    HEADER(r, SUBMIT_SM_RESP, ESME_ROK, 10);
    SET(r.message_id, "5f3c9b2a-0d1e-4c2b-9a77-1b2c3d4e5f60");
    begin_vector("submit_sm_resp_ok", "submit_sm_resp", SUBMIT_SM_RESP, &r, sizeof(r));
    f_str("message_id", r.message_id);
    end_no_tlvs(NULL);

    HEADER(r, SUBMIT_SM_RESP, ESME_RTHROTTLED, 12);
    SET(r.message_id, "");
    begin_vector("submit_sm_resp_throttled_no_body", "submit_sm_resp", SUBMIT_SM_RESP, &r, sizeof(r));
    end_no_tlvs("command_status 0x58: libsmpp34 omits message_id (O_C_OCTET) whenever command_status != 0.");
}

static void deliver_base(deliver_sm_t *p, uint32_t seq)
{
    HEADER(*p, DELIVER_SM, ESME_ROK, seq);
    SET(p->service_type, "");
    p->source_addr_ton = TON_International;
    p->source_addr_npi = NPI_ISDN_E163_E164;
    SET(p->source_addr, "447700900123");
    p->dest_addr_ton = TON_International;
    p->dest_addr_npi = NPI_ISDN_E163_E164;
    SET(p->destination_addr, "447700900001");
}

static void emit_deliver(const char *name, deliver_sm_t *p, const struct my_tlv *t, int n, const char *note)
{
    p->tlv = make_tlvs(t, n);
    begin_vector(name, "deliver_sm", DELIVER_SM, p, sizeof(*p));
    SM_FIELDS(*p);
    end_fields();
    emit_tlvs(p->tlv, t, n);
    end_vector(note, 1);
    destroy_tlv(p->tlv);
    p->tlv = NULL;
}

static void delivers(void)
{
    deliver_sm_t d;

    deliver_base(&d, 30);
    d.sm_length = 9;
    memcpy(d.short_message, "Reply YES", 9);
    emit_deliver("deliver_sm_mo_text", &d, NULL, 0, NULL);

    static const char receipt[] = "id:0123456789 sub:001 dlvrd:001 submit date:2501021530 "
                                  "done date:2501021531 stat:DELIVRD err:000 text:Hello world";
    deliver_base(&d, 31);
    d.esm_class = SMPP34_DELIVERY_RECEIPT;
    d.sm_length = (uint8_t)strlen(receipt);
    memcpy(d.short_message, receipt, d.sm_length);
    const struct my_tlv dlr[] = {
        TLV_OCT(TLVID_receipted_message_id, "receipted_message_id", "0123456789", 11),
        TLV_U8(TLVID_message_state, "message_state", 2),
        TLV_OCT(TLVID_network_error_code, "network_error_code", "\x03\x00\x00", 3),
    };
    emit_deliver("deliver_sm_delivery_receipt_tlvs", &d, dlr, COUNT(dlr),
                 "receipted_message_id given to libsmpp34 as 11 octets including the terminating NUL (C-string TLV).");

    deliver_base(&d, 33);
    d.esm_class = SMPP34_UDHI_IND;
    d.data_coding = 8;
    d.sm_length = 13;
    memcpy(d.short_message, "\x06\x08\x04\x12\x34\x02\x01\x04\x1F\x04\x40\x04\x38", 13);
    emit_deliver("deliver_sm_mo_ucs2_udh_16bit_ref", &d, NULL, 0, NULL);

    deliver_base(&d, 34);
    d.sm_length = 2;
    memcpy(d.short_message, "MO", 2);
    const struct my_tlv vendor[] = {
        TLV_U8(TLVID_source_network_type, "source_network_type", 1),
        TLV_OCT(0x1400, "vendor_specific_1400", "\xDE\xAD\xBE\xEF", 4),
    };
    emit_deliver("deliver_sm_vendor_tlv", &d, vendor, COUNT(vendor),
                 "Vendor TLV 0x1400 (SMSC vendor range 0x1400-0x3FFF) after source_network_type.");

    deliver_sm_resp_t dr;
    HEADER(dr, DELIVER_SM_RESP, ESME_ROK, 30);
    SET(dr.message_id, "");
    begin_vector("deliver_sm_resp_empty_id", "deliver_sm_resp", DELIVER_SM_RESP, &dr, sizeof(dr));
    f_str("message_id", dr.message_id);
    end_no_tlvs(NULL);
}

/* -------------------------------------------------------------- data_sm */

static void data_sms(void)
{
    data_sm_t d;
    HEADER(d, DATA_SM, ESME_ROK, 40);
    SET(d.service_type, "WAP");
    d.source_addr_ton = TON_International;
    d.source_addr_npi = NPI_ISDN_E163_E164;
    SET(d.source_addr, "447700900001");
    d.dest_addr_ton = TON_International;
    d.dest_addr_npi = NPI_ISDN_E163_E164;
    SET(d.destination_addr, "447700900123");
    d.esm_class = 0;
    d.registered_delivery = 1;
    d.data_coding = 0;
    const struct my_tlv t[] = {
        TLV_OCT(TLVID_message_payload, "message_payload", "data sm payload text", 20),
        TLV_U16(TLVID_source_port, "source_port", 9200),
        TLV_U16(TLVID_destination_port, "destination_port", 9201),
        TLV_U16(TLVID_user_message_reference, "user_message_reference", 7),
        { TLVID_qos_time_to_live, "qos_time_to_live", K_U32, 3600, NULL, 4 },
    };
    d.tlv = make_tlvs(t, COUNT(t));
    begin_vector("data_sm_message_payload_qos_ttl", "data_sm", DATA_SM, &d, sizeof(d));
    f_str("service_type", d.service_type);
    f_int("source_addr_ton", d.source_addr_ton);
    f_int("source_addr_npi", d.source_addr_npi);
    f_str("source_addr", d.source_addr);
    f_int("dest_addr_ton", d.dest_addr_ton);
    f_int("dest_addr_npi", d.dest_addr_npi);
    f_str("destination_addr", d.destination_addr);
    f_int("esm_class", d.esm_class);
    f_int("registered_delivery", d.registered_delivery);
    f_int("data_coding", d.data_coding);
    end_fields();
    emit_tlvs(d.tlv, t, COUNT(t));
    end_vector(NULL, 1);
    destroy_tlv(d.tlv);

    data_sm_resp_t r;
    HEADER(r, DATA_SM_RESP, ESME_ROK, 40);
    SET(r.message_id, "abc123");
    begin_vector("data_sm_resp_ok", "data_sm_resp", DATA_SM_RESP, &r, sizeof(r));
    f_str("message_id", r.message_id);
    end_no_tlvs(NULL);
}

/* ------------------------------------------- query / cancel / replace */

static void query_cancel_replace(void)
{
    query_sm_t q;
    HEADER(q, QUERY_SM, ESME_ROK, 50);
    SET(q.message_id, "0123456789");
    q.source_addr_ton = TON_International;
    q.source_addr_npi = NPI_ISDN_E163_E164;
    SET(q.source_addr, "447700900001");
    begin_vector("query_sm_basic", "query_sm", QUERY_SM, &q, sizeof(q));
    f_str("message_id", q.message_id);
    f_int("source_addr_ton", q.source_addr_ton);
    f_int("source_addr_npi", q.source_addr_npi);
    f_str("source_addr", q.source_addr);
    end_no_tlvs(NULL);

    query_sm_resp_t qr;
    HEADER(qr, QUERY_SM_RESP, ESME_ROK, 50);
    SET(qr.message_id, "0123456789");
    SET(qr.final_date, "250102153100004+");
    qr.message_state = 2;
    qr.error_code = 0;
    begin_vector("query_sm_resp_delivered", "query_sm_resp", QUERY_SM_RESP, &qr, sizeof(qr));
    f_str("message_id", qr.message_id);
    f_str("final_date", qr.final_date);
    f_int("message_state", qr.message_state);
    f_int("error_code", qr.error_code);
    end_no_tlvs(NULL);

    HEADER(qr, QUERY_SM_RESP, ESME_ROK, 51);
    SET(qr.message_id, "0123456790");
    SET(qr.final_date, "");
    qr.message_state = 5;
    qr.error_code = 11;
    begin_vector("query_sm_resp_undeliverable_no_final_date", "query_sm_resp", QUERY_SM_RESP, &qr, sizeof(qr));
    f_str("message_id", qr.message_id);
    f_str("final_date", qr.final_date);
    f_int("message_state", qr.message_state);
    f_int("error_code", qr.error_code);
    end_no_tlvs(NULL);

    cancel_sm_t c;
    HEADER(c, CANCEL_SM, ESME_ROK, 60);
    SET(c.service_type, "");
    SET(c.message_id, "0123456789");
    c.source_addr_ton = TON_International;
    c.source_addr_npi = NPI_ISDN_E163_E164;
    SET(c.source_addr, "447700900001");
    c.dest_addr_ton = TON_International;
    c.dest_addr_npi = NPI_ISDN_E163_E164;
    SET(c.destination_addr, "447700900123");
    begin_vector("cancel_sm_by_id", "cancel_sm", CANCEL_SM, &c, sizeof(c));
    f_str("service_type", c.service_type);
    f_str("message_id", c.message_id);
    f_int("source_addr_ton", c.source_addr_ton);
    f_int("source_addr_npi", c.source_addr_npi);
    f_str("source_addr", c.source_addr);
    f_int("dest_addr_ton", c.dest_addr_ton);
    f_int("dest_addr_npi", c.dest_addr_npi);
    f_str("destination_addr", c.destination_addr);
    end_no_tlvs(NULL);

    replace_sm_t r;
    HEADER(r, REPLACE_SM, ESME_ROK, 70);
    SET(r.message_id, "0123456789");
    r.source_addr_ton = TON_International;
    r.source_addr_npi = NPI_ISDN_E163_E164;
    SET(r.source_addr, "447700900001");
    SET(r.schedule_delivery_time, "");
    SET(r.validity_period, "000000001000000R");
    r.registered_delivery = 1;
    r.sm_default_msg_id = 0;
    r.sm_length = 13;
    memcpy(r.short_message, "Replaced text", 13);
    begin_vector("replace_sm_relative_validity", "replace_sm", REPLACE_SM, &r, sizeof(r));
    f_str("message_id", r.message_id);
    f_int("source_addr_ton", r.source_addr_ton);
    f_int("source_addr_npi", r.source_addr_npi);
    f_str("source_addr", r.source_addr);
    f_str("schedule_delivery_time", r.schedule_delivery_time);
    f_str("validity_period", r.validity_period);
    f_int("registered_delivery", r.registered_delivery);
    f_int("sm_default_msg_id", r.sm_default_msg_id);
    f_int("sm_length", r.sm_length);
    f_hex("short_message", r.short_message, r.sm_length);
    end_no_tlvs(NULL);
}

/* -------------------------------------------------------- submit_multi */

static void multis(void)
{
    submit_multi_t m;
    HEADER(m, SUBMIT_MULTI, ESME_ROK, 80);
    SET(m.service_type, "");
    m.source_addr_ton = TON_International;
    m.source_addr_npi = NPI_ISDN_E163_E164;
    SET(m.source_addr, "447700900001");

    /* Wire order: SME 447700900123, SME 447700900124, DL "friends"; built back to front. */
    dad_t one;
    memset(&one, 0, sizeof(one));
    one.dest_flag = DFID_Distribution_List_Name;
    SET(one.value.dl_name, "friends");
    build_dad(&m.dest_addr_def, &one);
    memset(&one, 0, sizeof(one));
    one.dest_flag = DFID_SME_Address;
    one.value.sme.dest_addr_ton = TON_International;
    one.value.sme.dest_addr_npi = NPI_ISDN_E163_E164;
    SET(one.value.sme.destination_addr, "447700900124");
    build_dad(&m.dest_addr_def, &one);
    one.value.sme.dest_addr_ton = TON_International;
    SET(one.value.sme.destination_addr, "447700900123");
    build_dad(&m.dest_addr_def, &one);
    m.number_of_dests = 3;

    m.esm_class = 0;
    m.protocol_id = 0;
    m.priority_flag = 1;
    SET(m.schedule_delivery_time, "");
    SET(m.validity_period, "000002000000000R");
    m.registered_delivery = 1;
    m.replace_if_present_flag = 0;
    m.data_coding = 0;
    m.sm_default_msg_id = 0;
    m.sm_length = 6;
    memcpy(m.short_message, "Hi all", 6);
    const struct my_tlv t[] = { TLV_U16(TLVID_user_message_reference, "user_message_reference", 99) };
    m.tlv = make_tlvs(t, COUNT(t));

    begin_vector("submit_multi_two_sme_one_dl", "submit_multi", SUBMIT_MULTI, &m, sizeof(m));
    f_str("service_type", m.service_type);
    f_int("source_addr_ton", m.source_addr_ton);
    f_int("source_addr_npi", m.source_addr_npi);
    f_str("source_addr", m.source_addr);
    f_int("number_of_dests", m.number_of_dests);
    item_sep();
    printf("\"dest_address\": [");
    int first = 1;
    for (const dad_t *p = m.dest_addr_def; p != NULL; p = p->next) {
        printf("%s\n        { \"dest_flag\": %u, ", first ? "" : ",", p->dest_flag);
        first = 0;
        if (p->dest_flag == DFID_SME_Address) {
            printf("\"dest_addr_ton\": %u, \"dest_addr_npi\": %u, \"destination_addr\": ",
                   p->value.sme.dest_addr_ton, p->value.sme.dest_addr_npi);
            json_string((const char *)p->value.sme.destination_addr);
        } else {
            printf("\"dl_name\": ");
            json_string((const char *)p->value.dl_name);
        }
        printf(" }");
    }
    printf("\n      ]");
    f_int("esm_class", m.esm_class);
    f_int("protocol_id", m.protocol_id);
    f_int("priority_flag", m.priority_flag);
    f_str("schedule_delivery_time", m.schedule_delivery_time);
    f_str("validity_period", m.validity_period);
    f_int("registered_delivery", m.registered_delivery);
    f_int("replace_if_present_flag", m.replace_if_present_flag);
    f_int("data_coding", m.data_coding);
    f_int("sm_default_msg_id", m.sm_default_msg_id);
    f_int("sm_length", m.sm_length);
    f_hex("short_message", m.short_message, m.sm_length);
    end_fields();
    emit_tlvs(m.tlv, t, COUNT(t));
    end_vector(NULL, 1);
    destroy_tlv(m.tlv);
    destroy_dad(m.dest_addr_def);

    submit_multi_resp_t mr;
    HEADER(mr, SUBMIT_MULTI_RESP, ESME_ROK, 80);
    SET(mr.message_id, "multi-0001");
    udad_t u;
    memset(&u, 0, sizeof(u));
    u.dest_addr_ton = TON_Unknown;
    u.dest_addr_npi = NPI_Unknown;
    SET(u.destination_addr, "friends");
    u.error_status_code = ESME_RINVDLNAME;
    build_udad(&mr.unsuccess_smes, &u);
    u.dest_addr_ton = TON_International;
    u.dest_addr_npi = NPI_ISDN_E163_E164;
    SET(u.destination_addr, "447700900124");
    u.error_status_code = ESME_RINVDSTADR;
    build_udad(&mr.unsuccess_smes, &u);
    mr.no_unsuccess = 2;
    begin_vector("submit_multi_resp_two_unsuccess", "submit_multi_resp", SUBMIT_MULTI_RESP, &mr, sizeof(mr));
    f_str("message_id", mr.message_id);
    f_int("no_unsuccess", mr.no_unsuccess);
    item_sep();
    printf("\"unsuccess_sme\": [");
    first = 1;
    for (const udad_t *p = mr.unsuccess_smes; p != NULL; p = p->next) {
        printf("%s\n        { \"dest_addr_ton\": %u, \"dest_addr_npi\": %u, \"destination_addr\": ",
               first ? "" : ",", p->dest_addr_ton, p->dest_addr_npi);
        first = 0;
        json_string((const char *)p->destination_addr);
        printf(", \"error_status_code\": %u }", p->error_status_code);
    }
    printf("\n      ]");
    end_no_tlvs(NULL);
    destroy_udad(mr.unsuccess_smes);
}

/* -------------------------------------------------- alert_notification */

static void alerts(void)
{
    alert_notification_t a;
    HEADER(a, ALERT_NOTIFICATION, ESME_ROK, 90);
    a.source_addr_ton = TON_International;
    a.source_addr_npi = NPI_ISDN_E163_E164;
    SET(a.source_addr, "447700900123");
    a.esme_addr_ton = TON_International;
    a.esme_addr_npi = NPI_ISDN_E163_E164;
    SET(a.esme_addr, "447700900001");
    const struct my_tlv t[] = { TLV_U8(TLVID_ms_availability_status, "ms_availability_status", 0) };
    a.tlv = make_tlvs(t, COUNT(t));
    begin_vector("alert_notification_available", "alert_notification", ALERT_NOTIFICATION, &a, sizeof(a));
    f_int("source_addr_ton", a.source_addr_ton);
    f_int("source_addr_npi", a.source_addr_npi);
    f_str("source_addr", a.source_addr);
    f_int("esme_addr_ton", a.esme_addr_ton);
    f_int("esme_addr_npi", a.esme_addr_npi);
    f_str("esme_addr", a.esme_addr);
    end_fields();
    emit_tlvs(a.tlv, t, COUNT(t));
    end_vector(NULL, 1);
    destroy_tlv(a.tlv);
}

int main(void)
{
    printf("[");
    binds();
    header_only();
    submits();
    delivers();
    data_sms();
    query_cancel_replace();
    multis();
    alerts();
    printf("\n]\n");
    return 0;
}
