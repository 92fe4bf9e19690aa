// Which proxy, if any, a request goes through: the --proxy flag, then the
// environment's variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, as
// curl and npm read them), then the profile's saved proxy. Pure: the agents
// that do the tunnelling are in ./proxy-agent.ts, loaded only when one applies.
import { usageError } from '../base/errors.js';
import { registerSecret } from '../base/redact.js';
import type { Env } from '../base/settings.js';
import { isLoopbackHost } from './base-url.js';

/** How a request reaches its host: through this proxy (password included, if any). */
export interface ProxyRoute {
  readonly url: URL;
  /** Where it was set, for --debug and auth status: "--proxy", "HTTPS_PROXY", "profile okx". */
  readonly source: string;
}

/** What the proxy choice is made from. */
export interface ProxyInputs {
  /** --proxy: a URL, or "none" (go direct). */
  readonly flag?: string | undefined;
  readonly env: Env;
  /** The stored profile's proxy, its password filled in from the profile's secrets. */
  readonly profile?: ProxyRoute | undefined;
}

export const PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:'] as const;

/** Words that mean "no proxy" in --proxy. */
const DIRECT = new Set(['none', 'direct', '']);

/**
 * Flag > environment > profile. The flag and the profile name a proxy on
 * purpose and apply to every host of the command or profile. The environment's
 * proxy applies unless NO_PROXY matches; when NO_PROXY is unset, loopback
 * hosts (localhost, 127.x, ::1) are not proxied — set NO_PROXY (even to "")
 * to decide for them yourself.
 */
export function chooseProxy(target: URL, inputs: ProxyInputs): ProxyRoute | null {
  if (inputs.flag !== undefined) {
    if (DIRECT.has(inputs.flag.trim().toLowerCase())) return null;
    return { url: parseProxyUrl(inputs.flag, '--proxy', { passwordAllowed: false }), source: '--proxy' };
  }
  const fromEnv = environmentProxy(target, inputs.env);
  if (fromEnv !== undefined) return fromEnv;
  return inputs.profile ?? null;
}

/** A wrong --proxy is a usage error (exit 2) before anything else happens. */
export function checkProxyFlag(flag: string | undefined): void {
  if (flag !== undefined && !DIRECT.has(flag.trim().toLowerCase())) parseProxyUrl(flag, '--proxy', { passwordAllowed: false });
}

/** Whether --proxy says "go direct". */
export function isDirect(flag: string): boolean {
  return DIRECT.has(flag.trim().toLowerCase());
}

/**
 * The environment's answer: a route, null for "direct" (NO_PROXY matched), or
 * undefined when no variable names a proxy for this scheme.
 */
export function environmentProxy(target: URL, env: Env): ProxyRoute | null | undefined {
  const scheme = target.protocol === 'http:' ? 'http' : 'https';
  const found = firstSet(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']);
  if (found === undefined) return undefined;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY'], { emptyCounts: true });
  const bypass = noProxy === undefined ? isLoopbackHost(target.hostname) : matchesNoProxy(target, noProxy.value);
  if (bypass) return null;
  return { url: parseProxyUrl(found.value, found.name, { passwordAllowed: true }), source: found.name };
}

/** The first variable set (lower case before upper case, as curl and wget read them). */
function firstSet(env: Env, names: readonly string[], options: { emptyCounts?: boolean } = {}): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    if (value.trim() === '' && options.emptyCounts !== true) continue;
    return { name, value: value.trim() };
  }
  return undefined;
}

/**
 * NO_PROXY: comma- (or space-) separated entries; "*" matches every host; a
 * name matches itself and every name below it ("example.com" and
 * ".example.com" both match api.example.com); "host:port" only that port; an
 * IP address itself (IPv6 with or without brackets); an IPv4 CIDR block its range.
 */
