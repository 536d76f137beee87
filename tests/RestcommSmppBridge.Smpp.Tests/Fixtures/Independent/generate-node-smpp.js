#!/usr/bin/env node
/*
 * Golden SMPP 3.4 PDU vectors produced by an independent implementation:
 * the npm package `smpp` (node-smpp) version 0.5.1.
 *
 * How to run (the package is resolved from the CURRENT directory, so run it
 * from the scratch directory where smpp@0.5.1 is installed, never from the repo):
 *
 *   mkdir -p /tmp/node-smpp && cd /tmp/node-smpp && npm init -y >/dev/null \
 *     && npm install smpp@0.5.1 \
 *     && node <repo>/tests/RestcommSmppBridge.Smpp.Tests/Fixtures/Independent/generate-node-smpp.js \
 *        > <repo>/tests/RestcommSmppBridge.Smpp.Tests/Fixtures/Independent/node-smpp.json
 *
 * Every vector is built with `new smpp.PDU(command, options)` and serialised
 * with `.toBuffer()`. The buffer is then parsed back with node-smpp's own
 * decoder (`smpp.PDU.fromBuffer`) and the "fields" / "tlvs" written to the JSON
 * are taken from THAT decoded object, not from the options passed in.
 *
 * node-smpp's decoder normally runs "filters" after parsing (time strings are
 * turned into Date objects relative to "now", short_message into text). Those
 * filters are switched off while decoding for the fixture so that the recorded
 * values are the raw wire values (C-strings as strings, octet strings as hex).
 * The filtered text of short_message/message_payload is recorded separately in
 * "node_decoded_message" where node-smpp produced a string.
 *
 * Output is deterministic (no clocks, no randomness).
 */
'use strict';

const path = require('path');
const smppPath = require.resolve('smpp', { paths: [process.cwd()] });
const smpp = require(smppPath);
const smppPkg = require(path.join(path.dirname(smppPath), '..', 'package.json'));

const PRODUCER = 'node smpp ' + smppPkg.version;
if (smppPkg.version !== '0.5.1') {
	process.stderr.write('warning: expected smpp@0.5.1, found ' + smppPkg.version + '\n');
}

// A vendor-specific TLV (SMPP 3.4 reserves 0x1400-0x3FFF for SMSC vendors),
// registered through node-smpp's public addTLV API so that it can be encoded.
smpp.addTLV('vendor_specific_1400', { id: 0x1400, type: smpp.types.tlv.buffer });

// node-smpp names 0x020B "dest_port"; the SMPP 3.4 name is "destination_port".
const SPEC_TLV_NAMES = { dest_port: 'destination_port' };

const PDU = smpp.PDU;
const originalFilter = PDU.prototype._filter;

function decodeRaw(buffer) {
	PDU.prototype._filter = function (func) {
		if (func === 'decode') {
			return;
		}
		originalFilter.call(this, func);
	};
	try {
		return PDU.fromBuffer(buffer);
	} finally {
		PDU.prototype._filter = originalFilter;
	}
}

function decodeFiltered(buffer) {
	return PDU.fromBuffer(buffer);
}

function hex(buffer) {
	return Buffer.from(buffer).toString('hex');
}

function tlvValueHex(def, value) {
	const size = def.type.size(value);
	const out = Buffer.alloc(size);
	def.type.write(value, out, 0);
	return hex(out);
}

