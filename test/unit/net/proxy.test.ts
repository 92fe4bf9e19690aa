// Which proxy a request takes: flag > environment > profile, the variables'
// cases, NO_PROXY's forms and the loopback rule; and how a proxy URL is
// checked, shown and saved (its password never in the text).
import { describe, expect, it } from 'vitest';
import { chooseProxy, describeProxy, matchesNoProxy, parseProxyUrl, withoutPassword, withPassword } from '../../../src/net/proxy.js';
import { usageFailure } from '../usage-failure.js';

const OKX = new URL('https://www.okx.com');
const LOOPBACK = new URL('http://127.0.0.1:8080');
const route = (target: URL, env: Record<string, string>, flag?: string) => {
  const chosen = chooseProxy(target, { env, flag, profile: { url: new URL('http://profile.example:3128'), source: 'profile main' } });
  return chosen === null ? null : `${chosen.url.href} ${chosen.source}`;
};

describe('chooseProxy', () => {
  it('the flag beats the environment, which beats the profile', () => {
    expect(route(OKX, { HTTPS_PROXY: 'http://env.example:8080' }, 'socks5h://flag.example:1080')).toBe('socks5h://flag.example:1080 --proxy');
    expect(route(OKX, { HTTPS_PROXY: 'http://env.example:8080' })).toBe('http://env.example:8080/ HTTPS_PROXY');
    expect(route(OKX, {})).toBe('http://profile.example:3128/ profile main');
  });

  it('--proxy none (or direct) goes direct whatever the environment and the profile say', () => {
    expect(route(OKX, { HTTPS_PROXY: 'http://env.example:8080' }, 'none')).toBeNull();
    expect(route(OKX, { HTTPS_PROXY: 'http://env.example:8080' }, 'DIRECT')).toBeNull();
  });

  it('the scheme picks the variable; lower case before upper case; ALL_PROXY as the fallback', () => {
    expect(route(OKX, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' })).toBe('http://lower:1/ https_proxy');
    expect(route(OKX, { HTTP_PROXY: 'http://plain:1', ALL_PROXY: 'socks5h://all:1080' })).toBe('socks5h://all:1080 ALL_PROXY');
    expect(route(new URL('http://localhost:1'), { HTTP_PROXY: 'http://plain:1', NO_PROXY: '' })).toBe('http://plain:1/ HTTP_PROXY');
    expect(route(OKX, { HTTPS_PROXY: '  ', all_proxy: 'http://all:1' })).toBe('http://all:1/ all_proxy');
  });

  it('NO_PROXY matching the host: direct, and the profile does not step in', () => {
    expect(route(OKX, { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'okx.com' })).toBeNull();
  });

  it('loopback goes direct while NO_PROXY is unset; NO_PROXY, even empty, then decides', () => {
    expect(route(LOOPBACK, { HTTP_PROXY: 'http://env:1' })).toBeNull();
    expect(route(new URL('https://[::1]:8443'), { HTTPS_PROXY: 'http://env:1' })).toBeNull();
    expect(route(LOOPBACK, { HTTP_PROXY: 'http://env:1', NO_PROXY: '' })).toBe('http://env:1/ HTTP_PROXY');
    expect(route(LOOPBACK, { HTTP_PROXY: 'http://env:1', no_proxy: 'example.com' })).toBe('http://env:1/ HTTP_PROXY');
    // The flag and the profile name a proxy on purpose: loopback too.
    expect(route(LOOPBACK, {}, 'http://flag:1')).toBe('http://flag:1/ --proxy');
    expect(route(LOOPBACK, {})).toBe('http://profile.example:3128/ profile main');
  });
});

describe('matchesNoProxy', () => {
  const matches = (url: string, list: string): boolean => matchesNoProxy(new URL(url), list);
  it('names and their subdomains, with or without a leading dot or *.', () => {
    for (const list of ['okx.com', '.okx.com', '*.okx.com', 'example.org, okx.com']) {
      expect(matches('https://www.okx.com', list)).toBe(true);
      expect(matches('https://okx.com', list)).toBe(true);
      expect(matches('https://notokx.com', list)).toBe(false);
    }
  });
  it('* matches everything; host:port only that port (443 when none is given)', () => {
    expect(matches('https://www.okx.com', '*')).toBe(true);
    expect(matches('https://www.okx.com', 'www.okx.com:443')).toBe(true);
    expect(matches('https://www.okx.com:8443', 'www.okx.com:443')).toBe(false);
  });
  it('IP addresses, IPv6 with or without brackets, IPv4 blocks', () => {
    expect(matches('http://127.0.0.1:1', '127.0.0.1')).toBe(true);
    expect(matches('http://[::1]:1', '::1')).toBe(true);
    expect(matches('http://[::1]:1', '[::1]')).toBe(true);
    expect(matches('http://[::1]:1', '[::1]:1')).toBe(true);
    expect(matches('https://10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(matches('https://11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(matches('https://www.okx.com', '10.0.0.0/8')).toBe(false);
  });
});

describe('proxy URLs', () => {
  it('host:port alone is http://; the schemes balance speaks pass', () => {
    expect(parseProxyUrl('proxy.corp:3128', 'X', { passwordAllowed: true }).href).toBe('http://proxy.corp:3128/');
    for (const scheme of ['http', 'https', 'socks5', 'socks5h']) {
      expect(parseProxyUrl(`${scheme}://p:1`, 'X', { passwordAllowed: true }).protocol).toBe(`${scheme}:`);
    }
  });

  it('an unknown scheme, no host or a path: a usage error naming the source', () => {
    expect(usageFailure(() => parseProxyUrl('socks4://p:1', 'ALL_PROXY', { passwordAllowed: true })).message).toBe(
      'ALL_PROXY uses socks4://, which balance cannot use as a proxy.',
    );
    expect(usageFailure(() => parseProxyUrl('http://', '--proxy', { passwordAllowed: true })).message).toBe('--proxy is not a proxy URL.');
    expect(usageFailure(() => parseProxyUrl('http://p:1/x', '--proxy', { passwordAllowed: true })).message).toMatch(/without a path/);
  });

  it('a password where none may be is refused without being repeated', () => {
    const error = usageFailure(() => parseProxyUrl('http://u:hunter2-secret@p:1', '--proxy', { passwordAllowed: false }));
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
  });

  it('shown with the password masked; saved without it, and put back', () => {
    const url = new URL('http://alice:p%40ss@proxy:3128');
    expect(describeProxy(url)).toBe('http://alice:****@proxy:3128');
    expect(describeProxy(new URL('socks5h://proxy:1080'))).toBe('socks5h://proxy:1080');
    const saved = withoutPassword(url);
    expect(saved).toEqual({ url: 'http://alice@proxy:3128', password: 'p@ss' });
    expect(withPassword(saved.url, saved.password, 'x').href).toBe(url.href);
  });
});
