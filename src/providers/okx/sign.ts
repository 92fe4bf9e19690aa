// OKX API v5 request signing.
//
//   prehash        = timestamp + METHOD + requestPath (query included, exactly as sent) + body
//   OK-ACCESS-SIGN = base64(HMAC-SHA256(key = API secret, message = prehash))
//
// The timestamp is ISO 8601 UTC with milliseconds ("2020-12-08T09:08:57.715Z"),
// which is what Date.prototype.toISOString() gives. The server refuses one more
// than 30 s away from its clock (50102).
import { createHmac } from 'node:crypto';

export interface OkxSignInput {
  /** ISO 8601 timestamp, the OK-ACCESS-TIMESTAMP header text. */
  readonly timestamp: string;
  readonly method: string;
  /** Path as the server sees it, with "?query" exactly as sent. */
  readonly requestPath: string;
  /** Request body; "" for GET. */
  readonly body?: string | undefined;
}

export interface OkxKey {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly passphrase: string;
}

/** The signed message. Holds nothing secret, but is still not worth printing. */
export function prehash(input: OkxSignInput): string {
  return `${input.timestamp}${input.method.toUpperCase()}${input.requestPath}${input.body ?? ''}`;
}

/** base64 of the raw 32-byte HMAC-SHA256 digest (not of its hex form). */
export function sign(secret: string, input: OkxSignInput): string {
  return createHmac('sha256', secret).update(prehash(input), 'utf8').digest('base64');
}

/** OK-ACCESS-TIMESTAMP text for a time in ms. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** Every authentication header of a private request. */
export function signedHeaders(key: OkxKey, input: OkxSignInput): Record<string, string> {
  return {
    'OK-ACCESS-KEY': key.apiKey,
    'OK-ACCESS-SIGN': sign(key.apiSecret, input),
    'OK-ACCESS-TIMESTAMP': input.timestamp,
    'OK-ACCESS-PASSPHRASE': key.passphrase,
  };
}