function describeFields(pdu) {
	const params = smpp.commands[pdu.command].params || {};
	const fields = {};
	for (const key of Object.keys(params)) {
		if (!(key in pdu)) {
			continue;
		}
		const value = pdu[key];
		if (key === 'short_message') {
			fields.sm_length = value.length;
			fields.short_message_hex = hex(value);
		} else if (key === 'dest_address') {
			fields.number_of_dests = value.length;
			fields.dest_address = value.map(function (d) {
				if ('dl_name' in d) {
					return { dest_flag: 2, dl_name: d.dl_name };
				}
				return {
					dest_flag: 1,
					dest_addr_ton: d.dest_addr_ton,
					dest_addr_npi: d.dest_addr_npi,
					destination_addr: d.destination_addr
				};
			});
		} else if (key === 'unsuccess_sme') {
			fields.no_unsuccess = value.length;
			fields.unsuccess_sme = value.map(function (u) {
				return {
					dest_addr_ton: u.dest_addr_ton,
					dest_addr_npi: u.dest_addr_npi,
					destination_addr: u.destination_addr,
					error_status_code: u.error_status_code
				};
			});
		} else if (Buffer.isBuffer(value)) {
			fields[key + '_hex'] = hex(value);
		} else {
			fields[key] = value;
		}
	}
	return fields;
}

function describeTlvs(pdu) {
	const params = smpp.commands[pdu.command].params || {};
	const result = [];
	for (const key of Object.keys(pdu)) {
		if (key in params) {
			continue;
		}
		if (/^[0-9]+$/.test(key)) {
			result.push({ tag: Number(key), name: null, value_hex: hex(pdu[key]) });
			continue;
		}
		const def = smpp.tlvs[key];
		if (!def) {
			continue;
		}
		const values = def.multiple ? pdu[key] : [pdu[key]];
		for (const value of values) {
			const entry = {
				tag: def.id,
				name: SPEC_TLV_NAMES[key] || key,
				value_hex: tlvValueHex(def, value)
			};
			if (typeof value === 'number' || typeof value === 'string') {
				entry.value = value;
			}
			result.push(entry);
		}
	}
	return result;
}

function nodeDecodedMessage(buffer) {
	const pdu = decodeFiltered(buffer);
	for (const key of ['short_message', 'message_payload']) {
		const v = pdu[key];
		if (v && typeof v === 'object' && typeof v.message === 'string' && v.message.length > 0) {
			const out = { field: key, message: v.message };
			if (v.udh) {
				out.udh_hex = v.udh.map(hex);
			}
			return out;
		}
	}
	return undefined;
}

const vectors = [];

function add(name, command, options, extra) {
	extra = extra || {};
	const pdu = new PDU(command, options);
	const buffer = pdu.toBuffer();
	const decoded = decodeRaw(buffer);
	if (!decoded || decoded.command !== command) {
		throw new Error(name + ': node-smpp could not decode its own buffer');
	}
	if (decoded.command_length !== buffer.length) {
		throw new Error(name + ': command_length ' + decoded.command_length + ' != buffer length ' + buffer.length);
	}
	const vector = {
		name: name,
		producer: PRODUCER,
		command: decoded.command,
		command_id: decoded.command_id,
		command_status: decoded.command_status,
		sequence_number: decoded.sequence_number,
		command_length: decoded.command_length,
		hex: hex(buffer),
		fields: describeFields(decoded),
		tlvs: describeTlvs(decoded)
	};
	const message = nodeDecodedMessage(buffer);
	if (message !== undefined) {
		vector.node_decoded_message = message;
	}
	vector.spec_conformant = extra.spec_conformant !== false;
	if (extra.note) {
		vector.note = extra.note;
	}
	vectors.push(vector);
}

const ascii = function (s) { return Buffer.from(s, 'ascii'); };

// ---------------------------------------------------------------- session PDUs
const bindBody = {
	system_id: 'smppclient1',
	password: 'password',
	system_type: '',
	interface_version: 0x34,
	addr_ton: 0,
	addr_npi: 0,
	address_range: ''
};

add('bind_transmitter_basic', 'bind_transmitter', Object.assign({ sequence_number: 1 }, bindBody));
add('bind_transmitter_resp_ok', 'bind_transmitter_resp', { sequence_number: 1, system_id: 'SMSC01' });
add('bind_transmitter_resp_invalid_password_no_body', 'bind_transmitter_resp',
	{ sequence_number: 1, command_status: smpp.ESME_RINVPASWD, system_id: 'SMSC01' },
	{ note: 'node-smpp omits the whole body whenever command_status != 0 (system_id is not written). '
		+ 'Receivers must accept a header-only bind_*_resp on error.' });
