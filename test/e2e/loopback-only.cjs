// Preloaded (`node --require`) into every `balance` the end-to-end tests start:
// a connection to anything but a loopback address is refused before DNS or
// TCP, and a marker line on stderr makes the suite's global teardown
// (test/e2e/outputs.ts) fail the run. So no test can reach a real provider
// host, even by a forgotten --base-url.
'use strict';
const net = require('node:net');
const { writeSync } = require('node:fs');

const MARKER = 'E2E-GUARD: refused a connection to';
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  // node:http and node:tls call connect([options, callback]) (normalised) or connect(options, …).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  const host = options.host ?? options.hostname ?? 'localhost';
  // A string `path` is a Unix socket (IPC); node:https passes path: null for TCP.
  if (typeof options.path !== 'string' && !LOOPBACK.test(String(host))) {
    writeSync(2, `${MARKER} ${host}\n`);
    const error = Object.assign(new Error(`connect ECONNREFUSED ${host} (e2e tests talk to 127.0.0.1 only)`), { code: 'ECONNREFUSED' });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

module.exports = { MARKER };
