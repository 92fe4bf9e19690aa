// Longport/Longbridge API-key signing, exactly as the official SDK does it:
//
//   canonical = METHOD|path|query|authorization:<token>\nx-api-key:<key>\nx-timestamp:<ts>\n|authorization;x-api-key;x-timestamp|[sha1(body)]
//   signature = hex HMAC-SHA256(app_secret, "HMAC-SHA256|" + hex SHA-1(canonical))
//
// The server signs the literal header text and the query exactly as it travels,
// so the same strings go on the wire and into the signature.
import { createHash, createHmac } from 'node:crypto';

export const SIGNED_HEADERS = 'authorization;x-api-key;x-timestamp';

export interface SignInput {
  readonly method: string;
  /** URL path as the server sees it, e.g. "/v1/asset/account". */
  readonly path: string;
  /** Query string as sent, percent-encoded, without "?"; "" for none. */
  readonly query: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  /** The X-Timestamp header text, e.g. "1700000000.123". */
  readonly timestamp: string;
  /** Request body, when there is one (never for GET). */
  readonly body?: string | undefined;
}

const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** The string whose SHA-1 is signed. It holds the token: never print it. */
export function canonicalRequest(input: SignInput): string {
  const headers =
    `authorization:${input.accessToken}\n` + `x-api-key:${input.appKey}\n` + `x-timestamp:${input.timestamp}\n`;
  const canonical = `${input.method.toUpperCase()}|${input.path}|${input.query}|${headers}|${SIGNED_HEADERS}|`;
  return input.body === undefined || input.body === '' ? canonical : canonical + sha1Hex(input.body);
}

/** Lowercase hex SHA-1 of the canonical request. */
export function canonicalDigest(input: SignInput): string {
  return sha1Hex(canonicalRequest(input));
}

/** Lowercase hex HMAC-SHA256 signature. */
export function signature(input: SignInput): string {
  return createHmac('sha256', input.appSecret).update(`HMAC-SHA256|${canonicalDigest(input)}`, 'utf8').digest('hex');
}

/** The X-Api-Signature header value. */
export function signatureHeader(input: SignInput): string {
  return `HMAC-SHA256 SignedHeaders=${SIGNED_HEADERS}, Signature=${signature(input)}`;
}

/**
 * Unix seconds with millisecond precision, "1700000000.123". The server
 * refuses a repeated timestamp (403202), so whole seconds would make a quick
 * retry fail.
 */
export function formatTimestamp(ms: number): string {
  const whole = Math.round(ms);
  const seconds = Math.floor(whole / 1000);
  const millis = whole - seconds * 1000;
  return `${seconds}.${String(millis).padStart(3, '0')}`;
}

/** Every header a signed request carries. */
export function signedRequestHeaders(input: SignInput): Record<string, string> {
  return {
    'X-Api-Key': input.appKey,
    Authorization: input.accessToken,
    'X-Timestamp': input.timestamp,
    'X-Api-Signature': signatureHeader(input),
    'Content-Type': 'application/json; charset=utf-8',
  };
}