add('bind_receiver_vms', 'bind_receiver', {
	sequence_number: 2,
	system_id: 'rx_user',
	password: 'secret12',
	system_type: 'VMS',
	interface_version: 0x34,
	addr_ton: 1,
	addr_npi: 1,
	address_range: ''
});
add('bind_receiver_resp_ok', 'bind_receiver_resp', { sequence_number: 2, system_id: 'SMSC01' });
add('bind_transceiver_address_range', 'bind_transceiver', {
	sequence_number: 3,
	system_id: 'trx_user',
	password: 'pw',
	system_type: 'SMPP',
	interface_version: 0x34,
	addr_ton: 1,
	addr_npi: 1,
	address_range: '^447[0-9]+'
});
add('bind_transceiver_resp_sc_interface_version', 'bind_transceiver_resp', {
	sequence_number: 3,
	system_id: 'SMSC01',
	sc_interface_version: 0x34
});
add('bind_transmitter_node_default_interface_version', 'bind_transmitter', {
	sequence_number: 4,
	system_id: 'smppclient1',
	password: 'password'
}, {
	spec_conformant: false,
	note: 'interface_version left to node-smpp\'s default, which is 0x50 (SMPP 5.0), not 0x34. '
		+ 'Layout is the 3.4 bind layout; only the version octet differs.'
});
add('outbind_basic', 'outbind', { sequence_number: 5, system_id: 'SMSC01', password: 'pw123' });
add('unbind', 'unbind', { sequence_number: 6 });
add('unbind_resp', 'unbind_resp', { sequence_number: 6 });
add('enquire_link', 'enquire_link', { sequence_number: 7 });
add('enquire_link_resp', 'enquire_link_resp', { sequence_number: 7 });
add('enquire_link_max_sequence', 'enquire_link', { sequence_number: 0x7FFFFFFF });
add('generic_nack_invalid_command_id', 'generic_nack', { sequence_number: 8, command_status: smpp.ESME_RINVCMDID });

// ------------------------------------------------------------------- submit_sm
const submitBase = {
	service_type: '',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	dest_addr_ton: 1,
	dest_addr_npi: 1,
	destination_addr: '447700900123',
	esm_class: 0,
	protocol_id: 0,
	priority_flag: 0,
	schedule_delivery_time: '',
	validity_period: '',
	registered_delivery: 1,
	replace_if_present_flag: 0,
	data_coding: 0,
	sm_default_msg_id: 0
};

function submit(overrides) {
	return Object.assign({}, submitBase, overrides);
}

add('submit_sm_basic_gsm', 'submit_sm', submit({ sequence_number: 10, short_message: ascii('Hello world') }));

add('submit_sm_sar_tlvs', 'submit_sm', submit({
	sequence_number: 11,
	short_message: ascii('Part one of a long message'),
	user_message_reference: 0x1234,
	sar_msg_ref_num: 0x0042,
	sar_total_segments: 3,
	sar_segment_seqnum: 1
}));

const payload = Buffer.alloc(300);
for (let i = 0; i < payload.length; i++) {
	payload[i] = 0x41 + (i % 26); // 'A'..'Z' repeated
}
add('submit_sm_message_payload_300_octets', 'submit_sm', submit({
	sequence_number: 12,
	short_message: Buffer.alloc(0),
	message_payload: payload
}), { note: 'sm_length 0 and the text carried in message_payload (0x0424); the TLV value is longer than 254 octets.' });

add('submit_sm_ports_binary', 'submit_sm', submit({
	sequence_number: 13,
	data_coding: 4,
	registered_delivery: 0,
	short_message: Buffer.from([0x01, 0x06, 0x03, 0xAE, 0x81, 0xEA]),
	source_port: 9200,
	dest_port: 2948
}), { note: 'node-smpp calls tag 0x020B "dest_port"; recorded here under the SMPP 3.4 name destination_port.' });

