// An ESME played by node's `smpp` package (an implementation independent of ours), for interop tests.
// Usage: node esme.js <port> <system_id> <password> <count> <seconds>
// Binds as transceiver to 127.0.0.1:<port>, submits <count> messages "hello N" (registered_delivery 1), answers every
// deliver_sm it receives, and prints one JSON object per line: {"event":"bind_resp",..}, {"event":"submit_sm_resp",..},
// {"event":"deliver_sm",..} (with the receipted_message_id and message_state TLVs of a receipt), {"event":"unbound"}.
// Unbinds and exits once all submits are answered and <count> deliver_sm arrived, or after <seconds> in any case; a
// refused bind only prints its bind_resp and exits.
'use strict';
const smpp = require('smpp');

const [port, systemId, password, count, seconds] = process.argv.slice(2);
const total = Number(count || 1);
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let responses = 0;
let delivers = 0;
let unbinding = false;

const session = smpp.connect({ url: 'smpp://127.0.0.1:' + port, auto_enquire_link_period: 10000 });
session.on('error', (e) => emit({ event: 'error', message: String(e && e.message) }));
const finish = () => {
  if (!unbinding && responses >= total && delivers >= total) {
    unbinding = true;
    session.unbind(() => { emit({ event: 'unbound' }); session.close(); process.exit(0); });
  }
};
session.on('deliver_sm', (pdu) => {
  session.send(pdu.response());
  delivers++;
  emit({
    event: 'deliver_sm', esm_class: pdu.esm_class, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr,
    data_coding: pdu.data_coding,
    message: pdu.short_message && pdu.short_message.message !== undefined ? String(pdu.short_message.message) : null,
    receipted_message_id: pdu.receipted_message_id || null, message_state: pdu.message_state === undefined ? null : pdu.message_state,
  });
  finish();
});
session.bind_transceiver({ system_id: systemId, password: password, interface_version: 0x34 }, (pdu) => {
  emit({ event: 'bind_resp', command_status: pdu.command_status, system_id: pdu.system_id });
  if (pdu.command_status !== 0) { session.close(); process.exit(0); }
  for (let i = 0; i < total; i++) {
    session.submit_sm({
      source_addr: '15550001111', source_addr_ton: 1, source_addr_npi: 1,
      destination_addr: '15550002222', dest_addr_ton: 1, dest_addr_npi: 1,
      registered_delivery: 1, short_message: 'hello ' + i,
    }, (resp) => {
      responses++;
      emit({ event: 'submit_sm_resp', command_status: resp.command_status, message_id: resp.message_id });
      finish();
    });
  }
});
setTimeout(() => { emit({ event: 'timeout' }); process.exit(0); }, Number(seconds || 30) * 1000).unref();
