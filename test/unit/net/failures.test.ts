// Failures no loopback test can cause (a name that does not resolve, an
// unreachable network) in the words the user sees: host and port, what to do,
// and the code after, never alone.
import { describe, expect, it } from 'vitest';
import { connectionFailure, hostPort } from '../../../src/net/failures.js';
import { ProxyRefused } from '../../../src/net/transport.js';

const errno = (code: string, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(`connect ${code}`), { code, ...extra });
const direct = { provider: 'OKX', target: new URL('https://www.okx.com'), proxy: null };
const viaSocks = { ...direct, proxy: { url: new URL('socks5://127.0.0.1:1080'), source: 'ALL_PROXY' } };

describe('connectionFailure', () => {
  it('a host name that does not resolve: DNS in words, the base URL and a proxy as fixes, no retry', () => {
    const error = connectionFailure(errno('ENOTFOUND', { hostname: 'www.okx.com' }), direct);
    expect(error.message).toBe('The host name www.okx.com could not be found (DNS), so OKX at www.okx.com:443 could not be reached. (ENOTFOUND)');
    expect(error.hint).toMatch(/base URL.*DNS.*HTTPS_PROXY or pass --proxy/);
    expect(error.retryable).toBe(false);
    expect(error.exitCode).toBe(1);
  });

  it('an unreachable network: the route, the connection and a proxy as fixes', () => {
    for (const code of ['ENETUNREACH', 'EHOSTUNREACH']) {
      const error = connectionFailure(errno(code), direct);
      expect(error.message).toBe(`www.okx.com:443 cannot be reached from this computer: no network route to it. (${code})`);
      expect(error.hint).toMatch(/network connection.*IPv6.*HTTPS_PROXY/);
    }
  });

  it('a connect timeout names host and port', () => {
    expect(connectionFailure(errno('ETIMEDOUT'), direct).message).toBe('The connection to www.okx.com:443 timed out before OKX answered. (ETIMEDOUT)');
  });

  it('through socks5://, a name not found here points to socks5h://', () => {
    const error = connectionFailure(errno('ENOTFOUND', { hostname: 'www.okx.com' }), viaSocks);
    expect(error.message).toBe('The host name www.okx.com could not be found here (DNS), so it could not be handed to the proxy socks5://127.0.0.1:1080 (ALL_PROXY).');
    expect(error.hint).toContain('socks5h://');
  });

  it('a SOCKS5 "not allowed": the proxy refused, go around it', () => {
    const socks = Object.assign(new Error('Socks5 proxy rejected connection - NotAllowed'), { name: 'SocksClientError' });
    const error = connectionFailure(socks, viaSocks);
    expect(error.message).toBe('The SOCKS5 proxy socks5://127.0.0.1:1080 (ALL_PROXY) could not connect to www.okx.com:443: the proxy does not allow it; nothing was sent to OKX.');
    expect(error.hint).toContain('NO_PROXY');
    expect(error.retryable).toBe(false);
  });

  it('a proxy that asks for credentials never shows the password it was given', () => {
    const proxy = { url: new URL('http://me:hunter2-secret@proxy:3128'), source: 'HTTPS_PROXY' };
    const error = connectionFailure(new ProxyRefused(407), { ...direct, proxy });
    expect(error.message).toBe('The proxy http://me:****@proxy:3128 (HTTPS_PROXY) rejected its user name and password (HTTP 407); nothing was sent to OKX.');
    expect(`${error.message}${error.hint}`).not.toContain('hunter2');
  });
});

it('hostPort always gives the port, and IPv6 in brackets', () => {
  expect(hostPort(new URL('https://www.okx.com'))).toBe('www.okx.com:443');
  expect(hostPort(new URL('http://[::1]:8080/x'))).toBe('[::1]:8080');
});