add('submit_sm_udh_concat_8bit_ref', 'submit_sm', submit({
	sequence_number: 14,
	esm_class: 0x40,
	short_message: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0xA3, 0x02, 0x01]), ascii('First part text')])
}));

add('submit_sm_udh_via_node_udh_api', 'submit_sm', submit({
	sequence_number: 15,
	short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x7F, 0x02, 0x02]), message: 'Second part' }
}), { note: 'short_message given to node-smpp as {udh, message}: node-smpp itself ORs 0x40 into esm_class and GSM-encodes the text.' });

add('submit_sm_ucs2_surrogate_pair', 'submit_sm', submit({
	sequence_number: 16,
	data_coding: 8,
	short_message: 'Привет 😀'
}), { note: 'Text passed as a JS string with data_coding 8; node-smpp encoded it (UTF-16BE, emoji as a surrogate pair).' });

add('submit_sm_ucs2_raw_bytes', 'submit_sm', submit({
	sequence_number: 17,
	data_coding: 8,
	short_message: Buffer.from([0x00, 0x48, 0x00, 0x69, 0x20, 0xAC])
}));

add('submit_sm_absolute_schedule_relative_validity', 'submit_sm', submit({
	sequence_number: 18,
	schedule_delivery_time: '250102153000004+',
	validity_period: '000001000000000R',
	short_message: ascii('Scheduled')
}));

add('submit_sm_absolute_validity_negative_offset', 'submit_sm', submit({
	sequence_number: 19,
	validity_period: '251231235959920-',
	short_message: ascii('Expires')
}));

add('submit_sm_alphanumeric_all_flags', 'submit_sm', submit({
	sequence_number: 20,
	service_type: 'CMT',
	source_addr_ton: 5,
	source_addr_npi: 0,
	source_addr: 'MyBrand',
	dest_addr_ton: 2,
	dest_addr_npi: 1,
	destination_addr: '07700900123',
	esm_class: 0x03,
	protocol_id: 0x7F,
	priority_flag: 3,
	registered_delivery: 0x11,
	replace_if_present_flag: 1,
	data_coding: 0xF0,
	sm_default_msg_id: 0,
	short_message: ascii('Flash!')
}));

add('submit_sm_gsm_at_sign_mid_text', 'submit_sm', submit({
	sequence_number: 21,
	short_message: Buffer.from([0x61, 0x00, 0x62, 0x1B, 0x65])
}), { note: 'GSM 03.38 unpacked octets "a@b€": 0x00 (@) inside short_message must not be treated as a terminator.' });

add('submit_sm_callback_num', 'submit_sm', submit({
	sequence_number: 22,
	short_message: ascii('Call me'),
	callback_num: [{ digit_mode: 0, ton: 1, npi: 1, number: '447700900999' }],
	callback_num_pres_ind: [0x01]
}));

add('submit_sm_alert_on_message_delivery_node_style', 'submit_sm', submit({
	sequence_number: 23,
	short_message: ascii('Alert'),
	alert_on_message_delivery: 0
}), {
	spec_conformant: false,
	note: 'node-smpp types alert_on_message_delivery (0x130C) as int8 and writes length 1, value 0x00. '
		+ 'SMPP 3.4 defines it with length 0 and no value. Decode-only: a 3.4 decoder should still skip it by length.'
});

add('submit_sm_empty_message', 'submit_sm', submit({ sequence_number: 24, registered_delivery: 0, short_message: Buffer.alloc(0) }));

add('submit_sm_resp_ok', 'submit_sm_resp', { sequence_number: 10, message_id: '5f3c9b2a-0d1e-4c2b-9a77-1b2c3d4e5f60' });
add('submit_sm_resp_hex_id', 'submit_sm_resp', { sequence_number: 11, message_id: '00B8BE19' });
add('submit_sm_resp_throttled_no_body', 'submit_sm_resp', {
	sequence_number: 12,
	command_status: smpp.ESME_RTHROTTLED,
	message_id: 'ignored'
}, { note: 'command_status 0x58: node-smpp writes a header-only PDU (no message_id), as SMPP 3.4 allows for submit_sm_resp on error.' });