export function matchesNoProxy(target: URL, list: string): boolean {
  const host = bare(target.hostname.toLowerCase());
  const port = target.port === '' ? (target.protocol === 'http:' ? '80' : '443') : target.port;
  for (const raw of list.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const { name, port: entryPort } = splitEntry(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.includes('/') ? inCidr(host, name) : matchesName(host, name)) return true;
  }
  return false;
}

function splitEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) return bracketed[2] === undefined ? { name: bracketed[1]! } : { name: bracketed[1]!, port: bracketed[2] };
  // An unbracketed IPv6 address has several colons: no port.
  if ((entry.match(/:/g) ?? []).length > 1) return { name: entry };
  const withPort = /^(.+):(\d+)$/.exec(entry);
  return withPort === null ? { name: entry } : { name: withPort[1]!, port: withPort[2]! };
}

function matchesName(host: string, entry: string): boolean {
  const name = entry.replace(/^\*?\.?/, '');
  if (name === '') return false;
  return host === name || host.endsWith(`.${name}`);
}

function inCidr(host: string, block: string): boolean {
  const [base, bitsText] = block.split('/');
  const bits = Number(bitsText);
  const address = ipv4(host);
  const network = ipv4(base ?? '');
  if (address === null || network === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (address & mask) >>> 0 === (network & mask) >>> 0;
}

function ipv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

const bare = (host: string): string => host.replace(/^\[|\]$/g, '');

/**
 * A proxy URL from a flag, a variable or the settings file; a usage error
 * (exit 2, before any request) names `source` and never repeats a password.
 * `passwordAllowed: false` (the flag): a password on the command line would
 * be in the shell's history and the process list.
 */
export function parseProxyUrl(raw: string, source: string, options: { passwordAllowed: boolean }): URL {
  const text = raw.trim();
  let url: URL;
  try {
    // "host:port" alone is read as http://host:port, as curl does.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw usageError(`${source} is not a proxy URL.`, 'Give one such as http://proxy.example.com:3128 or socks5h://127.0.0.1:1080.');
  }
  if (!(PROXY_SCHEMES as readonly string[]).includes(url.protocol)) {
    throw usageError(
      `${source} uses ${url.protocol}//, which balance cannot use as a proxy.`,
      'Use http://, https://, socks5:// (names resolved here) or socks5h:// (names resolved by the proxy).',
    );
  }
  if (url.hostname === '') throw usageError(`${source} names no proxy host.`, 'Give one such as http://proxy.example.com:3128.');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw usageError(`${source} must be a proxy's address only (scheme, host and port), without a path or query.`);
  }
  // A last line of defence, as for every secret: whatever quotes it later is masked.
  if (url.password !== '') registerSecret(safeDecode(url.password));
  if (url.password !== '' && !options.passwordAllowed) {
    throw usageError(
      `${source} must not carry a password: it would be kept in your shell's history and shown to other users in the process list.`,
      'Put it in HTTPS_PROXY, or save it with the profile: balance auth login … --proxy http://USER@HOST:PORT asks for it.',
    );
  }
  return url;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The proxy's URL for people: scheme, user, host and port; a password is never shown, only that there is one. */
export function describeProxy(url: URL): string {
  const user = url.username === '' ? '' : `${safeDecode(url.username)}${url.password === '' ? '' : ':****'}@`;
  return `${url.protocol}//${user}${url.host}`;
}

/** The URL to save in the settings file: the password taken out (it goes with the secrets). */
export function withoutPassword(url: URL): { url: string; password: string | undefined } {
  const copy = new URL(url.href);
  const password = copy.password === '' ? undefined : safeDecode(copy.password);
  copy.password = '';
  return { url: `${copy.protocol}//${copy.username === '' ? '' : `${copy.username}@`}${copy.host}`, password };
}

/** A saved URL with its password put back. */
export function withPassword(saved: string, password: string | undefined, source: string): URL {
  const url = parseProxyUrl(saved, source, { passwordAllowed: false });
  if (password !== undefined && password !== '') url.password = encodeURIComponent(password);
  return url;
}
