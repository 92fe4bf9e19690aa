// Base URLs: secrets never travel in clear, so plain http:// is for loopback only.
import { usageError } from '../base/errors.js';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Validates a base URL from a flag or the environment. `source` names where it
 * came from, so the error can say which setting to fix.
 */
export function checkBaseUrl(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`${source} is not a URL: ${raw}`, 'Give a full URL such as https://openapi.example.com');
  }
  if (url.protocol === 'https:') return withoutTrailingSlash(url);
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return withoutTrailingSlash(url);
    throw usageError(
      `${source} uses plain http:// to ${url.hostname}; credentials would travel unencrypted.`,
      'Use https://, or http:// only to a loopback address (127.0.0.1, ::1, localhost).',
    );
  }
  throw usageError(`${source} must be an https:// URL, not ${url.protocol}//`);
}

function withoutTrailingSlash(url: URL): URL {
  if (url.search || url.hash) {
    throw usageError(`base URL must not carry a query or fragment: ${url.origin}${url.pathname}`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