// ------------------------------------------------------------------ deliver_sm
const deliverBase = {
	service_type: '',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900123',
	dest_addr_ton: 1,
	dest_addr_npi: 1,
	destination_addr: '447700900001',
	esm_class: 0,
	protocol_id: 0,
	priority_flag: 0,
	schedule_delivery_time: '',
	validity_period: '',
	registered_delivery: 0,
	replace_if_present_flag: 0,
	data_coding: 0,
	sm_default_msg_id: 0
};

function deliver(overrides) {
	return Object.assign({}, deliverBase, overrides);
}

add('deliver_sm_mo_text', 'deliver_sm', deliver({ sequence_number: 30, short_message: ascii('Reply YES') }));

const receiptText = 'id:0123456789 sub:001 dlvrd:001 submit date:2501021530 done date:2501021531 stat:DELIVRD err:000 text:Hello world';
add('deliver_sm_delivery_receipt_tlvs', 'deliver_sm', deliver({
	sequence_number: 31,
	esm_class: 0x04,
	short_message: ascii(receiptText),
	receipted_message_id: '0123456789',
	message_state: 2,
	network_error_code: Buffer.from([0x03, 0x00, 0x00])
}));

add('deliver_sm_delivery_receipt_undeliv', 'deliver_sm', deliver({
	sequence_number: 32,
	esm_class: 0x04,
	short_message: ascii('id:00B8BE19 sub:001 dlvrd:000 submit date:2501021530 done date:2501021600 stat:UNDELIV err:001 text:'),
	receipted_message_id: 'B8BE19',
	message_state: 5,
	network_error_code: Buffer.from([0x03, 0x00, 0x01])
}), { note: 'Receipt text id has leading zeros and differs from receipted_message_id (jasmin#1129 pattern); both values are as given.' });

add('deliver_sm_mo_ucs2_udh_16bit_ref', 'deliver_sm', deliver({
	sequence_number: 33,
	esm_class: 0x40,
	data_coding: 8,
	short_message: Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 0x04, 0x1F, 0x04, 0x40, 0x04, 0x38])
}));

add('deliver_sm_vendor_and_network_type_tlvs', 'deliver_sm', deliver({
	sequence_number: 34,
	short_message: ascii('MO'),
	source_network_type: 1,
	more_messages_to_send: 1,
	vendor_specific_1400: Buffer.from([0xDE, 0xAD, 0xBE, 0xEF])
}), { note: 'Vendor TLV 0x1400 registered via smpp.addTLV; source_network_type and more_messages_to_send are seen from real SMSCs in deliver_sm.' });

add('deliver_sm_resp_empty_id', 'deliver_sm_resp', { sequence_number: 30, message_id: '' });
add('deliver_sm_resp_temp_app_error_no_body', 'deliver_sm_resp', {
	sequence_number: 31,
	command_status: smpp.ESME_RX_T_APPN
}, { note: 'node-smpp omits the body (message_id) when command_status != 0.' });

