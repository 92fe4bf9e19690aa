// Preloaded (NODE_OPTIONS=--require) by the proxy tests: a name under .test or
// .invalid is "not found" at once, as getaddrinfo would say, without asking
// the system's DNS server — which is not on loopback. Every other name is
// looked up as usual. So `socks5://` (names resolved here) fails for the
// made-up okx.test the way it would for any name only the proxy can resolve.
'use strict';
const dns = require('node:dns');

const MADE_UP = /\.(?:test|invalid)\.?$/i;
const lookup = dns.lookup;

dns.lookup = function madeUpLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (typeof hostname === 'string' && MADE_UP.test(hostname)) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
    process.nextTick(() => done(error));
    return {};
  }
  return lookup.call(this, hostname, options, callback);
};
