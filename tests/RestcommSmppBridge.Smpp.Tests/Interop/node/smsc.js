// An SMSC played by node's `smpp` package (an implementation independent of ours), for interop tests.
// Usage: node smsc.js <system_id> <password> <seconds>
// Listens on 127.0.0.1 (port chosen by the OS) and prints one JSON object per line on stdout:
//   {"event":"listening","port":N}, {"event":"bind","system_id":..} (or "bind_refused"), {"event":"submit_sm",..},
//   {"event":"deliver_sm_resp",..}, {"event":"enquire_link"}, {"event":"unbind"}
// Accepts binds with the given credentials (others get ESME_RINVPASWD), answers every submit_sm with a message_id
// "node000001", "node000002"… in arrival order, then sends one deliver_sm back to the session: an MO whose text is
// "echo:" + the submitted text (of that part, for a part of a long message), encoded by node's own coder in kind:
// UCS-2 (data_coding 8) when the submit was UCS-2, else the GSM 03.38 default alphabet (data_coding 0, one septet per
// octet). The submit_sm event carries the text as node decoded it and the UDH information elements as hex.
// Exits by itself after <seconds>.
'use strict';
const smpp = require('smpp');

const [systemId, password, seconds] = process.argv.slice(2);
let nextId = 1;
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const server = smpp.createServer((session) => {
  session.on('error', (e) => emit({ event: 'error', message: String(e && e.message) }));
  const onBind = (pdu) => {
    if (pdu.system_id !== systemId || pdu.password !== password) {
      session.send(pdu.response({ command_status: smpp.ESME_RINVPASWD }));
      emit({ event: 'bind_refused', system_id: pdu.system_id });
      return;
    }
    session.send(pdu.response({ system_id: 'node-smsc' }));
    emit({ event: 'bind', command: pdu.command, system_id: pdu.system_id, interface_version: pdu.interface_version });
  };
  session.on('bind_transceiver', onBind);
  session.on('bind_transmitter', onBind);
  session.on('bind_receiver', onBind);
  session.on('enquire_link', (pdu) => {
    session.send(pdu.response());
    emit({ event: 'enquire_link' });
  });
  session.on('unbind', (pdu) => {
    session.send(pdu.response());
    emit({ event: 'unbind' });
    session.close();
  });
  session.on('submit_sm', (pdu) => {
    const id = 'node' + String(nextId++).padStart(6, '0');
    session.send(pdu.response({ message_id: id }));
    // node's message filter decodes short_message by data_coding (0 = GSM 03.38, 8 = UTF-16BE) into
    // { udh: [IE buffers], message: text } once the UDHI bit (0x40) of esm_class is set.
    const sm = pdu.short_message;
    const message = sm && sm.message !== undefined ? String(sm.message) : '';
    emit({
      event: 'submit_sm', message_id: id, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr,
      data_coding: pdu.data_coding, esm_class: pdu.esm_class, registered_delivery: pdu.registered_delivery,
      message: message, udh: sm && Array.isArray(sm.udh) ? sm.udh.map((ie) => ie.toString('hex')) : [],
    });
    const ucs2 = pdu.data_coding === smpp.ENCODING.UCS2;
    session.deliver_sm({
      source_addr: pdu.destination_addr, source_addr_ton: 1, source_addr_npi: 1,
      destination_addr: pdu.source_addr, dest_addr_ton: 1, dest_addr_npi: 1,
      data_coding: ucs2 ? smpp.ENCODING.UCS2 : smpp.ENCODING.SMSC_DEFAULT, short_message: 'echo:' + message,
    }, (resp) => emit({ event: 'deliver_sm_resp', command_status: resp.command_status }));
  });
});
server.listen(0, '127.0.0.1', () => emit({ event: 'listening', port: server.address().port }));
setTimeout(() => { emit({ event: 'timeout' }); process.exit(0); }, Number(seconds || 30) * 1000).unref();