// --------------------------------------------------------------------- data_sm
add('data_sm_message_payload', 'data_sm', {
	sequence_number: 40,
	service_type: 'WAP',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	dest_addr_ton: 1,
	dest_addr_npi: 1,
	destination_addr: '447700900123',
	esm_class: 0,
	registered_delivery: 1,
	data_coding: 0,
	message_payload: ascii('data sm payload text'),
	source_port: 9200,
	dest_port: 9201,
	user_message_reference: 7
});
add('data_sm_message_payload_qos_ttl', 'data_sm', {
	sequence_number: 40,
	service_type: 'WAP',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	dest_addr_ton: 1,
	dest_addr_npi: 1,
	destination_addr: '447700900123',
	esm_class: 0,
	registered_delivery: 1,
	data_coding: 0,
	message_payload: ascii('data sm payload text'),
	source_port: 9200,
	dest_port: 9201,
	user_message_reference: 7,
	qos_time_to_live: 3600
});
add('data_sm_resp_ok', 'data_sm_resp', { sequence_number: 40, message_id: 'abc123' });
add('data_sm_resp_with_tlvs', 'data_sm_resp', {
	sequence_number: 41,
	message_id: 'abc124',
	delivery_failure_reason: 0,
	network_error_code: Buffer.from([0x03, 0x00, 0x05]),
	additional_status_info_text: 'queued',
	dpf_result: 1
});

// -------------------------------------------------------------------- query_sm
add('query_sm_basic', 'query_sm', {
	sequence_number: 50,
	message_id: '0123456789',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001'
});
add('query_sm_resp_delivered', 'query_sm_resp', {
	sequence_number: 50,
	message_id: '0123456789',
	final_date: '250102153100004+',
	message_state: 2,
	error_code: 0
});
add('query_sm_resp_enroute_no_final_date', 'query_sm_resp', {
	sequence_number: 51,
	message_id: '0123456790',
	final_date: '',
	message_state: 1,
	error_code: 0
});

// ------------------------------------------------------------------- cancel_sm
add('cancel_sm_by_id', 'cancel_sm', {
	sequence_number: 60,
	service_type: '',
	message_id: '0123456789',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	dest_addr_ton: 1,
	dest_addr_npi: 1,
	destination_addr: '447700900123'
});
add('cancel_sm_all_for_service_type', 'cancel_sm', {
	sequence_number: 61,
	service_type: 'CMT',
	message_id: '',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	dest_addr_ton: 1,
	dest_addr_npi: 1,
	destination_addr: '447700900123'
});
add('cancel_sm_resp', 'cancel_sm_resp', { sequence_number: 60 });

// ------------------------------------------------------------------ replace_sm
add('replace_sm_relative_validity', 'replace_sm', {
	sequence_number: 70,
	message_id: '0123456789',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	schedule_delivery_time: '',
	validity_period: '000000001000000R',
	registered_delivery: 1,
	sm_default_msg_id: 0,
	short_message: ascii('Replaced text')
});
add('replace_sm_resp', 'replace_sm_resp', { sequence_number: 70 });

// ---------------------------------------------------------------- submit_multi
add('submit_multi_two_sme_one_dl', 'submit_multi', {
	sequence_number: 80,
	service_type: '',
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900001',
	dest_address: [
		{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123' },
		{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124' },
		{ dl_name: 'friends' }
	],
	esm_class: 0,
	protocol_id: 0,
	priority_flag: 1,
	schedule_delivery_time: '',
	validity_period: '000002000000000R',
	registered_delivery: 1,
	replace_if_present_flag: 0,
	data_coding: 0,
	sm_default_msg_id: 0,
	short_message: ascii('Hi all'),
	user_message_reference: 99
});
add('submit_multi_resp_two_unsuccess', 'submit_multi_resp', {
	sequence_number: 80,
	message_id: 'multi-0001',
	unsuccess_sme: [
		{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900124', error_status_code: 0x0000000B },
		{ dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: 'friends', error_status_code: 0x00000034 }
	]
});
add('submit_multi_resp_all_ok', 'submit_multi_resp', { sequence_number: 81, message_id: 'multi-0002', unsuccess_sme: [] });

// ---------------------------------------------------------- alert_notification
add('alert_notification_available', 'alert_notification', {
	sequence_number: 90,
	source_addr_ton: 1,
	source_addr_npi: 1,
	source_addr: '447700900123',
	esme_addr_ton: 1,
	esme_addr_npi: 1,
	esme_addr: '447700900001',
	ms_availability_status: 0
});

process.stdout.write(JSON.stringify(vectors, null, 2) + '\n');
