// Longport/Longbridge error codes → errors that say what to do. The provider's
// code is kept in `code` so scripts can match on it.
import { BalanceError, type ErrorKind } from '../../base/errors.js';
import { isRetryableStatus } from '../../net/retry.js';
import { notFoundError } from '../../net/response.js';
import { serverText } from '../../base/text.js';
import type { Brand } from './brand.js';

interface KnownCode {
  readonly kind: ErrorKind;
  /** Completes "<Title> …", e.g. "rejected the signature". */
  readonly what: string;
  readonly hint: string;
  readonly retryable?: boolean;
  /** Append the server's own message: it carries the detail. */
  readonly withServerMessage?: boolean;
}

/** The code of a rejected signature, which a wrong clock also causes. */
export const SIGNATURE_REJECTED = '403201';

const KNOWN_CODES: Readonly<Record<string, KnownCode>> = {
  [SIGNATURE_REJECTED]: { kind: 'auth', what: 'rejected the signature', hint: 'Check the app secret; check the system clock.' },
  '403202': {
    kind: 'provider',
    what: 'refused a duplicate request (timestamp reused)',
    hint: 'Retry; every attempt is signed with a new timestamp.',
    retryable: true,
  },
  '403203': { kind: 'auth', what: 'does not accept this app key', hint: 'Check the app key.' },
  '403205': { kind: 'auth', what: 'refused requests from this IP address', hint: "Add this IP to the key's allow list." },
  '401003': { kind: 'auth', what: 'says the access token has expired', hint: 'An expired token cannot be renewed: issue a new one in the developer portal.' },
  '401004': { kind: 'auth', what: 'rejected the access token', hint: 'Re-issue the access token.' },
  '429001': { kind: 'provider', what: 'rate-limited this IP address', hint: 'Wait a few seconds and retry.', retryable: true },
  '429002': { kind: 'provider', what: 'rate-limited this API', hint: 'Wait a few seconds and retry.', retryable: true },
  '500000': { kind: 'provider', what: 'had an internal error', hint: 'Retry later.', retryable: true },
  '1470400': {
    kind: 'provider',
    what: 'rejected the request as malformed',
    hint: 'Check the options given (for example --currency).',
    withServerMessage: true,
  },
  '1470403': {
    kind: 'auth',
    what: 'forbade the request',
    hint: 'Check that the key has permission to view assets.',
    withServerMessage: true,
  },
};

/** An error answer: a non-zero `code`, or an HTTP status of 400 or more. */
export function apiError(brand: Brand, status: number, code: string | null, message: string | null): BalanceError {
  const known = code === null ? undefined : KNOWN_CODES[code];
  const detail = message === null ? '' : `: ${serverText(message, 200)}`;
  const options = {
    provider: brand.name,
    status,
    ...(code === null ? {} : { code }),
  };
  if (known !== undefined) {
    return new BalanceError(known.kind, `${brand.title} ${known.what} (${code})${known.withServerMessage ? detail : ''}.`, {
      ...options,
      hint: known.hint,
      retryable: known.retryable ?? false,
    });
  }
  if (code === null && status === 401) {
    return new BalanceError('auth', `${brand.title} refused the credentials (HTTP 401)${detail}.`, {
      ...options,
      hint: 'Check the app key, the app secret and the access token.',
    });
  }
  if (code === null && status === 404) return notFoundError(brand.title, brand.name);
  const retryable = isRetryableStatus(status);
  const what = code === null ? `answered HTTP ${status}` : `answered with error ${code} (HTTP ${status})`;
  return new BalanceError('provider', `${brand.title} ${what}${detail}.`, {
    ...options,
    retryable,
    hint: retryable ? 'Retry later.' : 'Check the base URL and the options given; run with --debug for details.',
  });
}
